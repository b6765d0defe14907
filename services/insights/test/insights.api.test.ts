/**
 * Insights over real engines: catalog (MariaDB), audience (MariaDB + Elasticsearch) and
 * insights, all through generated clients. Profiles with film views are generated here from a
 * seeded random source, and every figure insights returns is recomputed independently from
 * those documents.
 */
import { randomUUID } from 'node:crypto';
import { AudienceClient } from '@marquee/generated/audience/client.gen';
import { CatalogClient } from '@marquee/generated/catalog/client.gen';
import { InsightsClient } from '@marquee/generated/insights/client.gen';
import type { Schemas as CatalogSchemas } from '@marquee/generated/catalog/types.gen';
import type { ProfilesIndex } from '../../audience/src/data-access/profiles-index';
import type { ProfileDocument } from '../../audience/src/domain/query';
import { credentials, http, bearer, startAudience, startCatalog, startInsights, type Started } from '../../../test/support/platform';

const T1 = 'aurora-cinemas';
const T2 = 'borealis-theatres';
const REGIONS = ['CA-ON', 'CA-QC', 'US-NY'] as const;
const DAY = 86_400_000;

let catalog: Started;
let audience: Started & { profiles: ProfilesIndex };
let insights: Started;
let films: CatalogSchemas['Film'][];
let docs: ProfileDocument[];

/** mulberry32: a small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Members who saw some of the films, on days from 3 weeks before the first film's release to 14 weeks after. */
function generate(tenantId: string, count: number, seed: number): ProfileDocument[] {
  const next = random(seed);
  const base = Date.parse(`${films[0]!.releaseDate}T00:00:00Z`) - 21 * DAY;
  return Array.from({ length: count }, (_, n) => {
    const views = Array.from({ length: Math.floor(next() * 5) }, () => ({
      filmId: films[Math.floor(next() * films.length)]!.id,
      viewedAt: new Date(base + Math.floor(next() * 119 * DAY) + Math.floor(next() * 20) * 3_600_000).toISOString(),
    }));
    return {
      tenantId,
      memberId: `ins-${n}`,
      birthYear: 1990,
      ageBand: '35-44',
      gender: 'unknown',
      region: REGIONS[Math.floor(next() * REGIONS.length)]!,
      visits: { last30d: 0, last90d: views.length, last365d: views.length, lifetime: views.length },
      spend: { tickets: 0, concessions: 0, avgPerVisit: 0 },
      filmsSeen: [...new Set(views.map((v) => v.filmId))],
      filmViews: views,
      genreAffinity: {},
      updatedAt: '2026-11-27T00:00:00Z',
    };
  });
}

