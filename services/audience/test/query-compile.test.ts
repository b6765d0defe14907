/**
 * Given an audience query, want the exact Elasticsearch search body. One table per concern,
 * all run by `runCases`; every body is tenant-scoped and evaluated at a fixed `now`.
 */
import { AppError } from '@marquee/runtime';
import { compileQuery, type EsQuery, type SearchBody } from '../src/domain/query';

const NOW = new Date('2026-06-15T12:00:00Z');
const TENANT = 'b7a1c3d2-0000-4000-8000-000000000001';
const F1 = '0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10';
const F2 = '1c7f3f1e-4d8b-4d2f-8b9f-7c2a0a4f3b21';
const TENANT_FILTER: EsQuery = { term: { tenantId: TENANT } };

type TestCase = [name: string, { given: unknown; want: SearchBody }];

function runCases(cases: TestCase[]): void {
  test.each(cases)('%s', (_name, { given, want }) => {
    expect(compileQuery(given, { tenantId: TENANT, now: NOW }).body).toEqual(want);
  });
}

/** The body for a count with these clauses after the tenant filter. */
const countBody = (...clauses: EsQuery[]): SearchBody => ({ query: { bool: { filter: [TENANT_FILTER, ...clauses] } }, size: 0, track_total_hits: true });
const where = (expression: unknown, ...want: EsQuery[]): { given: unknown; want: SearchBody } => ({ given: { where: expression }, want: countBody(...want) });
const range = (path: string, bounds: Record<string, string | number>): EsQuery => ({ range: { [path]: bounds } });

