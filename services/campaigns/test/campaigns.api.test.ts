/**
 * Campaigns over HTTP on real MariaDB, with reach computed by a real audience service (real
 * Elasticsearch, profiles seeded here) through the generated audience client.
 */
import { randomUUID } from 'node:crypto';
import { AudienceClient } from '@marquee/generated/audience/client.gen';
import { CampaignsClient } from '@marquee/generated/campaigns/client.gen';
import type { Schemas } from '@marquee/generated/campaigns/types.gen';
import type { ProfilesIndex } from '../../audience/src/data-access/profiles-index';
import { bearer, credentials, http, startAudience, startCampaigns, startCatalog, type Started } from '../../../test/support/platform';
import { regionProfiles } from '../../../test/support/profiles';

const T1 = 'aurora-cinemas';
const T2 = 'borealis-theatres';

let catalog: Started;
let audience: Started & { profiles: ProfilesIndex };
let campaigns: Started;
let ontarioSegment: string;
let quebecSegment: string;

const as = (tenant: string, scopes?: string[]) => new CampaignsClient({ baseUrl: campaigns.url, credentials: credentials(tenant, scopes) });

async function segment(tenant: string, region: string): Promise<string> {
  const res = await new AudienceClient({ baseUrl: audience.url, credentials: credentials(tenant) }).createSegment({
    body: { name: `${region} ${randomUUID().slice(0, 8)}`, query: { where: { field: 'region', op: 'eq', value: region } } },
  });
  if (res.status !== 201) throw new Error(`segment: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const draft = (segmentId: string, over: Partial<Schemas['CampaignCreate']> = {}): Schemas['CampaignCreate'] => ({
  name: `Campaign ${randomUUID().slice(0, 8)}`,
  segmentId,
  channel: 'email',
  schedule: { start: '2027-03-01T00:00:00.000Z', end: '2027-03-15T00:00:00.000Z' },
  budget: { amount: 2500.5, currency: 'CAD' },
  ...over,
});

async function created(tenant: string, body: Schemas['CampaignCreate']): Promise<Schemas['Campaign']> {
  const res = await as(tenant).createCampaign({ body });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  catalog = await startCatalog();
  audience = await startAudience(catalog.url, { PROFILES_ALIAS: `profiles-campaigns-test-${randomUUID().slice(0, 8)}` });
  campaigns = await startCampaigns(audience.url);
  // T1: 37 in Ontario, 12 in Quebec; T2: 5 in Ontario (same member ids, another tenant).
  const docs = [...regionProfiles(T1, { ontario: 37, quebec: 12 }), ...regionProfiles(T2, { ontario: 5, quebec: 0 })];
  expect((await audience.profiles.bulkIndex(docs, { refresh: true })).failed).toEqual([]);
  ontarioSegment = await segment(T1, 'CA-ON');
  quebecSegment = await segment(T1, 'CA-QC');
}, 60_000);

afterAll(async () => {
  await audience.profiles.drop();
  await campaigns.stop();
  await audience.stop();
  await catalog.stop();
});

describe('campaign lifecycle', () => {
  test('When a campaign goes draft -> scheduled -> running -> paused -> running -> completed, Then every step is stored and the final state refuses more', async () => {
    const campaign = await created(T1, draft(ontarioSegment));
    expect(campaign).toMatchObject({ status: 'draft', segmentId: ontarioSegment, budget: { amount: 2500.5, currency: 'CAD' }, reach: { count: 37, segmentId: ontarioSegment } });
    const client = as(T1);
    for (const status of ['scheduled', 'running', 'paused', 'running', 'completed'] as const) {
      const res = await client.transitionCampaign({ path: { campaignId: campaign.id }, body: { status } });
      expect(res).toMatchObject({ status: 200, body: { status } });
    }
    expect(await client.getCampaign({ path: { campaignId: campaign.id } })).toMatchObject({ status: 200, body: { status: 'completed' } });
    const again = await client.transitionCampaign({ path: { campaignId: campaign.id }, body: { status: 'running' } });
    expect(again).toMatchObject({ status: 409, body: { errors: [{ location: 'body', pointer: '/status' }] } });
    expect((again.body as { detail: string }).detail).toMatch(/completed is final/);
  });

  test.each([
    ['draft', 'running', []],
    ['draft', 'paused', []],
    ['draft', 'completed', []],
    ['scheduled', 'paused', ['scheduled']],
    ['cancelled', 'draft', ['cancelled']],
  ] as const)('When a %s campaign is moved to %s, Then 409 points at /status and lists what is allowed', async (_from, to, path) => {
    const campaign = await created(T1, draft(ontarioSegment));
    for (const step of path) await as(T1).transitionCampaign({ path: { campaignId: campaign.id }, body: { status: step } });
    const res = await http(`${campaigns.url}/campaigns/${campaign.id}/transitions`, { method: 'POST', headers: await bearer(T1), json: { status: to } });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ location: 'body', pointer: '/status' })]);
  });

  test('When a running campaign is edited or a scheduled one deleted, Then 409; a draft is deleted', async () => {
    const client = as(T1);
    const running = await created(T1, draft(ontarioSegment));
    await client.transitionCampaign({ path: { campaignId: running.id }, body: { status: 'scheduled' } });
    expect((await client.deleteCampaign({ path: { campaignId: running.id } })).status).toBe(409);
    await client.transitionCampaign({ path: { campaignId: running.id }, body: { status: 'running' } });
    const edit = await client.updateCampaign({ path: { campaignId: running.id }, body: { budget: { amount: 1, currency: 'CAD' } } });
    expect(edit).toMatchObject({ status: 409, body: { errors: [{ pointer: '/status' }] } });

    const scratch = await created(T1, draft(ontarioSegment));
    expect((await client.deleteCampaign({ path: { campaignId: scratch.id } })).status).toBe(204);
    expect((await client.getCampaign({ path: { campaignId: scratch.id } })).status).toBe(404);
  });

  test('When the schedule has ended, Then scheduling is a 409 on /schedule/end', async () => {
    const old = await created(T1, draft(ontarioSegment, { schedule: { start: '2020-01-01T00:00:00.000Z', end: '2020-02-01T00:00:00.000Z' } }));
    const res = await as(T1).transitionCampaign({ path: { campaignId: old.id }, body: { status: 'scheduled' } });
    expect(res).toMatchObject({ status: 409, body: { errors: [{ pointer: '/schedule/end' }] } });
  });

  test('When a draft is edited, Then the fields change and a new segment brings its own reach', async () => {
    const campaign = await created(T1, draft(ontarioSegment));
    const res = await as(T1).updateCampaign({ path: { campaignId: campaign.id }, body: { segmentId: quebecSegment, channel: 'sms', budget: { amount: 99.99, currency: 'USD' } } });
    expect(res).toMatchObject({ status: 200, body: { segmentId: quebecSegment, channel: 'sms', budget: { amount: 99.99, currency: 'USD' }, reach: { segmentId: quebecSegment, count: 12 } } });
  });
});

describe('campaign reach', () => {
  test('When the segment grows, Then GET /reach counts it again and stores it', async () => {
    const growing = await segment(T1, 'US-VT');
    const campaign = await created(T1, draft(growing));
    expect(campaign.reach.count).toBe(0);
    const vermont = regionProfiles(T1, { ontario: 9, quebec: 0 }).map((p, i) => ({ ...p, memberId: `vt-${i}`, region: 'US-VT' }));
    await audience.profiles.bulkIndex(vermont, { refresh: true });
    expect(await as(T1).getCampaignReach({ path: { campaignId: campaign.id } })).toMatchObject({ status: 200, body: { segmentId: growing, count: 9 } });
    expect(await as(T1).getCampaign({ path: { campaignId: campaign.id } })).toMatchObject({ status: 200, body: { reach: { count: 9 } } });
  });

  test('When the segment does not exist (or is another tenant\'s), Then 422 on /segmentId and nothing is stored', async () => {
    for (const [tenant, segmentId] of [[T1, randomUUID()], [T2, ontarioSegment]] as const) {
      const body = draft(segmentId);
      const res = await as(tenant).createCampaign({ body });
      expect(res).toMatchObject({ status: 422, body: { errors: [{ location: 'body', pointer: '/segmentId' }] } });
      const listed = await as(tenant).listCampaigns({ query: { segmentId } });
      expect(listed).toMatchObject({ status: 200, body: { items: [] } });
    }
  });

  test('When the caller may not read audiences, Then creating is a 403 naming audience:read', async () => {
    const res = await as(T1, ['campaigns:write']).createCampaign({ body: draft(ontarioSegment) });
    expect(res.status).toBe(403);
    expect((res.body as { detail: string }).detail).toMatch(/audience:read/);
  });
});

describe('campaign validation', () => {
  test('When the body is bad, Then 400 problem+json names every field', async () => {
    const res = await http(`${campaigns.url}/campaigns`, {
      method: 'POST',
      headers: await bearer(T1),
      json: { name: '', segmentId: 'nope', channel: 'fax', schedule: { start: 'soon' }, budget: { amount: -5, currency: 'cad' }, colour: 'red' },
    });
    expect(res.status).toBe(400);
    const pointers = (res.body.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/name', '/segmentId', '/channel', '/schedule/start', '/schedule/end', '/budget/amount', '/budget/currency', '/colour']));
  });

  test('When the schedule ends before it starts or the budget has 3 decimals, Then 400 names them', async () => {
    const body = draft(ontarioSegment, { schedule: { start: '2027-03-15T00:00:00.000Z', end: '2027-03-01T00:00:00.000Z' }, budget: { amount: 10.005, currency: 'CAD' } });
    const res = await as(T1).createCampaign({ body });
    expect(res.status).toBe(400);
    expect((res.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/schedule/end', '/budget/amount']);
  });

  test('When the name is taken in the tenant, Then 409; another tenant may use it', async () => {
    const body = draft(ontarioSegment);
    await created(T1, body);
    expect((await as(T1).createCampaign({ body })).status).toBe(409);
    const t2Segment = await segment(T2, 'CA-ON');
    expect(await as(T2).createCampaign({ body: { ...body, segmentId: t2Segment } })).toMatchObject({ status: 201, body: { reach: { count: 5 } } });
  });

  test('When an unknown status is asked for, Then 400 names /status', async () => {
    const campaign = await created(T1, draft(ontarioSegment));
    const res = await http(`${campaigns.url}/campaigns/${campaign.id}/transitions`, { method: 'POST', headers: await bearer(T1), json: { status: 'launched' } });
    expect(res).toMatchObject({ status: 400, body: { errors: [{ pointer: '/status' }] } });
  });
});

describe('campaign listing and tenancy', () => {
  test('When listing with filters and small pages, Then every match comes once and only the tenant\'s', async () => {
    const segmentId = await segment(T1, 'CA-ON');
    const mine = await Promise.all([0, 1, 2, 3, 4].map((i) => created(T1, draft(segmentId, { channel: i % 2 === 0 ? 'push' : 'sms' }))));
    await as(T1).transitionCampaign({ path: { campaignId: mine[0]!.id }, body: { status: 'scheduled' } });
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await as(T1).listCampaigns({ query: { segmentId, channel: 'push', limit: 1, ...(cursor ? { cursor } : {}) } });
      if (page.status !== 200) throw new Error(`list: ${page.status}`);
      ids.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(ids.sort()).toEqual([mine[0]!.id, mine[2]!.id, mine[4]!.id].sort());
    const scheduled = await as(T1).listCampaigns({ query: { segmentId, status: ['scheduled', 'running'] } });
    expect(scheduled).toMatchObject({ status: 200, body: { items: [{ id: mine[0]!.id }] } });
    expect(await as(T2).listCampaigns({ query: { segmentId } })).toMatchObject({ status: 200, body: { items: [] } });
  });

  test('When another tenant names the campaign, Then it is not found for reads, edits, moves and deletes', async () => {
    const campaign = await created(T1, draft(ontarioSegment));
    const other = as(T2);
    const path = { campaignId: campaign.id };
    expect((await other.getCampaign({ path })).status).toBe(404);
    expect((await other.updateCampaign({ path, body: { name: 'hijack' } })).status).toBe(404);
    expect((await other.transitionCampaign({ path, body: { status: 'cancelled' } })).status).toBe(404);
    expect((await other.getCampaignReach({ path })).status).toBe(404);
    expect((await other.deleteCampaign({ path })).status).toBe(404);
    expect(await as(T1).getCampaign({ path })).toMatchObject({ status: 200, body: { status: 'draft', name: campaign.name } });
  });

  test('When the credential lacks campaigns:write, Then 403', async () => {
    const res = await as(T1, ['campaigns:read', 'audience:read']).createCampaign({ body: draft(ontarioSegment) });
    expect(res.status).toBe(403);
  });
});
