/**
 * Given a bad audience query, want the exact JSON pointer of every culprit (location 'body').
 * One table per part of the query, all run by `runCases`.
 */
import { QUERY_LIMITS, parseAudienceQuery, validateAudienceQuery } from '../src/domain/query';

const F1 = '0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10';
const FEMALE = { field: 'gender', op: 'eq', value: 'female' };

type TestCase = [name: string, { given: unknown; want: string[]; detail?: string }];

function runCases(cases: TestCase[]): void {
  test.each(cases)('%s', (_name, { given, want, detail }) => {
    const errors = validateAudienceQuery(given);
    expect(errors.map((e) => e.pointer)).toEqual(want);
    expect(errors.every((e) => e.location === 'body' && e.detail.length > 0)).toBe(true);
    if (detail !== undefined) {
      expect(errors[0]?.detail).toContain(detail);
    }
  });
}

const cond = (condition: Record<string, unknown>, want: string[], detail?: string): { given: unknown; want: string[]; detail?: string } => ({
  given: { where: { and: [FEMALE, FEMALE, condition] } },
  want: want.map((p) => `/where/and/2${p}`),
  ...(detail === undefined ? {} : { detail }),
});
const nest = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { not: nest(depth - 1, leaf) });

describe('the query object', () => {
  runCases([
    ['not an object', { given: [], want: [''], detail: 'must be a JSON object' }],
    ['null', { given: null, want: [''] }],
    ['unknown property', { given: { where: FEMALE, limit: 5 }, want: ['/limit'], detail: "unknown property 'limit'" }],
    ['pointer tokens are escaped', { given: { 'a/b': 1, '~x': 2 }, want: ['/a~1b', '/~0x'] }],
    [
      'every problem at once, in document order',
      {
        given: { where: { field: 'nope', op: 'eq' }, breakdowns: [{ field: 'ageBand', size: 0 }], sample: { size: 0, fields: ['age'] } },
        want: ['/where/field', '/breakdowns/0/size', '/sample/size', '/sample/fields/0'],
      },
    ],
  ]);

  test('When a query is valid, Then there are no errors and the parsed form is returned', () => {
    const query = {
      where: {
        and: [
          { field: 'age', op: 'between', value: [25, 34] },
          { field: 'genreAffinity', key: 'horror', op: 'gte', value: 0.5 },
          { field: 'visits.last90d', op: 'gte', value: 2 },
          { not: { field: 'region', op: 'in', value: ['CA-QC'] } },
        ],
      },
      breakdowns: [{ field: 'ageBand' }, { field: 'region', size: 10 }],
      sample: { size: 5, fields: ['region'] },
    };
    expect(validateAudienceQuery(query)).toEqual([]);
    expect(parseAudienceQuery(query)).toMatchObject({ ok: true, query: { breakdowns: [{ type: 'terms', size: 10 }, { type: 'terms', size: 10 }], sample: { size: 5 } } });
  });

  test('When a query has a great many problems, Then collection stops at the cap', () => {
    const given = { where: { field: 'region', op: 'in', value: Array.from({ length: 500 }, () => 'nowhere') } };
    expect(validateAudienceQuery(given)).toHaveLength(QUERY_LIMITS.maxErrors);
  });
});

describe('groups', () => {
  const twentyOne = Array.from({ length: 21 }, () => FEMALE);
  runCases([
    ['where is not an object', { given: { where: 5 }, want: ['/where'], detail: 'must be an object' }],
    ['neither a condition nor a group', { given: { where: {} }, want: ['/where'], detail: "must have 'field'" }],
    ['a group and a condition in one object', { given: { where: { and: [FEMALE], field: 'gender' } }, want: ['/where'], detail: "has both 'and' and 'field'" }],
    ['two groups in one object', { given: { where: { and: [FEMALE], or: [FEMALE] } }, want: ['/where'] }],
    ['empty and', { given: { where: { and: [] } }, want: ['/where/and'], detail: 'needs 1 to 20' }],
    ['empty or, nested', { given: { where: { and: [FEMALE, { or: [] }] } }, want: ['/where/and/1/or'] }],
    ['and is not a list', { given: { where: { and: FEMALE } }, want: ['/where/and'] }],
    ['more than 20 items', { given: { where: { or: twentyOne } }, want: ['/where/or'], detail: 'got 21' }],
    ['unknown property beside a group', { given: { where: { not: FEMALE, because: 'x' } }, want: ['/where/because'] }],
    ['not of nothing', { given: { where: { not: null } }, want: ['/where/not'] }],
    ['five levels nest fine', { given: { where: nest(5, FEMALE) }, want: [] }],
    ['a sixth level is too deep', { given: { where: nest(7, FEMALE) }, want: ['/where/not/not/not/not/not'], detail: 'deeper than 5' }],
    [
      'the 101st condition',
      {
        given: { where: { and: Array.from({ length: 6 }, () => ({ and: Array.from({ length: 20 }, () => FEMALE) })) } },
        want: ['/where/and/5/and/0'],
        detail: 'at most 100',
      },
    ],
  ]);
});