describe('conditions', () => {
  runCases([
    ['no where: every member of the tenant', { given: {}, want: countBody() }],
    ['keyword eq', where({ field: 'gender', op: 'eq', value: 'female' }, { term: { gender: 'female' } })],
    ['keyword in', where({ field: 'region', op: 'in', value: ['CA-ON', 'CA-QC'] }, { terms: { region: ['CA-ON', 'CA-QC'] } })],
    ['keyword exists', where({ field: 'membership.status', op: 'exists' }, { exists: { field: 'membership.status' } })],
    ['uuid keyword eq', where({ field: 'favouriteCinemaId', op: 'eq', value: F1 }, { term: { favouriteCinemaId: F1 } })],
    ['number eq', where({ field: 'birthYear', op: 'eq', value: 1990 }, { term: { birthYear: 1990 } })],
    ['number in', where({ field: 'visits.last30d', op: 'in', value: [1, 2] }, { terms: { 'visits.last30d': [1, 2] } })],
    ['number between is inclusive', where({ field: 'visits.last90d', op: 'between', value: [2, 5] }, range('visits.last90d', { gte: 2, lte: 5 }))],
    ['number gte', where({ field: 'spend.tickets', op: 'gte', value: 100.5 }, range('spend.tickets', { gte: 100.5 }))],
    ['number lte', where({ field: 'spend.concessions', op: 'lte', value: 20 }, range('spend.concessions', { lte: 20 }))],
    ['number gt', where({ field: 'spend.avgPerVisit', op: 'gt', value: 12 }, range('spend.avgPerVisit', { gt: 12 }))],
    ['number lt', where({ field: 'visits.lifetime', op: 'lt', value: 3 }, range('visits.lifetime', { lt: 3 }))],
    ['number exists', where({ field: 'visits.last365d', op: 'exists' }, { exists: { field: 'visits.last365d' } })],
    ['age eq -> one birth year', where({ field: 'age', op: 'eq', value: 30 }, { term: { birthYear: 1996 } })],
    ['age between -> birth years reversed', where({ field: 'age', op: 'between', value: [25, 34] }, range('birthYear', { gte: 1992, lte: 2001 }))],
    ['age gte -> born in or before', where({ field: 'age', op: 'gte', value: 18 }, range('birthYear', { lte: 2008 }))],
    ['age gt -> born before', where({ field: 'age', op: 'gt', value: 18 }, range('birthYear', { lt: 2008 }))],
    ['age lte -> born in or after', where({ field: 'age', op: 'lte', value: 65 }, range('birthYear', { gte: 1961 }))],
    ['age lt -> born after', where({ field: 'age', op: 'lt', value: 65 }, range('birthYear', { gt: 1961 }))],
    ['age exists', where({ field: 'age', op: 'exists' }, { exists: { field: 'birthYear' } })],
    ['date between', where({ field: 'firstVisit', op: 'between', value: ['2026-01-01', '2026-03-31'] }, range('firstVisit', { gte: '2026-01-01', lte: '2026-03-31' }))],
    ['date gte with a date-time', where({ field: 'membership.memberSince', op: 'gte', value: '2020-01-01T00:00:00Z' }, range('membership.memberSince', { gte: '2020-01-01T00:00:00Z' }))],
    ['date lt', where({ field: 'lastVisit', op: 'lt', value: '2026-01-01' }, range('lastVisit', { lt: '2026-01-01' }))],
    ['date withinDays from now', where({ field: 'lastVisit', op: 'withinDays', value: 30 }, range('lastVisit', { gte: '2026-05-16T12:00:00.000Z' }))],
    ['filmsSeen any', where({ field: 'filmsSeen', op: 'any', value: [F1, F2] }, { terms: { filmsSeen: [F1, F2] } })],
    ['filmsSeen all -> one term each', where({ field: 'filmsSeen', op: 'all', value: [F1, F2] }, { bool: { filter: [{ term: { filmsSeen: F1 } }, { term: { filmsSeen: F2 } }] } })],
    ['filmsSeen exists', where({ field: 'filmsSeen', op: 'exists' }, { exists: { field: 'filmsSeen' } })],
    [
      'filmViews withinDays -> nested on film and date',
      where(
        { field: 'filmViews', key: F1, op: 'withinDays', value: 14 },
        { nested: { path: 'filmViews', query: { bool: { filter: [{ term: { 'filmViews.filmId': F1 } }, range('filmViews.viewedAt', { gte: '2026-06-01T12:00:00.000Z' })] } } } },
      ),
    ],
    [
      'filmViews between',
      where(
        { field: 'filmViews', key: F2, op: 'between', value: ['2026-01-01', '2026-01-31'] },
        { nested: { path: 'filmViews', query: { bool: { filter: [{ term: { 'filmViews.filmId': F2 } }, range('filmViews.viewedAt', { gte: '2026-01-01', lte: '2026-01-31' })] } } } },
      ),
    ],
    [
      'filmViews exists -> saw the film at all',
      where({ field: 'filmViews', key: F1, op: 'exists' }, { nested: { path: 'filmViews', query: { bool: { filter: [{ term: { 'filmViews.filmId': F1 } }] } } } }),
    ],
    ['postcode prefix, upper-cased', where({ field: 'postcodePrefix', op: 'prefix', value: 'm5' }, { prefix: { postcodePrefix: { value: 'M5' } } })],
    ['postcode eq, upper-cased', where({ field: 'postcodePrefix', op: 'eq', value: 'm5v' }, { term: { postcodePrefix: 'M5V' } })],
    ['postcode in', where({ field: 'postcodePrefix', op: 'in', value: ['941', 'M5V'] }, { terms: { postcodePrefix: ['941', 'M5V'] } })],
    ['genre share gte, keyed', where({ field: 'genreAffinity', key: 'horror', op: 'gte', value: 0.5 }, range('genreAffinity.horror', { gte: 0.5 }))],
    [
      'genre share between, keyed',
      where({ field: 'genreAffinity', key: 'science-fiction', op: 'between', value: [0.2, 0.8] }, range('genreAffinity.science-fiction', { gte: 0.2, lte: 0.8 })),
    ],
    ['genre share exists', where({ field: 'genreAffinity', key: 'war', op: 'exists' }, { exists: { field: 'genreAffinity.war' } })],
  ]);
});

const female: EsQuery = { term: { gender: 'female' } };
const ontario: EsQuery = { term: { region: 'CA-ON' } };
const frequent: EsQuery = range('visits.last90d', { gte: 2 });
const FEMALE = { field: 'gender', op: 'eq', value: 'female' };
const ONTARIO = { field: 'region', op: 'eq', value: 'CA-ON' };
const FREQUENT = { field: 'visits.last90d', op: 'gte', value: 2 };

