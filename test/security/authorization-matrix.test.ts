/**
 * The authorization matrix, generated from the specs: every operation of every service, read
 * from the bundled spec's IR, is called over HTTP against the real services (MariaDB,
 * Elasticsearch, Kafka for ingest) with no credentials (401 + Bearer challenge), a token lacking its scope (403
 * naming the scope), the right scope by token and by API key (neither 401 nor 403), and a
 * revoked key (401). Tenant-scoped resources answer 404 to another tenant. Every declared path
 * answers an undeclared method with 405 and `Allow`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { buildIR, type IROperation, type IRService } from '../../codegen/src/ir';
import type { JsonObject } from '@marquee/openapi';
import { ALL_SCOPES, http, startAudience, startCampaigns, startCatalog, startInsights, testIdentity, type Started } from '../support/platform';
import { dropTopics, startIngest, uniquePrefix } from '../support/pipeline';
import type { TestIdentity } from '../support/test-identity';

const SERVICES = ['catalog', 'audience', 'ingest', 'campaigns', 'insights'] as const;
/**
 * Campaigns and insights call audience (and insights the catalog) with the caller's own
 * credential, so a caller needs those read scopes too (the specs say so per operation).
 */
const FORWARDED: Partial<Record<string, string[]>> = { campaigns: ['audience:read'], insights: ['audience:read', 'catalog:read'] };
type Service = (typeof SERVICES)[number];
const TENANT = 'matrix-tenant-a';
const OTHER = 'matrix-tenant-b';
const prefix = uniquePrefix();

const irs = Object.fromEntries(
  SERVICES.map((s) => [s, buildIR(s, JSON.parse(readFileSync(join(__dirname, '..', '..', 'generated', s, 'openapi.json'), 'utf8')) as JsonObject)]),
) as Record<Service, IRService>;

let identity: TestIdentity;
const urls = {} as Record<Service, string>;
const started: Started[] = [];

beforeAll(async () => {
  identity = await testIdentity();
  const catalog = await startCatalog();
  const audience = await startAudience(catalog.url, { PROFILES_ALIAS: `profiles-matrix-${randomUUID().slice(0, 8)}` });
  const ingest = await startIngest(prefix);
  const campaigns = await startCampaigns(audience.url);
  const insights = await startInsights({ audience: audience.url, catalog: catalog.url });
  started.push(insights, campaigns, ingest, audience, catalog);
  urls.campaigns = campaigns.url;
  urls.insights = insights.url;
  urls.catalog = catalog.url;
  urls.audience = audience.url;
  urls.ingest = ingest.url;
}, 60_000);
afterAll(async () => {
  for (const s of started) await s.stop();
  await dropTopics(prefix).catch(() => undefined);
});

/** One row per secured operation: service, operation, the scopes any alternative needs. */
const rows = SERVICES.flatMap((service) =>
  irs[service].operations
    .filter((op) => op.security && op.security.length > 0)
    .map((op) => ({ service, op, id: `${service}.${op.operationId}`, scopes: [...new Set(op.security!.flatMap((alt) => alt.flatMap((s) => s.scopes)))] })),
);

/** A concrete URL for an operation: path parameters from their examples (uuid-shaped when none). */
function urlOf(service: Service, op: IROperation, overrides: Record<string, string> = {}): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = op.parameters.path.find((p) => p.name === name);
    return encodeURIComponent(overrides[name] ?? (typeof param?.example === 'string' ? param.example : randomUUID()));
  });
  return urls[service] + path;
}

/**
 * Bodies are `{}` unless given: authentication and authorization run before validation. An
 * operation that takes no JSON (ingest's file upload) gets the body as text, in its first media type.
 */
