/**
 * Elasticsearch stops under a running audience service: queries answer 503 problem+json with
 * Retry-After (never a 500), readiness says why, saved segments in MariaDB stay readable, and
 * once the engine is back the same service answers again without a restart. Serial: it stops
 * an engine other tests use (`make test` runs `*.serial.test.ts` alone, after the rest).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { http, startAudience, startCatalog, type Started } from '../../../test/support/platform';

const infra = join(__dirname, '..', '..', '..', 'scripts', 'infra.sh');
const tenant = { 'x-tenant-id': 'aurora-cinemas' };
const countBody = { where: { field: 'region', op: 'eq', value: 'CA-ON' } };

let catalog: Started;
let audience: Awaited<ReturnType<typeof startAudience>>;

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

beforeAll(async () => {
  catalog = await startCatalog();
  audience = await startAudience(catalog.url, { PROFILES_ALIAS: `profiles-fault-${process.pid}` });
});

afterAll(async () => {
  execFileSync(infra, ['up', 'elasticsearch'], { stdio: 'pipe', timeout: 120_000 });
  await audience.profiles.drop().catch(() => undefined);
  await audience.stop();
  await catalog.stop();
});

test('When Elasticsearch stops and comes back, Then queries answer 503 with Retry-After, segments stay readable, and the service heals by itself', async () => {
  const segment = await http(`${audience.url}/segments`, { method: 'POST', json: { name: `Fault ${process.pid}`, query: countBody } });
  expect(segment.status).toBe(201);
  expect((await http(`${audience.url}/audience/count`, { method: 'POST', headers: tenant, json: countBody })).status).toBe(200);

  execFileSync(infra, ['down', 'elasticsearch'], { stdio: 'pipe', timeout: 120_000 });
  const down = await http(`${audience.url}/audience/count`, { method: 'POST', headers: tenant, json: countBody });
  expect(down.status).toBe(503);
  expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(down.headers.get('retry-after')).toBe('5');
  expect(down.body).toMatchObject({ status: 503 });
  const ready = await http(`${audience.url}/readyz`);
  expect(ready.status).toBe(503);
  expect(ready.body.checks.elasticsearch).not.toBe('ok');
  const stored = await http(`${audience.url}/segments/${segment.body.id}`);
  expect(stored).toMatchObject({ status: 200, body: { id: segment.body.id, query: countBody } });
  expect((await http(`${audience.url}/segments/${segment.body.id}/count`, { headers: tenant })).status).toBe(503);

  execFileSync(infra, ['up', 'elasticsearch'], { stdio: 'pipe', timeout: 120_000 });
  await eventually(async () => (await http(`${audience.url}/readyz`)).status === 200, 60_000);
  await eventually(async () => (await http(`${audience.url}/audience/count`, { method: 'POST', headers: tenant, json: countBody })).status === 200, 30_000);
}, 180_000);
