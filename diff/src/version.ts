/**
 * Semantic versions of a service contract (`info.version`) and what a set of changes demands
 * of them. Below 1.0.0 every position shifts one to the right, as Cargo and npm's caret ranges
 * treat 0.x: 0.MINOR is the breaking position and PATCH carries additions, so 0.3.1 → 0.4.0
 * counts as a major bump and 0.3.1 → 0.3.2 as a minor one.
 * @see https://semver.org/#spec-item-4
 */
import { needsMajor } from './severity';
import type { Change } from './types';

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

export type Bump = 'major' | 'minor' | 'patch';

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): SemVer | undefined {
  const m = SEMVER.exec(text.trim());
  if (!m) {
    return undefined;
  }
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ? m[4].split('.') : [] };
}

export function formatVersion(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : ''}`;
}

/** Semver precedence: negative when a < b. */
export function compareVersions(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) {
    return core;
  }
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return b.prerelease.length - a.prerelease.length;
  }
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined || y === undefined) {
      return x === undefined ? -1 : 1;
    }
    const order = comparePrereleaseId(x, y);
    if (order !== 0) {
      return order;
    }
  }
  return 0;
}

function comparePrereleaseId(x: string, y: string): number {
  const nx = /^\d+$/.test(x) ? Number(x) : undefined;
  const ny = /^\d+$/.test(y) ? Number(y) : undefined;
  if (nx !== undefined && ny !== undefined) {
    return nx - ny;
  }
  if (nx !== undefined || ny !== undefined) {
    return nx !== undefined ? -1 : 1;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The smallest bump the changes need: major for (source-)breaking, minor for other changes, else patch. */
export function requiredBump(changes: readonly Change[]): Bump {
  if (changes.some((c) => needsMajor(c.severity))) {
    return 'major';
  }
  return changes.some((c) => c.severity === 'non-breaking') ? 'minor' : 'patch';
}

/** The next version after `v` for a bump (shifted below 1.0.0; a pre-release is simply released). */
export function bumpVersion(v: SemVer, bump: Bump): SemVer {
  if (v.prerelease.length > 0) {
    // A pre-release promises nothing (semver item 9): releasing it satisfies any bump.
    return { ...v, prerelease: [] };
  }
  const effective = v.major === 0 ? (bump === 'major' ? 'minor' : 'patch') : bump;
  switch (effective) {
    case 'major':
      return { major: v.major + 1, minor: 0, patch: 0, prerelease: [] };
    case 'minor':
      return { major: v.major, minor: v.minor + 1, patch: 0, prerelease: [] };
    default:
      return { major: v.major, minor: v.minor, patch: v.patch + 1, prerelease: [] };
  }
}

/** Whether going from `base` to `revision` is at least the given bump. */
export function isBumpAtLeast(base: SemVer, revision: SemVer, bump: Bump): boolean {
  const core = { ...revision, prerelease: [] };
  return compareVersions(revision, base) > 0 && compareVersions(core, bumpVersion(base, bump)) >= 0;
}

export interface Judgement {
  verdict: 'pass' | 'fail';
  /** Why the check fails. */
  reasons: string[];
  warnings: string[];
  requiredBump: Bump;
}

/**
 * Fails on breaking changes without a major bump and on a version that went down; warns when
 * non-breaking changes come without at least a minor bump.
 */
export function judgeVersions(args: { base: string; revision: string; changes: readonly Change[] }): Judgement {
  const needed = requiredBump(args.changes);
  const reasons: string[] = [];
  const warnings: string[] = [];
  const base = parseVersion(args.base);
  const revision = parseVersion(args.revision);
  const breaking = args.changes.filter((c) => needsMajor(c.severity)).length;
  if (!base || !revision) {
    const bad = !revision ? args.revision : args.base;
    reasons.push(`info.version '${bad}' is not a semantic version (MAJOR.MINOR.PATCH)`);
    return { verdict: 'fail', reasons, warnings, requiredBump: needed };
  }
  const from = `${args.base} → ${args.revision}`;
  if (compareVersions(revision, base) < 0) {
    reasons.push(`info.version went down (${from})`);
  }
  if (breaking > 0 && !isBumpAtLeast(base, revision, 'major')) {
    reasons.push(`${breaking} breaking change(s) need a major version bump (info.version ${from}; expected at least ${formatVersion(bumpVersion(base, 'major'))})`);
  }
  if (needed === 'minor' && !isBumpAtLeast(base, revision, 'minor') && compareVersions(revision, base) >= 0) {
    warnings.push(`non-breaking changes usually come with a minor version bump (info.version ${from}; suggested ${formatVersion(bumpVersion(base, 'minor'))})`);
  }
  return { verdict: reasons.length > 0 ? 'fail' : 'pass', reasons, warnings, requiredBump: needed };
}
