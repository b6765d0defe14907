/**
 * Tests that start service processes run the compiled build, as production does: the first
 * call brings dist/build up to date (scripts/build.cjs, a no-op when nothing changed; `make
 * test` has built it already) and every call maps a source entry point to its bundle.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
let built = false;

/** `services/enricher/src/start.ts` -> absolute path of dist/build/services/enricher/src/start.js (built if needed). */
export function compiledEntry(source: string): string {
  if (!built) {
    execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.cjs')], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
    built = true;
  }
  const out = join(REPO_ROOT, 'dist', 'build', source.replace(/\.ts$/, '.js'));
  if (!existsSync(out)) {
    throw new Error(`${out} was not built: is ${source} an entry point of scripts/build.cjs (node scripts/build.cjs --list)?`);
  }
  return out;
}

/** The node arguments production uses for a compiled entry point. */
export function nodeArgs(source: string): string[] {
  return ['--enable-source-maps', compiledEntry(source)];
}
