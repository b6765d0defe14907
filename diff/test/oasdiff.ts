/**
 * oasdiff on the corpus pairs: builds the pinned version from the Go module proxy once (cached in
 * $MARQUEE_HOME/cache/go-bin, as bench/oasdiff-bench.ts does), runs `oasdiff changelog` on a
 * case's base and revision, and records what it says into the case file (`oasdiff:` line).
 *
 *   npx tsx diff/test/oasdiff.ts --record [name-filter]   (rewrite the cases' oasdiff: lines)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import snapshot from '../src/oasdiff-checks.json';
import { CASES_DIR, loadCases, type DiffCase } from './helpers';

const LEVELS: Record<number, string> = { 1: 'info', 2: 'warn', 3: 'error' };
/** Checks about the document's version field, not about the API. */
const IGNORED = new Set(['api-version-not-bumped']);

export function oasdiffBinary(): string {
  const home = process.env.MARQUEE_HOME ?? resolve(__dirname, '../../.marquee');
  const gobin = join(home, 'cache', 'go-bin');
  const binary = join(gobin, 'oasdiff');
  const stamp = join(gobin, 'oasdiff.version');
  if (!existsSync(binary) || !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== snapshot.module) {
    mkdirSync(gobin, { recursive: true });
    process.stderr.write(`oasdiff: go install ${snapshot.module} (a few minutes the first time; needs Go, see scripts/partner-sdk-toolchains.sh)\n`);
    execFileSync('go', ['install', snapshot.module], { env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' }, stdio: ['ignore', 'inherit', 'inherit'] });
    writeFileSync(stamp, `${snapshot.module}\n`);
  }
  return binary;
}

/** oasdiff's findings on a case, as sorted `id (level)` strings. */
export function runOasdiff(binary: string, c: DiffCase): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'oasdiff-case-'));
  try {
    writeFileSync(join(dir, 'base.json'), JSON.stringify(c.base));
    writeFileSync(join(dir, 'revision.json'), JSON.stringify(c.revision));
    const r = spawnSync(binary, ['changelog', join(dir, 'base.json'), join(dir, 'revision.json'), '--format', 'json'], { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`oasdiff failed on ${c.file} (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
    }
    const found = JSON.parse(r.stdout || '[]') as { id: string; level: number }[];
    return found
      .filter((x) => !IGNORED.has(x.id))
      .map((x) => `${x.id} (${LEVELS[x.level] ?? x.level})`)
      .sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `oasdiff: [...]` as the case file's oasdiff line (replacing an existing one). */
function record(c: DiffCase, found: string[]): void {
  const path = join(CASES_DIR, c.file);
  const text = readFileSync(path, 'utf8').replace(/\noasdiff: .*\n?/, '\n');
  writeFileSync(path, `${text.trimEnd()}\noasdiff: [${found.join(', ')}]\n`);
}

if (require.main === module && process.argv.includes('--record')) {
  const filter = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const binary = oasdiffBinary();
  for (const c of loadCases().filter((x) => !filter || x.file.includes(filter))) {
    const found = runOasdiff(binary, c);
    record(c, found);
    process.stderr.write(`${c.file}: ${found.join(', ') || 'nothing'}\n`);
  }
}
