/**
 * Releasing a service contract: classify the changes since the last `<service>@X.Y.Z` tag (or
 * --base), propose the next version, then (unless dry-run) write it into the spec, prepend a
 * CHANGELOG entry, commit both as `release: <service>@<version>` and tag that commit.
 */
import { projectSeverityOverrides } from './diff-config';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleSpec, isObject } from '@marquee/openapi';
import { prependChangelog, renderChangelogEntry } from './changelog';
import { compareService, listServices, resolveBase, specVersion, UsageError, type BaseRef } from './compare-service';
import { BaseTrees, dirtyPaths, git, resolveCommit, serviceTags } from './git';
import { setInfoVersion } from './spec-version';
import type { Change } from './types';
import { bumpVersion, compareVersions, formatVersion, parseVersion, requiredBump, type Bump } from './version';

export interface ReleasePlan {
  service: string;
  /** Undefined for a first release (no tag and no --base). */
  base?: BaseRef;
  previousVersion?: string;
  /** The spec's info.version in the working tree. */
  currentVersion: string;
  version: string;
  bump: Bump | 'initial';
  changes: Change[];
  tag: string;
  tagExists: boolean;
  date: string;
  entry: string;
  specPath: string;
  changelogPath: string;
}

export class ReleaseRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseRefused';
  }
}

export function planRelease(args: { root: string; service: string; base?: string | undefined; today?: string }): ReleasePlan {
  const { root, service } = args;
  if (!listServices(join(root, 'specs')).includes(service)) {
    throw new UsageError(`unknown service '${service}' (no specs/${service}/openapi.yaml)`);
  }
  const date = args.today ?? new Date().toISOString().slice(0, 10);
  const specPath = join(root, 'specs', service, 'openapi.yaml');
  const paths = { specPath, changelogPath: join(root, 'specs', service, 'CHANGELOG.md') };
  const currentVersion = specVersion(bundleSpec(specPath).document);
  const hasBase = args.base !== undefined || serviceTags(root, service).length > 0;
  const trees = new BaseTrees(root);
  try {
    const base = hasBase ? resolveBase({ root, service, base: args.base }) : undefined;
    const comparison = base ? compareService({ root, service, base, trees, severity: projectSeverityOverrides(root), ...(args.today ? { today: args.today } : {}) }) : undefined;
    if (!base || !comparison || comparison.status === 'new-service') {
      const version = requireVersion(currentVersion, 'info.version');
      return finish({ root, service, date, currentVersion, version, bump: 'initial', changes: [], ...paths });
    }
    const previousVersion = base.source === 'tag' ? base.ref!.slice(service.length + 1) : (comparison.baseVersion ?? '');
    const previous = parseVersion(requireVersion(previousVersion, `the base's info.version`))!;
    const bump = requiredBump(comparison.changes);
    const proposed = bumpVersion(previous, bump);
    const current = parseVersion(currentVersion);
    // An author who already bumped further (say, to 3.0.0) keeps that version.
    const version = formatVersion(current && compareVersions(current, proposed) > 0 ? current : proposed);
    return finish({ root, service, date, currentVersion, version, bump, changes: comparison.changes, base, previousVersion, ...paths });
  } finally {
    trees.dispose();
  }
}

function requireVersion(version: string, what: string): string {
  if (!parseVersion(version)) {
    throw new ReleaseRefused(`${what} '${version}' is not a semantic version (MAJOR.MINOR.PATCH)`);
  }
  return version;
}

function finish(plan: Omit<ReleasePlan, 'tag' | 'tagExists' | 'entry'> & { root: string }): ReleasePlan {
  const { root, ...rest } = plan;
  const tag = `${plan.service}@${plan.version}`;
  const entry = renderChangelogEntry({ version: plan.version, date: plan.date, changes: plan.changes, initial: plan.bump === 'initial' });
  return { ...rest, tag, tagExists: resolveCommit(root, `refs/tags/${tag}`) !== undefined, entry };
}

/**
 * Writes the version and the CHANGELOG entry, commits exactly those two files and tags the
 * commit. Refuses when specs/ has uncommitted changes: the release must describe committed specs.
 */
export function applyRelease(root: string, plan: ReleasePlan): { commit: string } {
  const dirty = dirtyPaths(root, 'specs');
  if (dirty.length > 0) {
    throw new ReleaseRefused(`specs/ has uncommitted changes; commit or stash them first:\n  ${dirty.join('\n  ')}`);
  }
  if (plan.tagExists) {
    throw new ReleaseRefused(`tag ${plan.tag} already exists`);
  }
  const specText = readFileSync(plan.specPath, 'utf8');
  if (plan.currentVersion !== plan.version) {
    writeFileSync(plan.specPath, setInfoVersion(specText, plan.version));
  }
  const existing = existsSync(plan.changelogPath) ? readFileSync(plan.changelogPath, 'utf8') : undefined;
  writeFileSync(plan.changelogPath, prependChangelog(existing, plan.entry, titleOf(plan.specPath, plan.service)));
  const files = [plan.specPath, plan.changelogPath];
  const message = `release: ${plan.tag}`;
  git(root, ['add', '--', ...files]);
  git(root, ['commit', '--quiet', '-m', message, '--', ...files]);
  git(root, ['tag', '-a', plan.tag, '-m', message]);
  return { commit: git(root, ['rev-parse', 'HEAD']) };
}

function titleOf(specPath: string, service: string): string {
  const info = bundleSpec(specPath).document.info;
  return isObject(info) && typeof info.title === 'string' ? info.title : service;
}
