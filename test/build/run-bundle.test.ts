/**
 * A service entry point as `make build` writes it (scripts/lib/service-bundles.cjs): start.js runs
 * its bundle and the vendor bundle of npm packages (scripts/lib/run-bundle.cjs) with a V8 code
 * cache, as if node ran the bundle itself; the cache never outlives the bundle it was made for, and
 * stack frames map to the TypeScript. Built here from a small fixture, the same way as the services.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join, relative } from 'node:path';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../support/compiled';

jest.setTimeout(120_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildVendor, recordPackages, writeCodeCaches, writeEntryPoints } = require('../../scripts/lib/service-bundles.cjs') as {
  buildVendor(a: { esbuild: typeof esbuild; root: string; out: string; specifiers: Set<string>; options: esbuild.BuildOptions; inputs: string[] }): Promise<{ files: string[]; built: boolean }>;
  recordPackages(specifiers: Set<string>): esbuild.Plugin;
  writeEntryPoints(a: { esbuild: typeof esbuild; root: string; bundles: string[]; vendor: string }): Promise<string[]>;
  writeCodeCaches(a: { root: string; entries: string[]; log?: (line: string) => void }): Promise<string[]>;
};

const ENTRY = `import { stringify } from 'qs';
import { tableFromArrays } from 'apache-arrow/Arrow.node';

export const VALUE = 'one';

if (require.main === module) {
  const rows = tableFromArrays({ a: Int32Array.from([1, 2, 3]) }).numRows;
  process.stdout.write(JSON.stringify({ value: VALUE, qs: stringify({ a: 1 }), arrow: rows, file: __filename }) + '\\n');
  if (process.argv[2] === 'throw') {
    throw new Error('boom');
  }
}
`;

const options: esbuild.BuildOptions = { absWorkingDir: REPO_ROOT, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', sourcesContent: true, logLevel: 'error', keepNames: true };

let dir = '';
let out = '';
const caches = () => readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.v8cache')).sort();
const run = (args: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['--enable-source-maps', join(out, 'app', 'entry.js'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env } });

/** Bundles the fixture as scripts/build.cjs bundles a service entry point, then writes its start file. */
async function buildFixture(): Promise<void> {
  const specifiers = new Set<string>();
  await esbuild.build({ ...options, entryPoints: [join(dir, 'app', 'entry.ts')], outdir: join(out, 'app'), entryNames: '[name].bundle', plugins: [recordPackages(specifiers)] });
  const vendor = await buildVendor({ esbuild, root: REPO_ROOT, out: relative(REPO_ROOT, out), specifiers, options: { ...options, sourcesContent: false }, inputs: ['package-lock.json'] });
  await writeEntryPoints({ esbuild, root: REPO_ROOT, bundles: [relative(REPO_ROOT, join(out, 'app', 'entry.bundle.js'))], vendor: vendor.files[0]! });
}

