/**
 * The little git the contract checks need: service release tags, a comparison base, and the
 * base revision's specs/ written to a temp dir (`git archive | tar -x`) so that relative
 * cross-file `$ref`s resolve there exactly as they did at that commit.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVersions, parseVersion, type SemVer } from './version';

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: string[],
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** Runs git and returns its stdout without trailing whitespace; throws GitError with git's own message. */
export function git(cwd: string, args: string[], options: { input?: Buffer | string } = {}): string {
  return gitBuffer(cwd, args, options).toString('utf8').trimEnd();
}

function gitBuffer(cwd: string, args: string[], options: { input?: Buffer | string } = {}): Buffer {
  try {
    return execFileSync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'], ...options });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString('utf8').trim();
    throw new GitError(`git ${args.join(' ')}: ${stderr || (err as Error).message}`, args);
  }
}

export function tryGit(cwd: string, args: string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch {
    return undefined;
  }
}

export function repoRoot(cwd: string): string {
  return git(cwd, ['rev-parse', '--show-toplevel']);
}

/** The commit a ref names, or undefined when it names none. */
export function resolveCommit(root: string, ref: string): string | undefined {
  return tryGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
}

export interface ServiceTag {
  tag: string;
  version: SemVer;
}

/** `<service>@X.Y.Z` tags, newest (highest semver) first. */
export function serviceTags(root: string, service: string): ServiceTag[] {
  const prefix = `${service}@`;
  return (tryGit(root, ['tag', '--list', `${prefix}*`]) ?? '')
    .split('\n')
    .filter((t) => t.startsWith(prefix))
    .map((tag) => ({ tag, version: parseVersion(tag.slice(prefix.length)) }))
    .filter((t): t is ServiceTag => t.version !== undefined)
    .sort((a, b) => compareVersions(b.version, a.version));
}

/** Paths under `pathspec` with uncommitted changes (staged, unstaged or untracked). */
export function dirtyPaths(root: string, pathspec: string): string[] {
  return git(root, ['status', '--porcelain', '--untracked-files=all', '--', pathspec])
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));
}

/**
 * Base trees written once per ref and removed by `dispose()`. A ref whose tree has no specs/
 * gives an empty directory (every service is then new).
 */
export class BaseTrees {
  private readonly dirs = new Map<string, string>();

  constructor(private readonly root: string) {}

  specsDir(ref: string): string {
    let dir = this.dirs.get(ref);
    if (!dir) {
      dir = mkdtempSync(join(tmpdir(), 'marquee-base-'));
      this.dirs.set(ref, dir);
      extractSpecs(this.root, ref, dir);
    }
    return join(dir, 'specs');
  }

  dispose(): void {
    for (const dir of this.dirs.values()) {
      rmSync(dir, { recursive: true, force: true });
    }
    this.dirs.clear();
  }
}

function extractSpecs(root: string, ref: string, dir: string): void {
  const hasSpecs = tryGit(root, ['ls-tree', '-d', '--name-only', ref, 'specs']) === 'specs';
  if (!hasSpecs) {
    return;
  }
  const archive = gitBuffer(root, ['archive', '--format=tar', ref, 'specs']);
  execFileSync('tar', ['-x', '-C', dir], { input: archive, stdio: ['pipe', 'ignore', 'pipe'] });
}
