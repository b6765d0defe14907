/**
 * Versioned internal clients, in a throwaway git repository: audience pins catalog 1.x; catalog
 * ships a breaking 2.0.0 (Film.title renamed to name); audience keeps compiling against the
 * 1.0.0 client until its registry entry is bumped to 2.x, after which tsc names the line to fix.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { checkRegistry, RegistryError } from '../src/deploy/registry';
import { bundleSpec } from '@marquee/openapi';
import { sdkChangelog } from '../src/sdk/changelog';
import { inRange } from '../src/versioned-clients';
import { parseVersion } from '@marquee/diff';

const BASE_OPTIONS = (JSON.parse(readFileSync(join(__dirname, '../../tsconfig.base.json'), 'utf8')) as { compilerOptions: { module: string; moduleResolution: string } }).compilerOptions;

const REPO = join(__dirname, '../..');
let dir: string;

const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', encoding: 'utf8' });

function registry(range: string): string {
  return stringify({
    engines: { mariadb: { image: 'mariadb:11.4', port: 3306 }, kafka: { image: 'apache/kafka:4.1.0', port: 9092 }, elasticsearch: { image: 'es:8.19.2', port: 9200 } },
    services: {
      catalog: { port: 4010, spec: 'specs/catalog/openapi.yaml', calls: [] },
      audience: { port: 4020, spec: 'specs/audience/openapi.yaml', calls: [{ service: 'catalog', version: range }] },
    },
  });
}

/** The generator runs as `make clients` does, in its own process (openapi-typescript is ESM-only). */
function generate(): { ok: boolean; stdout: string; stderr: string } {
  const tsx = join(REPO, 'node_modules/.bin/tsx');
  const run = spawnSync(tsx, [join(REPO, 'codegen/src/versioned-clients.ts'), '--root', dir], { encoding: 'utf8' });
  return { ok: run.status === 0, stdout: run.stdout, stderr: run.stderr };
}

function typecheck(): { ok: boolean; output: string } {
  const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, stdio: 'pipe', encoding: 'utf8' });
    return { ok: true, output: '' };
  } catch (err) {
    return { ok: false, output: String((err as { stdout?: string }).stdout ?? err) };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-pinned-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@marquee.invalid');
  git('config', 'user.name', 'test');
  cpSync(join(REPO, 'specs/common'), join(dir, 'specs/common'), { recursive: true });
  cpSync(join(REPO, 'specs/catalog'), join(dir, 'specs/catalog'), { recursive: true });
  mkdirSync(join(dir, 'services/audience/src'), { recursive: true });
  writeFileSync(join(dir, 'services/registry.yaml'), registry('1.x'));
  const spec = parse(readFileSync(join(dir, 'specs/catalog/openapi.yaml'), 'utf8')) as { info: { version: string }; components: { schemas: { Film: { required: string[]; properties: Record<string, unknown> } } } };
  spec.info.version = '1.0.0';
  writeFileSync(join(dir, 'specs/catalog/openapi.yaml'), stringify(spec));
  git('add', '-A');
  git('commit', '-qm', 'catalog 1.0.0');
  git('tag', 'catalog@1.0.0');
  // The breaking release: Film.title becomes Film.name.
  const film = spec.components.schemas.Film;
  film.properties = Object.fromEntries(Object.entries(film.properties).map(([k, v]) => [k === 'title' ? 'name' : k, v]));
  film.required = film.required.map((r) => (r === 'title' ? 'name' : r));
  delete (film as { example?: unknown }).example;
  spec.info.version = '2.0.0';
  writeFileSync(join(dir, 'specs/catalog/openapi.yaml'), stringify(spec));
  git('commit', '-qam', 'catalog 2.0.0');
  git('tag', 'catalog@2.0.0');
  writeFileSync(
    join(dir, 'services/audience/src/film-title.ts'),
    [
      "import type { CatalogClient } from '../../../generated/audience/clients/catalog/client.gen';",
      'export async function filmTitle(catalog: CatalogClient, filmId: string): Promise<string | undefined> {',
      '  const film = await catalog.getFilm({ path: { filmId } });',
      '  return film.status === 200 ? film.body.title : undefined;',
      '}',
      '',
    ].join('\n'),
  );
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    // The repository's own module settings (Node20 lets CommonJS require ESM-only packages such as jose).
    module: BASE_OPTIONS.module,
    moduleResolution: BASE_OPTIONS.moduleResolution,
    skipLibCheck: true,
    lib: ['ES2023', 'DOM'],
    typeRoots: [join(REPO, 'node_modules/@types')],
    types: ['node'],
    baseUrl: '.',
    paths: { '@marquee/runtime/client': [join(REPO, 'runtime/client.ts')] },
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['services/**/*.ts', 'generated/**/*.ts'] }, null, 2));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('inRange: 1.x, 1.2.x and exact versions', () => {
  const v = parseVersion('1.2.3')!;
  expect(['1.x', '1', '1.2.x', '1.2.3', '2.x', '1.3.x', '1.2.4'].map((r) => inRange(v, r))).toEqual([true, true, true, true, false, false, false]);
});