const client = (tenant = T1, scopes?: string[]) => new InsightsClient({ baseUrl: insights.url, credentials: credentials(tenant, scopes) });
const mine = (tenant = T1) => docs.filter((d) => d.tenantId === tenant);
const day = (iso: string) => iso.slice(0, 10);
function monday(isoDate: string): string {
  const d = new Date(`${day(isoDate)}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
}

beforeAll(async () => {
  catalog = await startCatalog();
  const list = await new CatalogClient({ baseUrl: catalog.url, credentials: credentials() }).listFilms({ query: { limit: 3 } });
  if (list.status !== 200 || list.body.items.length < 3) throw new Error('catalog not seeded');
  films = list.body.items;
  audience = await startAudience(catalog.url, { PROFILES_ALIAS: `profiles-insights-test-${randomUUID().slice(0, 8)}` });
  insights = await startInsights({ audience: audience.url, catalog: catalog.url });
  docs = [...generate(T1, 400, 7), ...generate(T2, 150, 11)];
  expect((await audience.profiles.bulkIndex(docs, { refresh: true })).failed).toEqual([]);
}, 60_000);

afterAll(async () => {
  await audience.profiles.drop();
  await insights.stop();
  await audience.stop();
  await catalog.stop();
});

describe('film performance', () => {
  test.each([T1, T2])('When %s asks for 8 weeks from release, Then views and viewers per week and region equal the seeded views', async (tenant) => {
    const film = films[0]!;
    const res = await client(tenant).getFilmPerformance({ path: { filmId: film.id } });
    if (res.status !== 200) throw new Error(`performance: ${res.status} ${JSON.stringify(res.body)}`);
    const from = film.releaseDate;
    const to = new Date(Date.parse(`${from}T00:00:00Z`) + 56 * DAY).toISOString().slice(0, 10);
    // Independently: every view of the film in [from, to), keyed by week and region.
    const views = new Map<string, number>();
    const members = new Map<string, Set<string>>();
    const total = { views: 0, members: new Set<string>() };
    for (const doc of mine(tenant)) {
      for (const v of doc.filmViews) {
        if (v.filmId !== film.id || day(v.viewedAt) < from || day(v.viewedAt) >= to) continue;
        for (const key of [monday(v.viewedAt), `${monday(v.viewedAt)}|${doc.region}`]) {
          views.set(key, (views.get(key) ?? 0) + 1);
          members.set(key, (members.get(key) ?? new Set()).add(doc.memberId));
        }
        total.views += 1;
        total.members.add(doc.memberId);
      }
    }
    expect(res.body).toMatchObject({ film: { id: film.id, title: film.title, releaseDate: film.releaseDate }, from, to, views: total.views, members: total.members.size });
    expect(total.views).toBeGreaterThan(0);
    expect(res.body.weeks[0]!.weekStart).toBe(monday(from));
    expect(res.body.weeks.length).toBeGreaterThanOrEqual(8);
    for (const week of res.body.weeks) {
      expect({ week: week.weekStart, views: week.views, members: week.members }).toEqual({ week: week.weekStart, views: views.get(week.weekStart) ?? 0, members: members.get(week.weekStart)?.size ?? 0 });
      const expectedRegions = REGIONS.filter((r) => views.has(`${week.weekStart}|${r}`))
        .map((r) => ({ regionId: r, views: views.get(`${week.weekStart}|${r}`)!, members: members.get(`${week.weekStart}|${r}`)!.size }))
        .sort((a, b) => b.views - a.views || a.regionId.localeCompare(b.regionId));
      expect(week.regions.map(({ regionId, views: v, members: m }) => ({ regionId, views: v, members: m }))).toEqual(expectedRegions);
    }
    const ontario = res.body.weeks.flatMap((w) => w.regions).find((r) => r.regionId === 'CA-ON');
    expect(ontario?.name).toBe('Ontario');
  });

  test('When the film is unknown or the range is bad, Then 404, or 400 naming the parameter', async () => {
    expect((await client().getFilmPerformance({ path: { filmId: randomUUID() } })).status).toBe(404);
    const res = await http(`${insights.url}/insights/films/${films[0]!.id}/performance?weeks=0&from=someday`, { headers: await bearer() });
    expect(res.status).toBe(400);
    expect((res.body.errors as { location: string; pointer: string }[]).map((e) => `${e.location}${e.pointer}`).sort()).toEqual(['query/from', 'query/weeks']);
  });

  test('When the caller may not read the catalog, Then 403 naming catalog:read', async () => {
    const res = await client(T1, ['insights:read', 'audience:read']).getFilmPerformance({ path: { filmId: films[0]!.id } });
    expect(res.status).toBe(403);
    expect((res.body as { detail: string }).detail).toMatch(/catalog:read/);
  });
});

describe('audience overlap', () => {
  test.each([T1, T2])('When %s compares two films, Then saw-a, saw-b, both, either and Jaccard equal the seeded members', async (tenant) => {
    const [a, b] = [films[0]!.id, films[1]!.id];
    const res = await client(tenant).getFilmOverlap({ query: { a, b } });
    if (res.status !== 200) throw new Error(`overlap: ${res.status} ${JSON.stringify(res.body)}`);
    const sawA = mine(tenant).filter((d) => d.filmsSeen.includes(a)).length;
    const sawB = mine(tenant).filter((d) => d.filmsSeen.includes(b)).length;
    const both = mine(tenant).filter((d) => d.filmsSeen.includes(a) && d.filmsSeen.includes(b)).length;
    const either = mine(tenant).filter((d) => d.filmsSeen.includes(a) || d.filmsSeen.includes(b)).length;
    expect(both).toBeGreaterThan(0);
    expect(res.body).toEqual({
      a: { film: { id: a, title: films[0]!.title, releaseDate: films[0]!.releaseDate }, members: sawA },
      b: { film: { id: b, title: films[1]!.title, releaseDate: films[1]!.releaseDate }, members: sawB },
      both,
      either,
      jaccard: Math.round((both / either) * 10_000) / 10_000,
    });
  });

  test('When a film is unknown or both are the same, Then 422 or 400 naming the parameter', async () => {
    const ghost = randomUUID();
    expect(await client().getFilmOverlap({ query: { a: films[0]!.id, b: ghost } })).toMatchObject({ status: 422, body: { errors: [{ location: 'query', pointer: '/b' }] } });
    expect(await client().getFilmOverlap({ query: { a: films[0]!.id, b: films[0]!.id } })).toMatchObject({ status: 400, body: { errors: [{ location: 'query', pointer: '/b' }] } });
    const missing = await http(`${insights.url}/insights/overlap?a=${films[0]!.id}`, { headers: await bearer() });
    expect(missing).toMatchObject({ status: 400, body: { errors: [{ location: 'query', pointer: '/b' }] } });
  });
});

describe('segment trend', () => {
  test('When a segment (query + films) is followed over 6 months, Then members and views per month equal the seeded views', async () => {
    const film = films[1]!;
    const created = await new AudienceClient({ baseUrl: audience.url, credentials: credentials(T1) }).createSegment({
      body: { name: `Trend ${randomUUID().slice(0, 8)}`, filmIds: [film.id], query: { where: { field: 'region', op: 'in', value: ['CA-ON', 'US-NY'] } } },
    });
    if (created.status !== 201) throw new Error(`segment: ${created.status} ${JSON.stringify(created.body)}`);
    const until = new Date(Date.parse(`${films[0]!.releaseDate}T00:00:00Z`) + 70 * DAY).toISOString().slice(0, 7);
    const res = await client().getSegmentTrend({ path: { segmentId: created.body.id }, query: { until, months: 6 } });
    if (res.status !== 200) throw new Error(`trend: ${res.status} ${JSON.stringify(res.body)}`);

    const inSegment = mine(T1).filter((d) => ['CA-ON', 'US-NY'].includes(d.region!) && d.filmsSeen.includes(film.id));
    const months = res.body.months.map((m) => m.month);
    expect(months).toHaveLength(6);
    expect(months.at(-1)).toBe(until);
    const expected = months.map((month) => {
      const viewsInMonth = inSegment.map((d) => d.filmViews.filter((v) => v.viewedAt.startsWith(month)).length);
      return { month, members: viewsInMonth.filter((n) => n > 0).length, views: viewsInMonth.reduce((s, n) => s + n, 0) };
    });
    expect(expected.some((m) => m.views > 0)).toBe(true);
    expect(res.body).toEqual({ segment: { id: created.body.id, name: created.body.name }, size: inSegment.length, months: expected });
  });

  test('When the segment is unknown or another tenant\'s, Then 404; a bad month is a 400 naming `until`', async () => {
    const created = await new AudienceClient({ baseUrl: audience.url, credentials: credentials(T2) }).createSegment({ body: { name: `Other ${randomUUID().slice(0, 8)}` } });
    if (created.status !== 201) throw new Error('segment');
    expect((await client(T1).getSegmentTrend({ path: { segmentId: created.body.id }, query: {} })).status).toBe(404);
    expect((await client(T1).getSegmentTrend({ path: { segmentId: randomUUID() }, query: {} })).status).toBe(404);
    const res = await http(`${insights.url}/insights/segments/${created.body.id}/trend?until=2026-13`, { headers: await bearer(T2) });
    expect(res).toMatchObject({ status: 400, body: { errors: [{ location: 'query', pointer: '/until' }] } });
  });
});

describe('audience views over time (the operation insights composes)', () => {
  test('When `to` is not after `from` or `where` names an unknown field, Then 400 names it', async () => {
    const res = await http(`${audience.url}/audience/views`, { method: 'POST', headers: await bearer(), json: { from: '2026-10-01', to: '2026-09-01', interval: 'week' } });
    expect(res).toMatchObject({ status: 400, body: { errors: [{ location: 'body', pointer: '/to' }] } });
    const bad = await http(`${audience.url}/audience/views`, { method: 'POST', headers: await bearer(), json: { from: '2026-10-01', to: '2026-11-01', interval: 'day', where: { field: 'shoeSize', op: 'eq', value: 9 } } });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { pointer: string }[]).map((e) => e.pointer)).toEqual(expect.arrayContaining(['/where/field']));
  });
});
