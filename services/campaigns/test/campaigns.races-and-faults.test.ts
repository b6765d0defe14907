/**
 * Campaigns under concurrent status moves (one winner, the rest 409) and with audience
 * unreachable (503 problem+json with Retry-After, nothing stored).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { AudienceClient } from '@marquee/generated/audience/client.gen';
import { CampaignsClient } from '@marquee/generated/campaigns/client.gen';
import type { Schemas } from '@marquee/generated/campaigns/types.gen';
import type { ProfilesIndex } from '../../audience/src/data-access/profiles-index';
import { bearer, credentials, http, startAudience, startCampaigns, startCatalog, type Started } from '../../../test/support/platform';
import { regionProfiles } from '../../../test/support/profiles';

const T1 = 'cascade-cinemas';

let catalog: Started;
let audience: Started & { profiles: ProfilesIndex };
let campaigns: Started;
let segmentId: string;

const draft = (over: Partial<Schemas['CampaignCreate']> = {}): Schemas['CampaignCreate'] => ({
  name: `Race ${randomUUID().slice(0, 8)}`,
  segmentId,
  channel: 'push',
  schedule: { start: '2027-05-01T00:00:00.000Z', end: '2027-05-10T00:00:00.000Z' },
  budget: { amount: 300, currency: 'USD' },
  ...over,
});

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  catalog = await startCatalog();
  audience = await startAudience(catalog.url, { PROFILES_ALIAS: `profiles-campaigns-race-${randomUUID().slice(0, 8)}` });
  campaigns = await startCampaigns(audience.url);
  expect((await audience.profiles.bulkIndex(regionProfiles(T1, { ontario: 4, quebec: 2 }), { refresh: true })).failed).toEqual([]);
  const seg = await new AudienceClient({ baseUrl: audience.url, credentials: credentials(T1) }).createSegment({ body: { name: `Race ${randomUUID().slice(0, 8)}` } });
  if (seg.status !== 201) throw new Error(`segment: ${seg.status}`);
  segmentId = seg.body.id;
}, 60_000);

afterAll(async () => {
  await audience.profiles.drop();
  await campaigns.stop();
  await audience.stop();
  await catalog.stop();
});

test('When ten callers schedule the same draft at once, Then exactly one wins and nine get 409 on /status', async () => {
  const client = new CampaignsClient({ baseUrl: campaigns.url, credentials: credentials(T1) });
  const created = await client.createCampaign({ body: draft() });
  if (created.status !== 201) throw new Error(`create: ${created.status}`);
  expect(created.body.reach.count).toBe(6);
  const results = await Promise.all(Array.from({ length: 10 }, () => client.transitionCampaign({ path: { campaignId: created.body.id }, body: { status: 'scheduled' } })));
  expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
  for (const r of results.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ errors: [{ pointer: '/status' }] });
  expect(await client.getCampaign({ path: { campaignId: created.body.id } })).toMatchObject({ status: 200, body: { status: 'scheduled' } });
});

test('When audience cannot be reached, Then creating is a 503 problem with Retry-After and nothing is stored', async () => {
  const down = await startCampaigns(`http://127.0.0.1:${await closedPort()}`);
  try {
    const body = draft();
    const res = await http(`${down.url}/campaigns`, { method: 'POST', headers: await bearer(T1), json: body });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const listed = await new CampaignsClient({ baseUrl: campaigns.url, credentials: credentials(T1) }).listCampaigns({ query: { segmentId, limit: 200 } });
    expect(listed.status === 200 && listed.body.items.some((c) => c.name === body.name)).toBe(false);
  } finally {
    await down.stop();
  }
});
