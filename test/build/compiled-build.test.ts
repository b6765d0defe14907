/**
 * The compiled build (`make build`, scripts/build.cjs): incremental, a bundle per entry point
 * that runs under plain node with source maps, and compiled commands that behave exactly like
 * their TypeScript sources under tsx. Services run compiled here as in production.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, compiledEntry, nodeArgs } from '../support/compiled';
import { testEnv } from '../support/databases';
import { freePort } from '../../scripts/lib/ports';

jest.setTimeout(180_000);

const build = (...args: string[]) => execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.cjs'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (statSync(join(dir, rel)).isFile()) out.set(rel, readFileSync(join(dir, rel), 'utf8'));
  }
  return out;
}

describe('make build', () => {
  beforeAll(() => {
    compiledEntry('services/catalog/src/start.ts');
  });

  test('a second build with nothing changed does no work; a changed source rebuilds only its group', () => {
    // Into a scratch folder: other test files may be running dist/build's bundles meanwhile.
    const out = mkdtempSync(join(REPO_ROOT, 'dist', 'test-build-'));
    try {
      const first = build('--out', out);
      expect(first).toMatch(/^build: services: \d+ entry points, \d+ sources -> dist\/test-build-\w+ \(\d+ KiB JS\) in \d+ms$/m);
      expect(first).toMatch(/^build: codegen: \d+ entry points/m);
      expect(build('--out', out)).toBe('build: services: up to date\nbuild: codegen: up to date\nbuild: edge: up to date\n');
      // A service source changes (its mtime is all the stamp compares with its size): only the services rebuild.
      const source = join(REPO_ROOT, 'services', 'catalog', 'src', 'config.ts');
      const { atime, mtime } = statSync(source);
      utimesSync(source, atime, new Date(mtime.getTime() + 1000));
      try {
        const again = build('--out', out);
        expect(again).toMatch(/^build: services: \d+ entry points/m);
        expect(again).toMatch(/^build: codegen: up to date$/m);
      } finally {
        utimesSync(source, atime, mtime);
      }
      // Make's view: the generator's stamp depends on every generator source.
      expect(readFileSync(join(out, 'codegen.d'), 'utf8')).toMatch(/^dist\/test-build-\w+\/codegen\.stamp: .*codegen\/src\/cli\.ts .*runtime\/spec-literals\.ts/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('every service, worker and command has a bundle with a source map that embeds its TypeScript', () => {
    const listed = build('--list').trim().split('\n').map((l) => l.split('\t') as [string, string]);
    const entries = listed.map(([, entry]) => entry);
    expect(entries).toEqual(expect.arrayContaining(['services/catalog/src/start.ts', 'services/audience/src/indexer/start-indexer.ts', 'services/identity/src/db-cli.ts', 'codegen/src/cli.ts', 'codegen/src/portal/serve.ts']));
    for (const [group, entry] of listed) {
      // A service's entry point runs its bundle (start.bundle.js) and the vendor bundle of npm packages.
      const js = group === 'services' ? compiledEntry(entry).replace(/\.js$/, '.bundle.js') : compiledEntry(entry);
      expect(readFileSync(js, 'utf8')).toMatch(/\/\/# sourceMappingURL=[\w.-]+\.js\.map\n$/);
      const map = JSON.parse(readFileSync(`${js}.map`, 'utf8')) as { sources: string[]; sourcesContent: string[] };
      const own = map.sources.findIndex((s) => s.endsWith(entry));
      expect(own).toBeGreaterThanOrEqual(0);
      expect(map.sourcesContent[own]).toBe(readFileSync(join(REPO_ROOT, entry), 'utf8'));
      // npm packages: in the vendor bundle for services, loaded from node_modules for the commands.
      expect(map.sources.some((s) => s.includes('node_modules/'))).toBe(false);
    }
  });

  test('the compiled generator writes exactly what the TypeScript generator writes, and runs no other command it bundles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marquee-compiled-'));
    try {
      const spec = join(REPO_ROOT, 'specs', 'catalog', 'openapi.yaml');
      const compiled = spawnSync(process.execPath, [...nodeArgs('codegen/src/cli.ts'), '--spec', spec, '--name', 'catalog', '--out', join(dir, 'compiled')], { cwd: REPO_ROOT, encoding: 'utf8' });
      const source = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'codegen/src/cli.ts', '--spec', spec, '--name', 'catalog', '--out', join(dir, 'tsx')], { cwd: REPO_ROOT, encoding: 'utf8' });
      // The same output as the TypeScript generator: nothing on stderr for our specs (their response links are kept, not warned about).
      expect(compiled.stderr).toBe(source.stderr);
      expect(source.stderr).toBe('');
      expect(compiled.stderr).not.toMatch(/error|\n\s+at /i);
      expect(compiled.status).toBe(0);
      expect(source.status).toBe(0);
      // versioned-clients.ts is bundled into the generator; its own `main` prints "clients: ...".
      expect(compiled.stdout).toMatch(/^catalog: \d+ operations -> /);
      expect(compiled.stdout).not.toMatch(/clients:/);
      const a = files(join(dir, 'compiled'));
      const b = files(join(dir, 'tsx'));
      expect([...a.keys()]).toEqual(expect.arrayContaining(['types.gen.ts', 'server.gen.ts', 'client.gen.ts', 'openapi.json', 'docs/index.html']));
      expect(a).toEqual(b);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compiled catalog under node', () => {
  let child: ChildProcess | undefined;
  let url = '';
  let output = '';

  /** Starts it; a start that fails only because the loaded shared MariaDB was slow to answer is tried again (at most 3 times). */
  async function start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      output = '';
      const proc = spawn(process.execPath, nodeArgs('services/catalog/src/start.ts'), { cwd: REPO_ROOT, env: { ...process.env, ...testEnv('catalog', { PORT: String(port), LOG_LEVEL: 'info', NODE_ENV: 'production' }) }, stdio: ['ignore', 'pipe', 'pipe'] });
      proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      const deadline = Date.now() + 60_000;
      let up = false;
      let exitCode: number | null | undefined;
      void exited.then((code) => (exitCode = code));
      while (!up && exitCode === undefined && Date.now() < deadline) {
        up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
        if (!up) await new Promise((r) => setTimeout(r, 50));
      }
      if (up) {
        child = proc;
        url = `http://127.0.0.1:${port}`;
        return;
      }
      proc.kill('SIGKILL');
      if (attempt >= 3 || !/ETIMEDOUT/.test(output)) {
        throw new Error(`compiled catalog did not answer /healthz (exit ${String(exitCode)}):\n${output}`);
      }
    }
  }

  beforeAll(start);

  afterAll(() => {
    child?.kill('SIGKILL');
  });

  test('answers health, readiness and a secured operation with the documented problem', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const films = await fetch(`${url}/films`);
    expect(films.status).toBe(401);
    expect(films.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(films.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(output).toMatch(/"msg":"catalog listening"/);
  });

  test('drains and exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  });
});
