/**
 * CHANGELOG.md of a published SDK: one entry per released version of the contract (the git tags
 * `<service>@X.Y.Z`, oldest first, each diffed against the one before by the diff engine), plus
 * the current spec version when it is not tagged yet. Newest entry first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleSpec, type JsonObject } from '@marquee/openapi';
import { BaseTrees, changelogHeader, diffSpecs, renderChangelogEntry, serviceTags, specVersion, tryGit } from '@marquee/diff';

export interface ChangelogOptions {
  root: string;
  service: string;
  /** The bundled spec being packaged (its info.version is the package version). */
  current: JsonObject;
  today: string;
}

export function sdkChangelog({ root, service, current, today }: ChangelogOptions): string {
  const trees = new BaseTrees(root);
  try {
    const releases = serviceTags(root, service)
      .reverse()
      .map(({ tag }) => {
        const path = join(trees.specsDir(tag), service, 'openapi.yaml');
        const date = tryGit(root, ['log', '-1', '--format=%cs', tag]) ?? today;
        return existsSync(path) ? { version: tag.slice(service.length + 1), date, doc: bundleSpec(path).document } : undefined;
      })
      .filter((r) => r !== undefined);
    const version = specVersion(current);
    if (!releases.some((r) => r.version === version)) {
      releases.push({ version, date: today, doc: current });
    }
    const entries = releases.map((r, i) =>
      renderChangelogEntry({ version: r.version, date: r.date, changes: i === 0 ? [] : diffSpecs(releases[i - 1]!.doc, r.doc, { today }), initial: i === 0 }),
    );
    const info = current.info as { title?: string } | undefined;
    const header = changelogHeader(info?.title ?? service).replace('Entries are written by `codegen/src/release.ts`.', 'Entries come from the diff engine, release tag by release tag.');
    return `${header}\n${entries.reverse().join('\n')}`;
  } finally {
    trees.dispose();
  }
}