describe('groups', () => {
  runCases([
    ['top-level and joins the tenant filter', where({ and: [FEMALE, ONTARIO] }, female, ontario)],
    ['or -> should with minimum_should_match 1', where({ or: [FEMALE, ONTARIO] }, { bool: { should: [female, ontario], minimum_should_match: 1 } })],
    ['not -> must_not', where({ not: FEMALE }, { bool: { must_not: [female] } })],
    ['single-item groups collapse', where({ or: [{ and: [FEMALE] }] }, female)],
    ['and inside and stays a group', where({ and: [FEMALE, { and: [ONTARIO, FREQUENT] }] }, female, { bool: { filter: [ontario, frequent] } })],
    [
      'and / or / not nested',
      where(
        { and: [FEMALE, { or: [ONTARIO, { not: { and: [FREQUENT, { field: 'region', op: 'in', value: ['CA-QC'] }] } }] }] },
        female,
        {
          bool: {
            should: [ontario, { bool: { must_not: [{ bool: { filter: [frequent, { terms: { region: ['CA-QC'] } }] } }] } }],
            minimum_should_match: 1,
          },
        },
      ),
    ],
    [
      'five levels of groups',
      where({ not: { not: { or: [{ and: [{ not: FEMALE }, ONTARIO] }, FREQUENT] } } }, {
        bool: { must_not: [{ bool: { must_not: [{ bool: { should: [{ bool: { filter: [{ bool: { must_not: [female] } }, ontario] } }, frequent], minimum_should_match: 1 } }] } }] },
      }),
    ],
  ]);
});

describe('breakdowns', () => {
  const withAggs = (given: unknown, aggs: SearchBody['aggs']): { given: unknown; want: SearchBody } => ({ given, want: { ...countBody(), aggs } });
  runCases([
    ['terms with the default size', withAggs({ breakdowns: [{ field: 'ageBand' }] }, { b0: { terms: { field: 'ageBand', size: 10 } } })],
    ['terms with a size', withAggs({ breakdowns: [{ field: 'region', type: 'terms', size: 50 }] }, { b0: { terms: { field: 'region', size: 50 } } })],
    ['terms on the films seen', withAggs({ breakdowns: [{ field: 'filmsSeen', size: 5 }] }, { b0: { terms: { field: 'filmsSeen', size: 5 } } })],
    [
      'number ranges: [from, to), default keys',
      withAggs({ breakdowns: [{ field: 'visits.last90d', ranges: [{ to: 1 }, { from: 1, to: 5 }, { from: 5 }] }] }, {
        b0: { filters: { filters: { '*..1': range('visits.last90d', { lt: 1 }), '1..5': range('visits.last90d', { gte: 1, lt: 5 }), '5..*': range('visits.last90d', { gte: 5 }) } } },
      }),
    ],
    [
      'age ranges -> birth-year ranges',
      withAggs({ breakdowns: [{ field: 'age', type: 'ranges', ranges: [{ from: 18, to: 25, key: '18-24' }, { from: 65, key: '65+' }] }] }, {
        b0: { filters: { filters: { '18-24': range('birthYear', { gt: 2001, lte: 2008 }), '65+': range('birthYear', { lte: 1961 }) } } },
      }),
    ],
    [
      'genre share ranges, keyed',
      withAggs({ breakdowns: [{ field: 'genreAffinity', key: 'horror', ranges: [{ to: 0.25, key: 'low' }, { from: 0.25, key: 'high' }] }] }, {
        b0: { filters: { filters: { low: range('genreAffinity.horror', { lt: 0.25 }), high: range('genreAffinity.horror', { gte: 0.25 }) } } },
      }),
    ],
    [
      'date ranges',
      withAggs({ breakdowns: [{ field: 'membership.memberSince', ranges: [{ from: '2020-01-01', to: '2025-01-01' }] }] }, {
        b0: { filters: { filters: { '2020-01-01..2025-01-01': range('membership.memberSince', { gte: '2020-01-01', lt: '2025-01-01' }) } } },
      }),
    ],
    [
      'three breakdowns with a filter',
      {
        given: { where: FEMALE, breakdowns: [{ field: 'ageBand' }, { field: 'region', size: 3 }, { field: 'birthYear', ranges: [{ from: 1990 }] }] },
        want: {
          ...countBody(female),
          aggs: {
            b0: { terms: { field: 'ageBand', size: 10 } },
            b1: { terms: { field: 'region', size: 3 } },
            b2: { filters: { filters: { '1990..*': range('birthYear', { gte: 1990 }) } } },
          },
        },
      },
    ],
  ]);
});