test('The registry reads `calls` as names or { service, version } and rejects a range that is not one', () => {
  const parsed = checkRegistry(parse(registry('1.x')));
  expect(parsed.services.find((x) => x.name === 'audience')).toMatchObject({ calls: ['catalog'], clientVersions: { catalog: '1.x' } });
  expect(() => checkRegistry(parse(registry('^1.0')))).toThrow(RegistryError);
  expect(() => checkRegistry(parse(registry('^1.0')))).toThrow(/services\.audience\.calls\[0\]\.version must be a release range like 1\.x/);
});

describe('Given audience pins catalog 1.x and catalog has released 1.0.0 and a breaking 2.0.0', () => {
  test('When the clients are generated, Then audience gets the 1.0.0 client and still compiles', () => {
    const run = generate();
    expect(run).toMatchObject({ ok: true, stdout: expect.stringContaining('clients: audience -> catalog 1.x: 1.0.0 (catalog@1.0.0)') });
    expect(readFileSync(join(dir, 'generated/audience/clients/catalog/client.gen.ts'), 'utf8')).toContain('Marquee Catalog API 1.0.0');
    expect(typecheck()).toEqual({ ok: true, output: '' });
  }, 60_000);

  test('When audience bumps to 2.x, Then the 2.0.0 client is generated and tsc names the line that reads the renamed field', () => {
    writeFileSync(join(dir, 'services/registry.yaml'), registry('2.x'));
    expect(generate()).toMatchObject({ ok: true, stdout: expect.stringContaining('clients: audience -> catalog 2.x: 2.0.0 (catalog@2.0.0)') });
    const result = typecheck();
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/services\/audience\/src\/film-title\.ts\(4,\d+\): error TS2339: Property 'title' does not exist/);
  }, 60_000);

  test('When audience asks for a range nothing was released in, Then generation fails naming the releases', () => {
    writeFileSync(join(dir, 'services/registry.yaml'), registry('3.x'));
    const run = generate();
    expect(run.ok).toBe(false);
    expect(run.stderr).toMatch(/no release of catalog in 3\.x \(releases: catalog@2\.0\.0, catalog@1\.0\.0; working tree 2\.0\.0\)/);
  }, 60_000);
});

test('The TypeScript SDK changelog has one entry per catalog release, newest first, the breaking rename under Breaking', () => {
  const current = bundleSpec(join(dir, 'specs/catalog/openapi.yaml')).document;
  const changelog = sdkChangelog({ root: dir, service: 'catalog', current, today: '2026-12-01' });
  const v2 = changelog.indexOf('## [2.0.0]');
  const v1 = changelog.indexOf('## [1.0.0]');
  expect(v2).toBeGreaterThan(0);
  expect(v1).toBeGreaterThan(v2);
  const entry2 = changelog.slice(v2, v1);
  expect(entry2).toContain('### Breaking');
  expect(entry2).toMatch(/title/);
  expect(changelog.slice(v1)).toContain('Initial release.');
});
