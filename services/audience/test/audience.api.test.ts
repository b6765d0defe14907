/**
 * Audience over HTTP against real MariaDB, calling a real catalog through the generated
 * client; and the catalog-down path: 503 problem+json with Retry-After, nothing stored.
 */
import { randomUUID } from 'node:crypto';
import { AudienceClient } from '@marquee/generated/audience/client.gen';
import { CatalogClient } from '@marquee/generated/catalog/client.gen';
import { bearer, credentials, http, startAudience, startCatalog, type Started } from '../../../test/support/platform';

let catalog: Started;
let audience: Started;
let client: AudienceClient;
let filmIds: string[];

beforeAll(async () => {
  catalog = await startCatalog();
  audience = await startAudience(catalog.url);
  client = new AudienceClient({ baseUrl: audience.url, credentials: credentials() });
  const films = await new CatalogClient({ baseUrl: catalog.url, credentials: credentials() }).listFilms({ query: { genre: 'horror', limit: 3 } });
  if (films.status !== 200) throw new Error('catalog not seeded');
  filmIds = films.body.items.map((f) => f.id);
});
afterAll(async () => {
  await audience.stop();
  await catalog.stop();
});

const name = () => `Segment ${randomUUID().slice(0, 8)}`;

describe('audience segments', () => {
  test('When a segment names real films, Then it is stored, read, updated, paged and deleted', async () => {
    const created = await client.createSegment({ body: { name: name(), description: 'horror fans', filmIds } });
    if (created.status !== 201) throw new Error(`status ${created.status}: ${JSON.stringify(created.body)}`);
    expect(created.body).toMatchObject({ filmIds, description: 'horror fans' });

    expect(await client.getSegment({ path: { segmentId: created.body.id } })).toMatchObject({ status: 200, body: created.body });
    const updated = await client.updateSegment({ path: { segmentId: created.body.id }, body: { filmIds: filmIds.slice(0, 1) } });
    expect(updated).toMatchObject({ status: 200, body: { filmIds: filmIds.slice(0, 1) } });

    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listSegments({ query: { limit: 2, ...(cursor ? { cursor } : {}) } });
      if (page.status !== 200) throw new Error(`status ${page.status}`);
      listed.push(...page.body.items.map((s) => s.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(listed).toContain(created.body.id);

    expect((await client.deleteSegment({ path: { segmentId: created.body.id } })).status).toBe(204);
    expect((await client.getSegment({ path: { segmentId: created.body.id } })).status).toBe(404);
  });

  test('When a segment names films the catalog does not have, Then 422 points at each one and nothing is stored', async () => {
    const segmentName = name();
    const ghost = randomUUID();
    const res = await client.createSegment({ body: { name: segmentName, filmIds: [filmIds[0]!, ghost] } });
    expect(res).toMatchObject({ status: 422, body: { errors: [{ location: 'body', pointer: '/filmIds/1' }] } });
    expect(await findByName(segmentName)).toBeUndefined();
  });

  test('When the name is taken, Then 409', async () => {
    const segmentName = name();
    expect((await client.createSegment({ body: { name: segmentName, filmIds } })).status).toBe(201);
    expect((await client.createSegment({ body: { name: segmentName, filmIds } })).status).toBe(409);
  });

  test('When the request is bad, Then 400 problem+json names the field', async () => {
    const res = await http(`${audience.url}/segments`, { method: 'POST', headers: await bearer(), json: { name: '', filmIds: ['nope'], colour: 'red' } });
    expect(res.status).toBe(400);
    const pointers = (res.body.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/name', '/filmIds/0', '/colour']));
  });

  test('When the request id is given, Then audience forwards it to catalog', async () => {
    const seen: string[] = [];
    const spy = new CatalogClient({ baseUrl: catalog.url, credentials: credentials(), fetch: (input, init) => { seen.push(new Headers(init?.headers).get('x-request-id') ?? ''); return fetch(input, init); } });
    // The ambient request id flows through AsyncLocalStorage; outside a request there is none.
    await spy.listGenres();
    expect(seen).toEqual(['']);
    const res = await http(`${audience.url}/segments`, { method: 'POST', headers: { 'x-request-id': 'trace-abc', ...(await bearer()) }, json: { name: name(), filmIds } });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('trace-abc');
  });

  test("When audience checks films, Then it forwards the caller's credential: without catalog:read the caller gets 403 and nothing is stored", async () => {
    const segmentName = name();
    const res = await http(`${audience.url}/segments`, { method: 'POST', headers: await bearer(undefined, ['audience:write']), json: { name: segmentName, filmIds } });
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('catalog:read');
    expect(await findByName(segmentName)).toBeUndefined();
  });
});

describe('audience when catalog is down', () => {
  test('When catalog cannot be reached, Then create answers 503 problem+json with Retry-After and stores nothing', async () => {
    const closed = await startCatalog();
    const deadUrl = closed.url;
    await closed.stop();
    const lonely = await startAudience(deadUrl);
    try {
      const segmentName = name();
      const res = await http(`${lonely.url}/segments`, { method: 'POST', headers: await bearer(), json: { name: segmentName, filmIds } });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body).toMatchObject({ status: 503, detail: expect.stringContaining('catalog') });
      expect(await findByName(segmentName)).toBeUndefined();
      // Reads do not need the catalog.
      expect((await http(`${lonely.url}/segments?limit=1`, { headers: await bearer() })).status).toBe(200);
    } finally {
      await lonely.stop();
    }
  });
});

async function findByName(segmentName: string): Promise<unknown> {
  let cursor: string | undefined;
  do {
    const page = await client.listSegments({ query: { limit: 200, ...(cursor ? { cursor } : {}) } });
    if (page.status !== 200) throw new Error(`status ${page.status}`);
    const hit = page.body.items.find((s) => s.name === segmentName);
    if (hit) return hit;
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return undefined;
}