describe('samples', () => {
  const sampleBody = (size: number, includes: string[], sort: SearchBody['sort'], ...clauses: EsQuery[]): SearchBody => ({
    ...countBody(...clauses),
    size,
    _source: { includes },
    sort,
  });
  runCases([
    ['fields, sorted by member id', { given: { sample: { size: 5, fields: ['region', 'visits.last90d'] } }, want: sampleBody(5, ['region', 'visits.last90d'], [{ memberId: { order: 'asc' } }]) }],
    [
      'sorted by a field, then member id',
      {
        given: { where: ONTARIO, sample: { size: 100, fields: ['lastVisit', 'membership.status'], sort: { field: 'lastVisit', order: 'desc' } } },
        want: sampleBody(100, ['lastVisit', 'membership.status'], [{ lastVisit: { order: 'desc' } }, { memberId: { order: 'asc' } }], ontario),
      },
    ],
    [
      'sorted by a genre share',
      {
        given: { sample: { size: 10, fields: ['genreAffinity'], sort: { field: 'genreAffinity', key: 'horror', order: 'desc' } } },
        want: sampleBody(10, ['genreAffinity'], [{ 'genreAffinity.horror': { order: 'desc' } }, { memberId: { order: 'asc' } }]),
      },
    ],
    [
      'breakdown and sample in one body',
      {
        given: { breakdowns: [{ field: 'gender' }], sample: { size: 1, fields: ['gender'] } },
        want: { ...sampleBody(1, ['gender'], [{ memberId: { order: 'asc' } }]), aggs: { b0: { terms: { field: 'gender', size: 10 } } } },
      },
    ],
  ]);
});

describe('compileQuery', () => {
  const context = { tenantId: TENANT, now: NOW };

  test('When the same query is compiled twice, Then the bodies are identical and the input is untouched', () => {
    const input = { where: { and: [FEMALE, { or: [ONTARIO, FREQUENT] }] }, breakdowns: [{ field: 'ageBand' }], sample: { size: 3, fields: ['region'] } };
    const before = JSON.stringify(input);
    expect(JSON.stringify(compileQuery(input, context))).toBe(JSON.stringify(compileQuery(input, context)));
    expect(JSON.stringify(input)).toBe(before);
  });

  test('When the query is invalid, Then a 400 AppError lists every problem', () => {
    const error = (() => {
      try {
        compileQuery({ where: { and: [{ field: 'nope', op: 'eq', value: 1 }, { field: 'age', op: 'prefix', value: '1' }] } }, context);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 400, errors: [{ location: 'body', pointer: '/where/and/0/field' }, { location: 'body', pointer: '/where/and/1/op' }] });
  });

  test('When the context has no tenant or no valid now, Then compilation refuses', () => {
    expect(() => compileQuery({}, { tenantId: '', now: NOW })).toThrow('tenantId');
    expect(() => compileQuery({}, { tenantId: TENANT, now: new Date(Number.NaN) })).toThrow('now');
  });

  test('When a breakdown and a sample are compiled, Then the dimensions and sample fields say how to read the response', () => {
    const compiled = compileQuery(
      { breakdowns: [{ field: 'region' }, { field: 'genreAffinity', key: 'drama', ranges: [{ to: 0.5 }, { from: 0.5, key: 'fans' }] }], sample: { size: 2, fields: ['membership.status'] } },
      context,
    );
    expect(compiled.dimensions).toEqual([
      { agg: 'b0', field: 'region', type: 'terms' },
      { agg: 'b1', field: 'genreAffinity', key: 'drama', type: 'ranges', rangeKeys: ['*..0.5', 'fans'] },
    ]);
    expect(compiled.sampleFields).toEqual([{ name: 'membership.status', path: 'membership.status' }]);
  });
});
