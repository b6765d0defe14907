/**
 * The TypeScript SDKs as their users get them: `make sdk` builds @marquee/catalog-sdk and
 * @marquee/audience-sdk, they are published to a real npm registry (Verdaccio on a free loopback
 * port, fresh storage), then a clean project in the OS temp folder installs them from it, is
 * type-checked with `tsc --strict` and run with node against catalog and audience (in-process,
 * real MariaDB and Elasticsearch). A second file with a deliberate type error must fail tsc.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../codegen/src/partner-sdks/paths';
import { buildTsSdks } from '../../codegen/src/sdk/build';
import { publishTsSdks } from '../../codegen/src/sdk/publish';
import { startRegistry, type RunningRegistry } from '../../scripts/verdaccio/registry';
import type { ProfilesIndex } from '../../services/audience/src/data-access/profiles-index';
import { ALL_SCOPES, startAudience, startCatalog, testIdentity, type Started } from '../support/platform';
import { regionProfiles } from '../support/profiles';

const run = promisify(execFile);
const TENANT = `ts-sdk-${process.pid}`;
const ONTARIO = 23;
const QUEBEC = 7;
const TS_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/typescript/package.json'), 'utf8')) as { version: string }).version;

let registry: RunningRegistry;
let catalog: Started;
let audience: Started & { profiles: ProfilesIndex };
let registryDir: string;
let consumerDir: string;
let buildDir: string;

/** The consumer: what a partner's code would do with the two SDKs; prints what it saw as JSON. */
const CONSUMER = `
import { createClient, listFilms, createFilm, getFilm, iterateListFilms, isCreateFilmError, isListFilmsError, CatalogClient, type Schemas } from '@marquee/catalog-sdk';
import { createClient as createAudienceClient, countAudience } from '@marquee/audience-sdk';
import { CATALOG_URL, AUDIENCE_URL, TOKEN } from './config.js';
import { tenantHeaders } from './tenant.js';

const catalog = createClient({ baseUrl: CATALOG_URL, token: async () => TOKEN, timeoutMs: 5000 });
const out: Record<string, unknown> = {};

const film: Schemas['FilmCreate'] = { title: 'SDK Consumer Film', releaseDate: '2026-10-30', runtimeMinutes: 101, rating: 'PG-13', genres: ['horror'] };
const created = await createFilm(catalog, { body: film });
const read = await getFilm(catalog, { path: { filmId: created.id } });
out.roundTrip = read.id === created.id && read.title === film.title;
const firstPage = await listFilms(catalog, { query: { limit: 2 } });
out.firstPageSize = firstPage.items.length;
// The declared response headers, typed: Location on 201, WWW-Authenticate on the 401 error.
const full = await createFilm(catalog, { body: film }, { withResponse: true });
const location: string | undefined = full.headers?.Location;
out.location = full.status === 201 && location === '/films/' + full.body.id;
try {
  await listFilms(createClient({ baseUrl: CATALOG_URL }), {});
} catch (error) {
  out.challenge = isListFilmsError(error) && error.status === 401 ? /^Bearer/.test(error.headers?.['WWW-Authenticate'] ?? '') : String(error);
}

try {
  await createFilm(catalog, { body: { ...film, runtimeMinutes: 0 } }, { requestId: 'sdk-consumer-bad-film' });
  out.badFilm = 'accepted';
} catch (error) {
  if (isCreateFilmError(error) && error.status === 400) {
    out.badFilm = { status: error.status, pointers: (error.body.errors ?? []).map((e) => e.pointer), title: error.body.title, requestId: error.requestId };
  } else {
    throw error;
  }
}

const ids: string[] = [];
for (let i = 0; i < 5; i++) {
  ids.push((await new CatalogClient(catalog).createFilm({ body: { ...film, title: 'SDK page ' + i } })).id);
}
const seen: string[] = [];
for await (const item of iterateListFilms(catalog, { query: { ids, limit: 2 } })) {
  seen.push(item.id);
}
out.paginated = seen.length === ids.length && ids.every((id) => seen.includes(id));

const audience = createAudienceClient({ baseUrl: AUDIENCE_URL, token: TOKEN });
const count = await countAudience(audience, { ...tenantHeaders, body: { where: { field: 'region', op: 'eq', value: 'CA-ON' } } });
out.ontario = count.count;
console.log(JSON.stringify(out));
`;

/** Compiles only if the SDK's types are wrong: a string limit, a field films do not have, a header the 200 does not declare. */
const BAD_CONSUMER = `
import { createClient, listFilms } from '@marquee/catalog-sdk';
const catalog = createClient({ baseUrl: 'http://127.0.0.1:1' });
const page = await listFilms(catalog, { query: { limit: 'ten' } });
console.log(page.items[0]?.director);
const retry: string | undefined = (await listFilms(catalog, {}, { withResponse: true })).headers?.['Retry-After'];
`;

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