describe('conditions', () => {
  runCases([
    ['unknown field', cond({ field: 'shoeSize', op: 'eq', value: 42 }, ['/field'], "unknown field 'shoeSize'")],
    ['field is not a string', cond({ field: 3, op: 'eq', value: 1 }, ['/field'])],
    ['unknown property', cond({ ...FEMALE, weight: 2 }, ['/weight'])],
    ['missing op', cond({ field: 'gender', value: 'male' }, [''], "needs an 'op'")],
    ['unknown op', cond({ field: 'gender', op: 'like', value: 'fe%' }, ['/op'], "unknown operator 'like'")],
    ['prefix on a non-postcode', cond({ field: 'region', op: 'prefix', value: 'CA' }, ['/op'], "'prefix' does not apply to 'region'")],
    ['any on a keyword', cond({ field: 'gender', op: 'any', value: ['male'] }, ['/op'])],
    ['withinDays on a number', cond({ field: 'visits.last30d', op: 'withinDays', value: 3 }, ['/op'])],
    ['eq on money', cond({ field: 'spend.tickets', op: 'eq', value: 10 }, ['/op'])],
    ['missing key on a keyed field', cond({ field: 'genreAffinity', op: 'gte', value: 0.5 }, [''], "needs a 'key'")],
    ['unknown genre key', cond({ field: 'genreAffinity', key: 'cartoons', op: 'gte', value: 0.5 }, ['/key'], 'genre id')],
    ['film key that is not a uuid', cond({ field: 'filmViews', key: 'jaws', op: 'exists' }, ['/key'])],
    ['key on a field without keys', cond({ field: 'age', key: 'x', op: 'gte', value: 18 }, ['/key'], 'takes no key')],
    ['unknown field and unknown op together', cond({ field: 'x', op: 'y' }, ['/field', '/op'])],
  ]);
});

