/**
 * The partner SDKs (Python, Go, Java) are generated and compiled by `make sdk-partners`, then
 * each language's own smoke test runs against catalog and audience, started here in-process
 * over the real engines: list films, create and read one, a 400 problem, a DSL count. Each
 * sends a bearer token minted by the test identity; the token's tenant scopes the count.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { LANGUAGES, REPO_ROOT } from '../../codegen/src/partner-sdks/paths';
import { runSmoke, type SmokeEnv } from '../../codegen/src/partner-sdks/smoke';
import type { ProfilesIndex } from '../../services/audience/src/data-access/profiles-index';
import { ALL_SCOPES, startAudience, startCatalog, testIdentity, type Started } from '../support/platform';
import { regionProfiles } from '../support/profiles';

const SMOKE_TESTS_PER_LANGUAGE = 5;
const TENANT = `partner-sdk-${process.pid}`;
const ONTARIO = 37;
const QUEBEC = 12;

let catalog: Started;
let audience: Started & { profiles: ProfilesIndex };
let env: SmokeEnv;

beforeAll(async () => {
  // Generate and compile first: on a fresh machine this fetches the generator and each toolchain's dependencies.
  const build = spawnSync('npx', ['tsx', join(REPO_ROOT, 'codegen/src/partner-sdks/build.ts')], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`make sdk-partners failed:\n${build.stdout}\n${build.stderr}`);
  }
  catalog = await startCatalog();
  audience = await startAudience(catalog.url, { PROFILES_ALIAS: `profiles-partner-sdk-${process.pid}` });
  const docs = regionProfiles(TENANT, { ontario: ONTARIO, quebec: QUEBEC });
  const outcome = await audience.profiles.bulkIndex(docs, { refresh: true });
  expect(outcome.failed).toEqual([]);
  env = {
    MARQUEE_CATALOG_URL: catalog.url,
    MARQUEE_AUDIENCE_URL: audience.url,
    MARQUEE_TENANT: TENANT,
    MARQUEE_EXPECTED_ONTARIO: String(ONTARIO),
    MARQUEE_TOKEN: await (await testIdentity()).mint({ tenant: TENANT, scopes: ALL_SCOPES, expiresIn: 3600 }),
  };
}, 900_000);

afterAll(async () => {
  await audience?.profiles.drop();
  await audience?.stop();
  await catalog?.stop();
});

describe.each(LANGUAGES)('The %s SDK', (lang) => {
  test(`When its smoke test runs against the live services, Then all ${SMOKE_TESTS_PER_LANGUAGE} pass`, async () => {
    const result = await runSmoke(lang, env);
    const summary = { exitCode: result.exitCode, passed: result.passed, failed: result.failed };
    if (summary.exitCode !== 0 || summary.passed !== SMOKE_TESTS_PER_LANGUAGE) {
      // The runner's own output says which check failed.
      process.stderr.write(`${lang} smoke output:\n${result.output.slice(-6000)}\n`);
    }
    expect(summary).toEqual({ exitCode: 0, passed: SMOKE_TESTS_PER_LANGUAGE, failed: 0 });
  }, 600_000);
});

test('A wrong expected count fails the smoke tests (they can fail)', async () => {
  const other = `${TENANT}-${randomUUID().slice(0, 4)}`;
  const token = await (await testIdentity()).mint({ tenant: other, scopes: ALL_SCOPES, expiresIn: 600 });
  const result = await runSmoke('python', { ...env, MARQUEE_EXPECTED_ONTARIO: String(ONTARIO + 1), MARQUEE_TENANT: other, MARQUEE_TOKEN: token });
  expect(result.exitCode).not.toBe(0);
  expect(result.failed).toBeGreaterThanOrEqual(1);
}, 120_000);