beforeAll(async () => {
  // Inside the checkout, so the vendor bundle finds node_modules as the build does.
  mkdirSync(join(REPO_ROOT, 'dist'), { recursive: true });
  dir = mkdtempSync(join(REPO_ROOT, 'dist', 'test-run-bundle-'));
  out = join(dir, 'out');
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, 'app', 'entry.ts'), ENTRY);
  await buildFixture();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a service entry point with its bundles', () => {
  test('When started, Then the bundle runs as the main module with its npm packages from the vendor bundle (a lazy one too), and the code caches are written', () => {
    expect(caches()).toEqual([]);
    const first = run();
    expect(first.stderr).toBe('');
    // apache-arrow: a module the vendor bundle loads on first use (service-bundles.cjs, LAZY_MODULES).
    expect(JSON.parse(first.stdout)).toEqual({ value: 'one', qs: 'a=1', arrow: 3, file: join(out, 'app', 'entry.js') });
    expect(caches()).toEqual([expect.stringMatching(/^app\/entry\.bundle\.js\.[0-9a-f]{16}\.v8cache$/), expect.stringMatching(/^services\/vendor\.bundle\.js\.[0-9a-f]{16}\.v8cache$/)]);
  });

  test('When started again, Then V8 takes the caches (they are not rewritten)', () => {
    const before = caches().map((f) => statSync(join(out, f)).mtimeMs);
    const second = run();
    expect(JSON.parse(second.stdout)).toMatchObject({ value: 'one' });
    expect(caches().map((f) => statSync(join(out, f)).mtimeMs)).toEqual(before);
  });

  test('When the bundle changes and keeps its length, Then the old cache is not used (V8 alone would accept it)', () => {
    const bundle = join(out, 'app', 'entry.bundle.js');
    const source = readFileSync(bundle, 'utf8');
    writeFileSync(bundle, source.replace('"one"', '"two"'));
    expect(statSync(bundle).size).toBe(Buffer.byteLength(source));
    expect(JSON.parse(run().stdout)).toMatchObject({ value: 'two' });
    expect(caches().filter((f) => f.startsWith('app/'))).toHaveLength(2);
  });

  test('When the build writes the bundles again, Then it removes their old caches', async () => {
    await buildFixture();
    expect(caches().filter((f) => f.startsWith('app/'))).toEqual([]);
    expect(JSON.parse(run().stdout)).toMatchObject({ value: 'one' });
  });

  test('When MARQUEE_COMPILE_CACHE=0, Then no cache is read or written', async () => {
    await buildFixture();
    expect(JSON.parse(run([], { MARQUEE_COMPILE_CACHE: '0' }).stdout)).toMatchObject({ value: 'one' });
    expect(caches().filter((f) => f.startsWith('app/'))).toEqual([]);
  });

  test('When the build writes the code caches, Then V8 accepts them, a start uses them and adds its own, and a rebuild removes them', async () => {
    await buildFixture();
    const entry = relative(REPO_ROOT, join(out, 'app', 'entry.js'));
    const logged: string[] = [];
    expect(await writeCodeCaches({ root: REPO_ROOT, entries: [entry], log: (l) => logged.push(l) })).toEqual([entry]);
    expect(logged).toEqual([]);
    // (The vendor bundle was not rebuilt, so the cache its earlier starts wrote stays beside these.)
    const built = caches().filter((f) => f.endsWith('.build.v8cache'));
    expect(built).toEqual([expect.stringMatching(/^app\/entry\.bundle\.js\.[0-9a-f]{16}\.build\.v8cache$/), expect.stringMatching(/^services\/vendor\.bundle\.js\.[0-9a-f]{16}\.build\.v8cache$/)]);
    // Compiled as run-bundle.cjs compiles the bundle: V8 takes the build's cache for this Node.
    const bundle = join(out, 'app', 'entry.bundle.js');
    const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: readFileSync(join(out, built[0]!)) });
    expect(script.cachedDataRejected).toBe(false);
    // A start takes the build's cache and, the folder being writable, writes its own beside it.
    expect(JSON.parse(run().stdout)).toMatchObject({ value: 'one' });
    expect(caches().filter((f) => f.startsWith('app/'))).toEqual([built[0], built[0]!.replace('.build.v8cache', '.v8cache')]);
    await buildFixture();
    expect(caches().filter((f) => f.startsWith('app/'))).toEqual([]);
  });

  test('When it throws under --enable-source-maps, Then the stack names the TypeScript file and line', () => {
    const failed = run(['throw']);
    expect(failed.status).toBe(1);
    const line = ENTRY.split('\n').findIndex((l) => l.includes("throw new Error('boom')")) + 1;
    expect(failed.stderr).toContain('Error: boom');
    expect(failed.stderr).toContain(`${join(dir, 'app', 'entry.ts')}:${line}:`);
    // Every frame in the bundle is mapped (node's own header above the stack still quotes the bundle's line).
    expect(failed.stderr.split('\n').filter((l) => l.startsWith('    at ') && l.includes('entry.bundle.js'))).toEqual([]);
  });
});
