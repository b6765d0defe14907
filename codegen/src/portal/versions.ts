/**
 * Every version of every contract the portal shows: each release (git tag `<service>@X.Y.Z`,
 * the spec as it was at that tag, bundled there so relative `$ref`s resolve as they did) and
 * the working copy (`current`). Oldest release first, `current` last.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleSpec, isObject, type JsonObject } from '@marquee/openapi';
import type { ServiceEntry } from '../deploy/registry';
import { BaseTrees, formatVersion, serviceTags, tryGit } from '@marquee/diff';

export interface ContractVersion {
  /** `1.2.0` for a release, `current` for the working copy. */
  id: string;
  /** The tag, for releases. */
  tag?: string;
  /** The spec's own `info.version`. */
  infoVersion: string;
  /** YYYY-MM-DD of the tagged commit (releases only). */
  date?: string;
  document: JsonObject;
}

export interface ServiceVersions {
  service: ServiceEntry;
  title: string;
  versions: ContractVersion[];
}

function infoVersion(document: JsonObject): string {
  return isObject(document.info) && typeof document.info.version === 'string' ? document.info.version : '0.0.0';
}

export function titleOf(document: JsonObject, fallback: string): string {
  return isObject(document.info) && typeof document.info.title === 'string' ? document.info.title : fallback;
}

export function collectVersions(root: string, services: readonly ServiceEntry[]): ServiceVersions[] {
  const trees = new BaseTrees(root);
  try {
    return services.map((service) => {
      const releases = serviceTags(root, service.name)
        .reverse()
        .flatMap((t): ContractVersion[] => {
          const file = join(dirname(trees.specsDir(t.tag)), service.spec);
          if (!existsSync(file)) {
            return [];
          }
          const document = bundleSpec(file).document;
          const date = tryGit(root, ['log', '-1', '--format=%cs', t.tag]);
          const id = formatVersion(t.version);
          return [{ id, tag: t.tag, infoVersion: infoVersion(document), ...(date ? { date } : {}), document }];
        });
      const document = bundleSpec(join(root, service.spec)).document;
      const current: ContractVersion = { id: 'current', infoVersion: infoVersion(document), document };
      return { service, title: titleOf(document, service.name), versions: [...releases, current] };
    });
  } finally {
    trees.dispose();
  }
}

/** The commit the working copy is at, for the portal's footer. */
export function headCommit(root: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