beforeAll(async () => {
  registryDir = mkdtempSync(join(tmpdir(), 'marquee-verdaccio-'));
  consumerDir = mkdtempSync(join(tmpdir(), 'marquee-sdk-consumer-'));
  buildDir = mkdtempSync(join(tmpdir(), 'marquee-sdk-build-'));
  const built = buildTsSdks(['catalog', 'audience'], REPO_ROOT, buildDir); // its own copy: other tests build too
  registry = await startRegistry({ storage: registryDir });
  const published = await publishTsSdks({ registry: registry.url, dirs: built.map((p) => p.dir) });
  expect(published.map((p) => p.status)).toEqual(['published', 'published']);

  catalog = await startCatalog();
  audience = await startAudience(catalog.url, { PROFILES_ALIAS: `profiles-ts-sdk-${process.pid}` });
  const docs = regionProfiles(TENANT, { ontario: ONTARIO, quebec: QUEBEC });
  expect((await audience.profiles.bulkIndex(docs, { refresh: true })).failed).toEqual([]);

  writeFileSync(join(consumerDir, 'package.json'), JSON.stringify({ name: 'sdk-consumer', private: true, type: 'module' }, null, 2));
  // @marquee/* from the local registry; typescript from the default one (usually npm's cache).
  writeFileSync(join(consumerDir, '.npmrc'), `@marquee:registry=${registry.url}/\n`);
  await npm(['install', '@marquee/catalog-sdk', '@marquee/audience-sdk', '--registry', `${registry.url}/`], consumerDir);
  await npm(['install', '--save-dev', '--prefer-offline', `typescript@${TS_VERSION}`], consumerDir);
  // Credentials: a token of the tenant the profiles belong to, from the services' test identity.
  const token = await (await testIdentity()).mint({ tenant: TENANT, scopes: ALL_SCOPES, expiresIn: 3600 });
  writeFileSync(
    join(consumerDir, 'config.ts'),
    `export const CATALOG_URL = ${JSON.stringify(catalog.url)};\nexport const AUDIENCE_URL = ${JSON.stringify(audience.url)};\nexport const TOKEN: string | undefined = ${JSON.stringify(token)};\n`,
  );
  // The tenant travels in X-Tenant-Id while the audience spec declares it (the principal carries it once tokens do).
  const tenantParam = readFileSync(join(REPO_ROOT, 'generated/audience/openapi.json'), 'utf8').includes('"X-Tenant-Id"');
  writeFileSync(join(consumerDir, 'tenant.ts'), `export const tenantHeaders = ${tenantParam ? `{ headers: { 'X-Tenant-Id': ${JSON.stringify(TENANT)} } } as const` : '{}'};\n`);
  writeFileSync(join(consumerDir, 'consumer.ts'), CONSUMER);
  writeFileSync(join(consumerDir, 'bad.ts'), BAD_CONSUMER);
  const compilerOptions = { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], types: [], outDir: 'out', skipLibCheck: false };
  writeFileSync(join(consumerDir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts', 'config.ts', 'tenant.ts'] }, null, 2));
  writeFileSync(join(consumerDir, 'tsconfig.bad.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: true }, files: ['bad.ts'] }, null, 2));
}, 240_000);

afterAll(async () => {
  await audience?.profiles.drop();
  await audience?.stop();
  await catalog?.stop();
  await registry?.stop();
  for (const dir of [registryDir, consumerDir, buildDir]) {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

describe('Given the SDKs installed from the local registry into a project outside the workspace', () => {
  test('Then each installed package is the spec version, ESM with types, side-effect free, with no dependencies', () => {
    for (const service of ['catalog', 'audience']) {
      const dir = join(consumerDir, 'node_modules/@marquee', `${service}-sdk`);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'generated', service, 'openapi.json'), 'utf8')) as { info: { version: string } };
      expect({ version: pkg.version, type: pkg.type, sideEffects: pkg.sideEffects, dependencies: pkg.dependencies }).toEqual({
        version: spec.info.version,
        type: 'module',
        sideEffects: false,
        dependencies: undefined,
      });
      expect(readFileSync(join(dir, 'dist/index.d.ts'), 'utf8')).toContain('export declare function createClient');
      expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(`npm install @marquee/${service}-sdk`);
      expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toContain(`## [${spec.info.version}]`);
    }
  });

  test('When the consumer is type-checked with tsc --strict and run against the live services, Then every call does what the contract says', async () => {
    const tsc = join(consumerDir, 'node_modules/typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumerDir }).catch((err: { stdout?: string }) => {
      throw new Error(`consumer does not type-check:\n${err.stdout ?? String(err)}`);
    });
    const { stdout } = await run(process.execPath, ['out/consumer.js'], { cwd: consumerDir });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(result).toEqual({
      firstPageSize: expect.any(Number),
      roundTrip: true,
      badFilm: { status: 400, pointers: [expect.stringMatching(/runtimeMinutes$/)], title: expect.any(String), requestId: 'sdk-consumer-bad-film' },
      paginated: true,
      ontario: ONTARIO,
      location: true,
      challenge: true,
    });
    expect(result.firstPageSize).toBeGreaterThan(0);
    expect(result.firstPageSize).toBeLessThanOrEqual(2);
  }, 60_000);

  test('When a file misuses the SDK types, Then tsc --strict rejects it at those lines', async () => {
    const tsc = join(consumerDir, 'node_modules/typescript/bin/tsc');
    const outcome = await run(process.execPath, [tsc, '-p', 'tsconfig.bad.json'], { cwd: consumerDir }).then(
      () => ({ failed: false, stdout: '' }),
      (err: { stdout?: string }) => ({ failed: true, stdout: err.stdout ?? '' }),
    );
    expect(outcome.failed).toBe(true);
    expect(outcome.stdout).toMatch(/bad\.ts\(4,\d+\): error TS2322/);
    expect(outcome.stdout).toMatch(/bad\.ts\(5,\d+\): error TS2339: Property 'director' does not exist/);
    expect(outcome.stdout).toMatch(/bad\.ts\(6,\d+\): error TS2339: Property 'headers' does not exist/); // listFilms' 200 declares no headers
  }, 60_000);
});
