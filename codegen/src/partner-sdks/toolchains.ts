/**
 * The language toolchains' dependencies, pinned and cached under .marquee/cache so a second run
 * needs no network: a Python venv from smoke/python/requirements.txt, Go's module cache (go.sum
 * pins), and Maven's local repository (versions pinned in the poms).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './generator';
import { CONFIG_DIR, cacheDirs } from './paths';

const REQUIREMENTS = join(CONFIG_DIR, 'smoke/python/requirements.txt');

export function venvBin(tool: string): string {
  return join(cacheDirs().venv, 'bin', tool);
}

/** Creates the venv, or rebuilds it when requirements.txt changed since it was made. */
export function ensureVenv(): void {
  const { venv } = cacheDirs();
  const stamp = join(venv, '.requirements.sha256');
  const want = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) {
    return;
  }
  process.stdout.write(`sdk: python venv at ${venv} (pinned requirements from PyPI)\n`);
  rmSync(venv, { recursive: true, force: true });
  run('python3', ['-m', 'venv', venv], { hint: 'Python 3.10+ with the venv module is needed (Debian: apt-get install -y python3-venv).' });
  run(venvBin('pip'), ['install', '-q', '--disable-pip-version-check', '-r', REQUIREMENTS], {
    hint: `pip could not install ${REQUIREMENTS}; is PyPI reachable?`,
  });
  writeFileSync(stamp, want);
}

/** Go's environment: never fetch a toolchain, resolve modules through the proxy into Go's own cache. */
export function goEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod -buildvcs=false' };
}
