/**
 * One service's contract, base against working tree: choose the base (latest release tag,
 * --base, or the merge-base with main), bundle both specs and diff them. Shared by the
 * breaking-change check and the release command.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleSpec, isObject, type JsonObject } from '@marquee/openapi';
import { diffSpecs } from './diff-specs';
import { resolveCommit, serviceTags, tryGit, type BaseTrees } from './git';
import type { Change, DiffOptions } from './types';

/** Where the base came from: a release tag, --base, `git merge-base HEAD main`, or HEAD. */
export type BaseSource = 'tag' | 'option' | 'merge-base' | 'head';

export interface BaseRef {
  /** A ref git understands, or undefined when the repository has no commit to compare with. */
  ref?: string;
  source: BaseSource;
  /** Human-readable: `catalog@1.2.0`, `merge-base with main (3f2c1ab)`. */
  label: string;
}

export interface ServiceComparison {
  service: string;
  base: BaseRef;
  status: 'compared' | 'new-service';
  baseVersion?: string;
  revisionVersion: string;
  changes: Change[];
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Every specs/<name>/ holding an openapi.yaml, except the shared `common`. */
export function listServices(specsDir: string): string[] {
  if (!existsSync(specsDir)) {
    return [];
  }
  return readdirSync(specsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'common' && existsSync(join(specsDir, d.name, 'openapi.yaml')))
    .map((d) => d.name)
    .sort();
}

/**
 * --base wins over the latest `<service>@X.Y.Z` tag, which wins over `git merge-base HEAD
 * main`; HEAD is the fallback when there is no main branch to meet.
 */
export function resolveBase(args: { root: string; service: string; base?: string | undefined }): BaseRef {
  const { root, service, base } = args;
  if (base !== undefined) {
    if (!resolveCommit(root, base)) {
      throw new UsageError(`--base '${base}' is not a commit, branch or tag in this repository`);
    }
    return { ref: base, source: 'option', label: base };
  }
  const latest = serviceTags(root, service)[0];
  if (latest) {
    return { ref: latest.tag, source: 'tag', label: latest.tag };
  }
  const mergeBase = tryGit(root, ['merge-base', 'HEAD', 'main']);
  if (mergeBase) {
    return { ref: mergeBase, source: 'merge-base', label: `merge-base with main (${mergeBase.slice(0, 7)})` };
  }
  if (resolveCommit(root, 'HEAD')) {
    return { ref: 'HEAD', source: 'head', label: 'HEAD' };
  }
  return { source: 'head', label: 'no commits yet' };
}

export function specVersion(document: JsonObject): string {
  const info = isObject(document.info) ? document.info : {};
  return typeof info.version === 'string' ? info.version : String(info.version ?? '');
}

export function compareService(args: {
  root: string;
  service: string;
  base: BaseRef;
  trees: BaseTrees;
  today?: string;
  severity?: DiffOptions['severity'];
}): ServiceComparison {
  const { root, service, base, trees } = args;
  const revision = bundleSpec(join(root, 'specs', service, 'openapi.yaml')).document;
  const revisionVersion = specVersion(revision);
  const basePath = base.ref === undefined ? undefined : join(trees.specsDir(base.ref), service, 'openapi.yaml');
  if (basePath === undefined || !existsSync(basePath)) {
    return { service, base, status: 'new-service', revisionVersion, changes: [] };
  }
  const baseDoc = bundleSpec(basePath).document;
  const options: DiffOptions = { ...(args.today !== undefined ? { today: args.today } : {}), ...(args.severity ? { severity: args.severity } : {}) };
  const changes = diffSpecs(baseDoc, revision, options);
  return { service, base, status: 'compared', baseVersion: specVersion(baseDoc), revisionVersion, changes };
}