describe('values', () => {
  const inList = (n: number): string[] => Array.from({ length: n }, (_, i) => `CA-${String(i % 1000).padStart(3, '0')}`.slice(0, 6));
  const films = (n: number): string[] => Array.from({ length: n }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
  runCases([
    ['missing value', cond({ field: 'gender', op: 'eq' }, [''], "'eq' needs a 'value'")],
    ['value on exists', cond({ field: 'gender', op: 'exists', value: true }, ['/value'], 'takes no value')],
    ['not in the enum', cond({ field: 'gender', op: 'eq', value: 'other' }, ['/value'], 'one of female, male')],
    ['number for a keyword', cond({ field: 'gender', op: 'eq', value: 5 }, ['/value'])],
    ['region not ISO 3166-2', cond({ field: 'region', op: 'eq', value: 'ca-on' }, ['/value'], 'ISO 3166-2')],
    ['postcode with a space', cond({ field: 'postcodePrefix', op: 'prefix', value: 'M5V 2T6' }, ['/value'])],
    ['string for a number', cond({ field: 'age', op: 'gte', value: 'thirty' }, ['/value'], 'must be a number')],
    ['age out of bounds', cond({ field: 'age', op: 'gte', value: 121 }, ['/value'], 'between 0 and 120')],
    ['fractional age', cond({ field: 'age', op: 'eq', value: 30.5 }, ['/value'], 'whole number')],
    ['genre share above 1', cond({ field: 'genreAffinity', key: 'horror', op: 'gt', value: 1.5 }, ['/value'], 'between 0 and 1')],
    ['negative visit count', cond({ field: 'visits.last30d', op: 'gte', value: -1 }, ['/value'])],
    ['visit count too large', cond({ field: 'visits.lifetime', op: 'lte', value: 100_001 }, ['/value'])],
    ['withinDays zero', cond({ field: 'lastVisit', op: 'withinDays', value: 0 }, ['/value'])],
    ['withinDays fractional', cond({ field: 'lastVisit', op: 'withinDays', value: 2.5 }, ['/value'])],
    ['impossible date', cond({ field: 'firstVisit', op: 'gte', value: '2026-02-30' }, ['/value'], "'YYYY-MM-DD'")],
    ['date as a number', cond({ field: 'firstVisit', op: 'gte', value: 1767225600000 }, ['/value'])],
    ['date without a zone', cond({ field: 'firstVisit', op: 'gte', value: '2026-01-01T10:00:00' }, ['/value'])],
    ['in with a scalar', cond({ field: 'region', op: 'in', value: 'CA-ON' }, ['/value'], 'list of values')],
    ['in with an empty list', cond({ field: 'region', op: 'in', value: [] }, ['/value'], 'got 0')],
    ['in with 501 values', cond({ field: 'region', op: 'in', value: inList(501) }, ['/value'], 'got 501')],
    ['in with bad items', cond({ field: 'region', op: 'in', value: ['CA-ON', 'ontario', 'CA-QC', 7] }, ['/value/1', '/value/3'])],
    ['any with a bad film id', cond({ field: 'filmsSeen', op: 'any', value: [F1, 'F1'] }, ['/value/1'], 'UUID')],
    ['all with 51 films', cond({ field: 'filmsSeen', op: 'all', value: films(51) }, ['/value'], '1 to 50')],
    ['between with one value', cond({ field: 'age', op: 'between', value: [25] }, ['/value'], 'pair')],
    ['between with a bad end', cond({ field: 'age', op: 'between', value: [25, 'old'] }, ['/value/1'])],
    ['between reversed', cond({ field: 'age', op: 'between', value: [34, 25] }, ['/value'], 'low <= high')],
    ['between reversed dates', cond({ field: 'lastVisit', op: 'between', value: ['2026-02-01', '2026-01-01T00:00:00Z'] }, ['/value'])],
    [
      'more than 1000 list values over the query',
      {
        given: { where: { and: [0, 1, 2].map(() => ({ field: 'region', op: 'in', value: inList(400) })) } },
        want: ['/where/and/2/value'],
        detail: 'at most 1000',
      },
    ],
  ]);
});

describe('breakdowns', () => {
  const bd = (...breakdowns: unknown[]): { breakdowns: unknown[] } => ({ breakdowns });
  const ranges = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ from: i, to: i + 1 }));
  runCases([
    ['not a list', { given: { breakdowns: { field: 'ageBand' } }, want: ['/breakdowns'] }],
    ['more than 3', { given: bd(...['ageBand', 'gender', 'region', 'postcodePrefix'].map((field) => ({ field }))), want: ['/breakdowns'], detail: 'at most 3' }],
    ['not an object', { given: bd('ageBand'), want: ['/breakdowns/0'] }],
    ['unknown property', { given: bd({ field: 'ageBand', order: 'asc' }), want: ['/breakdowns/0/order'] }],
    ['unknown field', { given: bd({ field: 'ageBand' }, { field: 'mood' }), want: ['/breakdowns/1/field'] }],
    ['field that cannot be broken down', { given: bd({ field: 'filmViews', key: F1 }), want: ['/breakdowns/0/field'] }],
    ['unknown type', { given: bd({ field: 'region', type: 'histogram' }), want: ['/breakdowns/0/type'] }],
    ['terms on a ranges-only field', { given: bd({ field: 'spend.tickets', type: 'terms' }), want: ['/breakdowns/0/type'] }],
    ['ranges on a terms-only field', { given: bd({ field: 'gender', ranges: [{ from: 1 }] }), want: ['/breakdowns/0/ranges'] }],
    ['size 0', { given: bd({ field: 'region', size: 0 }), want: ['/breakdowns/0/size'] }],
    ['size 51', { given: bd({ field: 'region', size: 51 }), want: ['/breakdowns/0/size'], detail: '1 to 50' }],
    ['size on a ranges breakdown', { given: bd({ field: 'visits.last30d', ranges: [{ from: 1 }], size: 5 }), want: ['/breakdowns/0/size'] }],
    ['ranges on a terms breakdown', { given: bd({ field: 'visits.last30d', type: 'terms', ranges: [{ from: 1 }] }), want: ['/breakdowns/0/ranges'] }],
    ['ranges missing', { given: bd({ field: 'age' }), want: ['/breakdowns/0'], detail: "needs 'ranges'" }],
    ['ranges empty', { given: bd({ field: 'age', ranges: [] }), want: ['/breakdowns/0/ranges'] }],
    ['21 ranges', { given: bd({ field: 'visits.lifetime', ranges: ranges(21) }), want: ['/breakdowns/0/ranges'] }],
    ['a range without ends', { given: bd({ field: 'age', ranges: [{ from: 18 }, { key: 'all' }] }), want: ['/breakdowns/0/ranges/1'] }],
    ['a range with a bad end', { given: bd({ field: 'age', ranges: [{ from: 18, to: 200 }] }), want: ['/breakdowns/0/ranges/0/to'] }],
    ['a date range with a bad end', { given: bd({ field: 'lastVisit', ranges: [{ from: 'yesterday' }] }), want: ['/breakdowns/0/ranges/0/from'] }],
    ['an empty range', { given: bd({ field: 'age', ranges: [{ from: 18, to: 25 }, { from: 30, to: 30 }] }), want: ['/breakdowns/0/ranges/1'] }],
    ['duplicate keys', { given: bd({ field: 'age', ranges: [{ from: 18, to: 25 }, { from: 40, key: '18..25' }] }), want: ['/breakdowns/0/ranges/1'] }],
    ['a bad key', { given: bd({ field: 'age', ranges: [{ from: 18, key: '' }] }), want: ['/breakdowns/0/ranges/0/key'] }],
    ['unknown range property', { given: bd({ field: 'age', ranges: [{ from: 18, step: 1 }] }), want: ['/breakdowns/0/ranges/0/step'] }],
    ['genre share without a key', { given: bd({ field: 'genreAffinity', ranges: [{ from: 0.5 }] }), want: ['/breakdowns/0'] }],
  ]);
});

