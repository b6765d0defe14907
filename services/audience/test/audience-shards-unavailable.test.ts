/**
 * Found by `make faults`: right after Elasticsearch restarts, its shards are not assigned yet and
 * every search answers 503 "all shards failed" (no_shard_available_action_exception). Audience
 * passed that on as a 500; it is a 503 problem+json with Retry-After, like the engine being down.
 * Reproduced on the real engine with an index whose shard can never be assigned.
 */
import { createSearch } from '@marquee/runtime';
import { ELASTICSEARCH_URL } from '../../../test/support/engines';
import { bearer, http, startAudience, startCatalog, type Started } from '../../../test/support/platform';

const alias = `profiles-shards-${process.pid}`;
const unassigned = `${alias}-unassigned`;
const search = createSearch({ node: ELASTICSEARCH_URL });
const countBody = { where: { field: 'region', op: 'eq', value: 'CA-ON' } };
let tenant: Record<string, string>;
let catalog: Started;
let audience: Awaited<ReturnType<typeof startAudience>>;

async function pointAliasAt(index: string): Promise<void> {
  const current = Object.keys(await search.indices.getAlias({ name: alias }));
  await search.indices.updateAliases({ actions: [...current.map((i) => ({ remove: { index: i, alias } })), { add: { index, alias } }] });
}

beforeAll(async () => {
  tenant = await bearer('aurora-cinemas');
  catalog = await startCatalog();
  audience = await startAudience(catalog.url, { PROFILES_ALIAS: alias });
  await search.indices.create({ index: unassigned, wait_for_active_shards: 0, settings: { number_of_replicas: 0, 'index.routing.allocation.require._name': 'no-such-node' } });
});

afterAll(async () => {
  await search.indices.delete({ index: unassigned }).catch(() => undefined);
  await audience.profiles.drop().catch(() => undefined);
  await search.close();
  await audience.stop();
  await catalog.stop();
});

test('When Elasticsearch has no shard available for the profiles (just restarted), Then count and breakdown answer 503 with Retry-After, and 200 once the shards are back', async () => {
  expect((await http(`${audience.url}/audience/count`, { method: 'POST', headers: tenant, json: countBody })).status).toBe(200);
  await pointAliasAt(unassigned);
  for (const [path, json] of [['/audience/count', countBody], ['/audience/breakdown', { breakdowns: [{ field: 'region' }] }]] as const) {
    const res = await http(`${audience.url}${path}`, { method: 'POST', headers: tenant, json });
    expect({ path, status: res.status, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type') }).toEqual({ path, status: 503, retryAfter: '5', type: expect.stringMatching(/^application\/problem\+json/) });
  }
  await pointAliasAt(audience.profiles.indexName());
  expect((await http(`${audience.url}/audience/count`, { method: 'POST', headers: tenant, json: countBody })).status).toBe(200);
}, 60_000);