function call(service: Service, op: IROperation, headers: Record<string, string>, overrides: Record<string, string> = {}, body: unknown = {}) {
  const media = op.requestBody?.contents[0]?.mediaType;
  const method = op.method.toUpperCase();
  if (media === undefined) return http(urlOf(service, op, overrides), { method, headers });
  if (media === 'application/json') return http(urlOf(service, op, overrides), { method, headers, json: body });
  return http(urlOf(service, op, overrides), { method, headers: { ...headers, 'content-type': media }, body: typeof body === 'string' ? body : '' });
}

describe('authorization matrix (from the specs)', () => {
  test('Then every operation of every spec declares security or is marked public', () => {
    for (const service of SERVICES) {
      for (const op of irs[service].operations) {
        expect({ op: `${service}.${op.operationId}`, declared: op.security !== undefined && (op.security.length > 0 || op.public) }).toEqual({ op: `${service}.${op.operationId}`, declared: true });
      }
    }
    expect(rows.length).toBeGreaterThanOrEqual(28);
  });

  test.each(rows)('$id: no credentials -> 401 with a Bearer challenge', async ({ service, op }) => {
    const res = await call(service, op, {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="marquee"/);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test.each(rows)('$id: a token without its scope -> 403 naming the scope', async ({ service, op, scopes }) => {
    const others = ALL_SCOPES.filter((s) => !scopes.includes(s));
    const res = await call(service, op, await identity.bearer(TENANT, others));
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain(scopes[0]);
    expect(res.headers.get('www-authenticate')).toContain('insufficient_scope');
  });

  test.each(rows)('$id: the right scope (token, then API key) -> neither 401 nor 403', async ({ service, op, scopes: own }) => {
    const scopes = [...own, ...(FORWARDED[service] ?? [])];
    const byToken = await call(service, op, await identity.bearer(TENANT, scopes));
    expect(byToken.status).not.toBe(401);
    expect(byToken.status).not.toBe(403);
    const { key, revoke } = identity.issueApiKey(TENANT, scopes);
    const byKey = await call(service, op, { 'x-api-key': key });
    expect(byKey.status).not.toBe(401);
    expect(byKey.status).not.toBe(403);
    revoke();
    expect((await call(service, op, { 'x-api-key': key })).status).toBe(401);
  });
});

describe('tenant isolation (another tenant\'s resource -> 404)', () => {
  /**
   * Per tenant-scoped path parameter: how to make a tenant's own resource, a valid body an intruder
   * would send (so the request reaches the data), and where the owner reads it back.
   */
  const fixtures: Record<string, { create(tenant: string): Promise<string>; body: Partial<Record<string, unknown>>; ownerUrl(id: string): string; untouched(resource: any): void }> = {
    segmentId: {
      create: async (tenant) => {
        const res = await http(`${urls.audience}/segments`, { method: 'POST', headers: await identity.bearer(tenant, ALL_SCOPES), json: { name: `Matrix ${randomUUID().slice(0, 8)}`, query: { where: { field: 'region', op: 'eq', value: 'CA-ON' } } } });
        if (res.status !== 201) throw new Error(`fixture segment: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.id as string;
      },
      body: {},
      ownerUrl: (id) => `${urls.audience}/segments/${id}`,
      untouched: (segment: { description?: string }) => expect(segment.description).not.toBe('hijacked'),
    },
    campaignId: {
      create: async (tenant) => {
        const segmentId = await fixtures.segmentId!.create(tenant);
        const json = { name: `Matrix ${randomUUID().slice(0, 8)}`, segmentId, channel: 'email', schedule: { start: '2027-01-01T00:00:00Z', end: '2027-02-01T00:00:00Z' }, budget: { amount: 100, currency: 'CAD' } };
        const res = await http(`${urls.campaigns}/campaigns`, { method: 'POST', headers: await identity.bearer(tenant, ALL_SCOPES), json });
        if (res.status !== 201) throw new Error(`fixture campaign: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.id as string;
      },
      body: { updateCampaign: { name: 'hijacked' }, transitionCampaign: { status: 'cancelled' } },
      ownerUrl: (id) => `${urls.campaigns}/campaigns/${id}`,
      untouched: (campaign: { name: string; status: string }) => expect(campaign).toMatchObject({ name: expect.stringMatching(/^Matrix /), status: 'draft' }),
    },
    importId: {
      create: async (tenant) => {
        const res = await http(`${urls.ingest}/imports`, { method: 'POST', headers: await identity.bearer(tenant, ALL_SCOPES), json: { kind: 'members', format: 'ndjson', fileName: `Matrix ${randomUUID().slice(0, 8)}.ndjson` } });
        if (res.status !== 201) throw new Error(`fixture import: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.id as string;
      },
      body: { uploadImportData: '{"memberId":"hijacked"}\n' },
      ownerUrl: (id) => `${urls.ingest}/imports/${id}`,
      untouched: (job: { rowsRead: number; status: string }) => expect(job).toMatchObject({ rowsRead: 0, status: 'created' }),
    },
  };
  const scoped = rows.filter((r) => r.op.parameters.path.some((p) => p.name in fixtures));

  test('Then every tenant-scoped path parameter has a fixture', () => {
    expect(scoped.map((r) => r.id).sort()).toEqual([
      'audience.deleteSegment', 'audience.getSegment', 'audience.getSegmentBreakdown', 'audience.getSegmentCount', 'audience.updateSegment',
      'campaigns.deleteCampaign', 'campaigns.getCampaign', 'campaigns.getCampaignReach', 'campaigns.transitionCampaign', 'campaigns.updateCampaign',
      'ingest.getImport', 'ingest.getImportErrors', 'ingest.uploadImportData',
      'insights.getSegmentTrend',
    ]);
  });

  test.each(scoped)('$id: tenant B asking for tenant A\'s resource -> 404, and A still sees it', async ({ service, op }) => {
    const param = op.parameters.path.find((p) => p.name in fixtures)!.name;
    const fixture = fixtures[param]!;
    const id = await fixture.create(TENANT);
    // A valid body, so the request reaches the data (an invalid one would stop at validation).
    const intruder = await call(service, op, await identity.bearer(OTHER, ALL_SCOPES), { [param]: id }, fixture.body[op.operationId] ?? { description: 'hijacked' });
    expect(intruder.status).toBe(404);
    expect(JSON.stringify(intruder.body)).not.toContain('Matrix ');
    const owner = await http(fixture.ownerUrl(id), { headers: await identity.bearer(TENANT, ALL_SCOPES) });
    expect(owner.status).toBe(200);
    fixture.untouched(owner.body);
  });

  test('Then listing shows only the caller tenant\'s segments', async () => {
    const mine = await fixtures.segmentId!.create(TENANT);
    const theirs = await fixtures.segmentId!.create(OTHER);
    const list = await http(`${urls.audience}/segments?limit=200`, { headers: await identity.bearer(OTHER, ALL_SCOPES) });
    const ids = (list.body.items as { id: string }[]).map((s) => s.id);
    expect(ids).toContain(theirs);
    expect(ids).not.toContain(mine);
  });
});

describe('405 with Allow on every declared path', () => {
  const paths = SERVICES.flatMap((service) => {
    const byPath = new Map<string, IROperation[]>();
    for (const op of irs[service].operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
    return [...byPath.entries()].map(([path, ops]) => ({ service, path, ops, id: `${service} ${path}` }));
  });

  test.each(paths)('$id: an undeclared method -> 405 with Allow listing the declared ones', async ({ service, ops }) => {
    const declared = ops.map((o) => o.method.toUpperCase());
    const method = ['PUT', 'PATCH', 'DELETE', 'POST'].find((m) => !declared.includes(m))!;
    const res = await http(urlOf(service, ops[0]!), { method, headers: await identity.bearer(TENANT, ALL_SCOPES) });
    expect(res.status).toBe(405);
    const allow = (res.headers.get('allow') ?? '').split(/,\s*/).sort();
    expect(allow).toEqual([...declared].sort());
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