describe('samples', () => {
  runCases([
    ['not an object', { given: { sample: 5 }, want: ['/sample'] }],
    ['unknown property', { given: { sample: { size: 1, fields: ['region'], random: true } }, want: ['/sample/random'] }],
    ['missing size', { given: { sample: { fields: ['region'] } }, want: ['/sample'], detail: "needs 'size'" }],
    ['size 0', { given: { sample: { size: 0, fields: ['region'] } }, want: ['/sample/size'] }],
    ['size 101', { given: { sample: { size: 101, fields: ['region'] } }, want: ['/sample/size'], detail: '1 to 100' }],
    ['missing fields', { given: { sample: { size: 1 } }, want: ['/sample'], detail: "needs 'fields'" }],
    ['empty fields', { given: { sample: { size: 1, fields: [] } }, want: ['/sample/fields'] }],
    ['unknown field', { given: { sample: { size: 1, fields: ['region', 'email'] } }, want: ['/sample/fields/1'] }],
    ['field that cannot be sampled', { given: { sample: { size: 1, fields: ['filmsSeen'] } }, want: ['/sample/fields/0'], detail: 'cannot be sampled' }],
    ['field listed twice', { given: { sample: { size: 1, fields: ['region', 'region'] } }, want: ['/sample/fields/1'], detail: 'twice' }],
    ['sort not an object', { given: { sample: { size: 1, fields: ['region'], sort: 'region' } }, want: ['/sample/sort'] }],
    ['sort on an unknown field', { given: { sample: { size: 1, fields: ['region'], sort: { field: 'email', order: 'asc' } } }, want: ['/sample/sort/field'] }],
    ['sort on an unsortable field', { given: { sample: { size: 1, fields: ['region'], sort: { field: 'favouriteCinemaId', order: 'asc' } } }, want: ['/sample/sort/field'] }],
    ['sort without order', { given: { sample: { size: 1, fields: ['region'], sort: { field: 'region' } } }, want: ['/sample/sort'] }],
    ['sort with a bad order', { given: { sample: { size: 1, fields: ['region'], sort: { field: 'region', order: 'up' } } }, want: ['/sample/sort/order'] }],
    ['sort on a genre share without a key', { given: { sample: { size: 1, fields: ['region'], sort: { field: 'genreAffinity', order: 'desc' } } }, want: ['/sample/sort'] }],
  ]);
});
