/**
 * The query endpoints over real Elasticsearch, on a data set whose answers are known by
 * construction: exactly 1,234 of tenant aurora's moviegoers are aged 25-34 in Ontario.
 */
import { randomUUID } from 'node:crypto';
import { AudienceClient } from '@marquee/generated/audience/client.gen';
import { CatalogClient } from '@marquee/generated/catalog/client.gen';
import type { ProfilesIndex } from '../src/data-access/profiles-index';
import type { ProfileDocument } from '../src/domain/query';
import { bearer, credentials, http, startAudience, startCatalog, type Started } from '../../../test/support/platform';

const NOW = new Date('2026-11-28T12:00:00Z');
const T1 = 'aurora-cinemas';
const T2 = 'borealis-theatres';
const GENDERS = ['female', 'male', 'nonbinary', 'unknown'] as const;

let catalog: Started;
let audience: Started & { profiles: ProfilesIndex };
let filmA: string;

function profile(tenantId: string, n: number, over: Partial<ProfileDocument>): ProfileDocument {
  return {
    tenantId,
    memberId: `m-${n}`,
    birthYear: 1995,
    ageBand: '25-34',
    gender: GENDERS[n % 4],
    region: 'CA-ON',
    postcodePrefix: 'M5V',
    membership: { memberSince: '2020-01-01', status: 'active' },
    visits: { last30d: 0, last90d: 0, last365d: 3, lifetime: 10 },
    spend: { tickets: 140, concessions: 40, avgPerVisit: 18 },
    filmsSeen: [],
    filmViews: [],
    genreAffinity: { drama: 1 },
    updatedAt: '2026-11-27T00:00:00Z',
    ...over,
  };
}

/** A: 1,234 T1 aged 25-34 in ON; B: 500 T1 aged 56 in ON; C: 700 T1 aged 25-34 in QC; D: A's twins in T2. */
function dataset(): ProfileDocument[] {
  const docs: ProfileDocument[] = [];
  for (let i = 0; i < 1234; i++) {
    docs.push(
      profile(T1, i, {
        birthYear: 1992 + (i % 10),
        visits: { last30d: 0, last90d: i < 400 ? 2 : 0, last365d: 5, lifetime: 12 },
        genreAffinity: i < 300 ? { horror: 0.6, drama: 0.4 } : { horror: 0.1, drama: 0.9 },
        ...(i < 100 ? { filmsSeen: [filmA], filmViews: [{ filmId: filmA, viewedAt: '2026-11-20T19:00:00Z' }] } : {}),
      }),
    );
    docs.push(profile(T2, i, { birthYear: 1992 + (i % 10) }));
  }
  for (let i = 0; i < 500; i++) docs.push(profile(T1, 10_000 + i, { birthYear: 1970, ageBand: '55-64' }));
  for (let i = 0; i < 700; i++) docs.push(profile(T1, 20_000 + i, { region: 'CA-QC', postcodePrefix: 'H2X' }));
  return docs;
}

beforeAll(async () => {
  catalog = await startCatalog();
  const films = await new CatalogClient({ baseUrl: catalog.url, credentials: credentials() }).listFilms({ query: { limit: 1 } });
  if (films.status !== 200 || !films.body.items[0]) throw new Error('catalog not seeded');
  filmA = films.body.items[0].id;
  audience = await startAudience(catalog.url, { PROFILES_ALIAS: `profiles-query-test-${randomUUID().slice(0, 8)}` }, () => NOW);
  const outcome = await audience.profiles.bulkIndex(dataset(), { refresh: true });
  expect(outcome.failed).toEqual([]);
}, 60_000);

afterAll(async () => {
  await audience.profiles.drop();
  await audience.stop();
  await catalog.stop();
});

