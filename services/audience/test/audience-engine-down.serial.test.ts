/**
 * Elasticsearch stops under a running audience service: queries answer 503 problem+json with
 * Retry-After (never a 500), readiness says why, saved segments in MariaDB stay readable, and
 * once the engine is back the same service answers again without a restart. Serial: it stops
 * an engine other tests use (`make test` runs `*.serial.test.ts` alone, after the rest).
 */
import { engine, eventually } from '../../../test/support/engines';
import { bearer, http, startAudience, startCatalog, type Started } from '../../../test/support/platform';

/** A bearer token for the tenant: its claim scopes queries and segments. */
let tenant: Record<string, string>;
const countBody = { where: { field: 'region', op: 'eq', value: 'CA-ON' } };

let catalog: Started;
let audience: Awaited<ReturnType<typeof startAudience>>;

beforeAll(async () => {
  tenant = await bearer('aurora-cinemas');
  catalog = await startCatalog();
  audience = await startAudience(catalog.url, { PROFILES_ALIAS: `profiles-fault-${process.pid}` });
});

afterAll(async () => {
  engine('up', 'elasticsearch');
  await audience.profiles.drop().catch(() => undefined);
  await audience.stop();
  await catalog.stop();
});

test('When Elasticsearch stops and comes back, Then queries answer 503 with Retry-After, segments stay readable, and the service heals by itself', async () => {
  const segment = await http(`${audience.url}/segments`, { method: 'POST', headers: tenant, json: { name: `Fault ${process.pid}`, query: countBody } });
  expect(segment.status).toBe(201);
  expect((await http(`${audience.url}/audience/count`, { method: 'POST', headers: tenant, json: countBody })).status).toBe(200);

  engine('down', 'elasticsearch');
  const down = await http(`${audience.url}/audience/count`, { method: 'POST', headers: tenant, json: countBody });
  expect(down.status).toBe(503);
  expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(down.headers.get('retry-after')).toBe('5');
  expect(down.body).toMatchObject({ status: 503 });
  const ready = await http(`${audience.url}/readyz`);
  expect(ready.status).toBe(503);
  expect(ready.body.checks.elasticsearch).not.toBe('ok');
  const stored = await http(`${audience.url}/segments/${segment.body.id}`, { headers: tenant });
  expect(stored).toMatchObject({ status: 200, body: { id: segment.body.id, query: countBody } });
  expect((await http(`${audience.url}/segments/${segment.body.id}/count`, { headers: tenant })).status).toBe(503);

  engine('up', 'elasticsearch');
  await eventually(async () => (await http(`${audience.url}/readyz`)).status === 200, 60_000);
  await eventually(async () => (await http(`${audience.url}/audience/count`, { method: 'POST', headers: tenant, json: countBody })).status === 200, 30_000);
}, 180_000);