const ageInOntario = { and: [{ field: 'age' as const, op: 'between' as const, value: [25, 34] }, { field: 'region' as const, op: 'eq' as const, value: 'CA-ON' }] };
/** The audience client of a caller whose token names the tenant. */
const as = (tenantId: string) => new AudienceClient({ baseUrl: audience.url, credentials: credentials(tenantId) });

describe('audience counts', () => {
  test.each([
    ['aged 25-34 in Ontario', T1, ageInOntario, 1234],
    ['everyone', T1, undefined, 2434],
    ['the other tenant, same question', T2, ageInOntario, 1234],
    ['25-34 in Ontario, 2+ visits in 90 days, horror affinity >= 0.5', T1, { and: [...ageInOntario.and, { field: 'visits.last90d', op: 'gte', value: 2 }, { field: 'genreAffinity', key: 'horror', op: 'gte', value: 0.5 }] }, 300],
    ['not in Quebec', T1, { not: { field: 'region', op: 'in', value: ['CA-QC'] } }, 1734],
    ['saw film A', T1, { field: 'filmsSeen', op: 'any', value: ['FILM_A'] }, 100],
    ['saw film A within 30 days', T1, { field: 'filmViews', key: 'FILM_A', op: 'withinDays', value: 30 }, 100],
    ['postcode prefix H2', T1, { field: 'postcodePrefix', op: 'prefix', value: 'H2' }, 700],
    ['aged 56 or Quebec', T1, { or: [{ field: 'age', op: 'eq', value: 56 }, { field: 'region', op: 'eq', value: 'CA-QC' }] }, 1200],
  ])('When counting %s, Then the answer is exact', async (_name, tenantId, where, expected) => {
    const body = where === undefined ? {} : { where: JSON.parse(JSON.stringify(where).replace(/FILM_A/g, filmA)) };
    const res = await as(tenantId).countAudience({ body });
    expect(res).toMatchObject({ status: 200, body: { count: expected } });
  });
});

describe('audience breakdowns and samples', () => {
  test('When breaking 25-34s down by region and gender, Then counts and percentages are exact', async () => {
    const res = await as(T1).breakdownAudience({
      body: { where: { field: 'age', op: 'between', value: [25, 34] }, breakdowns: [{ field: 'region' }, { field: 'gender', size: 4 }] },
    });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    expect(res.body.total).toBe(1934);
    const [region, gender] = res.body.dimensions;
    expect(region?.buckets).toEqual([
      { key: 'CA-ON', count: 1234, percentage: 63.81 },
      { key: 'CA-QC', count: 700, percentage: 36.19 },
    ]);
    const genderCounts = Object.fromEntries((gender?.buckets ?? []).map((b) => [b.key, b.count]));
    // 1,234 ON members cycle through 4 genders (309, 309, 308, 308), 700 QC ones (175 each).
    expect(genderCounts).toEqual({ female: 309 + 175, male: 309 + 175, nonbinary: 308 + 175, unknown: 308 + 175 });
  });

  test('When sampling, Then the chosen fields of matching members come back, bounded and stable', async () => {
    const body = { where: ageInOntario, sample: { size: 5, fields: ['region' as const, 'visits.last90d' as const] } };
    const first = await as(T1).sampleAudience({ body });
    const again = await as(T1).sampleAudience({ body });
    if (first.status !== 200) throw new Error(JSON.stringify(first.body));
    expect(first.body.total).toBe(1234);
    expect(first.body.items).toHaveLength(5);
    for (const item of first.body.items) expect(item).toMatchObject({ region: 'CA-ON' });
    expect(again.body).toEqual(first.body);
  });

  test('When explaining, Then the compiled request carries the tenant filter', async () => {
    const res = await as(T1).explainAudience({ body: { where: ageInOntario } });
    expect(JSON.stringify(res.body)).toContain(`"tenantId":"${T1}"`);
  });
});

describe('audience segments with queries', () => {
  test('When a segment combines a query and films, Then its count and breakdown answer for the caller tenant', async () => {
    const created = await http(`${audience.url}/segments`, { method: 'POST', headers: await bearer(T1), json: { name: `Recent ON fans ${randomUUID().slice(0, 6)}`, filmIds: [filmA], query: { where: { field: 'region', op: 'eq', value: 'CA-ON' } } } });
    expect(created.status).toBe(201);
    const count = await as(T1).getSegmentCount({ path: { segmentId: created.body.id } });
    expect(count).toMatchObject({ status: 200, body: { count: 100 } });
    // Another tenant's segment is not found: neither its count nor its existence leaks.
    const other = await as(T2).getSegmentCount({ path: { segmentId: created.body.id } });
    expect(other).toMatchObject({ status: 404 });
    const breakdown = await as(T1).getSegmentBreakdown({ path: { segmentId: created.body.id }, query: { dimensions: ['ageBand'] } });
    expect(breakdown).toMatchObject({ status: 200, body: { total: 100, dimensions: [{ field: 'ageBand', buckets: [{ key: '25-34', count: 100, percentage: 100 }] }] } });
    const badDimension = await http(`${audience.url}/segments/${created.body.id}/breakdown?dimensions=shoeSize`, { headers: await bearer(T1) });
    expect(badDimension.status).toBe(400);
    expect(badDimension.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ location: 'query', pointer: '/dimensions/0' })]));
  });

  test('When a segment query is invalid, Then 400 points inside /query and nothing is stored', async () => {
    const res = await http(`${audience.url}/segments`, { method: 'POST', headers: await bearer(T1), json: { name: `Broken ${randomUUID().slice(0, 6)}`, query: { where: { field: 'shoeSize', op: 'eq', value: 42 } } } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ location: 'body', pointer: '/query/where/field' })]);
  });
});

describe('audience query bad input', () => {
  const deep = { not: { not: { not: { not: { not: { not: { field: 'region', op: 'eq', value: 'CA-ON' } } } } } } };
  test.each([
    ['an unknown field', { where: { field: 'shoeSize', op: 'eq', value: 42 } }, ['/where/field']],
    ['an operator the field does not allow', { where: { field: 'region', op: 'between', value: ['A', 'B'] } }, ['/where/op']],
    ['a value of the wrong type', { where: { and: [{ field: 'region', op: 'eq', value: 'CA-ON' }, { field: 'visits.last90d', op: 'gte', value: 'two' }] } }, ['/where/and/1/value']],
    ['nesting deeper than the limit', { where: deep }, ['/where/not/not/not/not/not']],
    ['too many terms', { where: { field: 'postcodePrefix', op: 'in', value: Array.from({ length: 501 }, (_, i) => `A${i}`) } }, ['/where/value']],
    ['an oversized sample', { sample: { size: 5000, fields: ['region'] } }, ['/sample/size']],
    ['an empty group', { where: { and: [] } }, ['/where/and']],
  ])('When the query has %s, Then 400 names the pointer', async (_name, body, pointers) => {
    const res = await http(`${audience.url}/audience/count`, { method: 'POST', headers: await bearer(T1), json: body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const got = (res.body.errors as { pointer: string }[]).map((e) => e.pointer);
    for (const p of pointers) expect(got.some((g) => g.startsWith(p))).toBe(true);
  });

  test('When no credentials are sent (the tenant comes only from a token), Then 401 with a Bearer challenge', async () => {
    const res = await http(`${audience.url}/audience/count`, { method: 'POST', headers: { 'x-tenant-id': T1 }, json: {} });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="marquee"/);
  });

  test('When a breakdown has no dimensions, Then 400 points at /breakdowns', async () => {
    const res = await http(`${audience.url}/audience/breakdown`, { method: 'POST', headers: await bearer(T1), json: { where: ageInOntario } });
    expect(res).toMatchObject({ status: 400, body: { errors: [{ pointer: '/breakdowns' }] } });
  });
});
