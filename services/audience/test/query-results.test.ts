/**
 * Elasticsearch responses -> the DSL's result shapes: counts, breakdown buckets with
 * percentages of the exact total (in the order the query asked), sampled members.
 */
import { compileQuery, toBreakdownResult, toCountResult, toExplainResult, toSampleResult, type SearchResponseLike } from '../src/domain/query';

const context = { tenantId: 'tenant-a', now: new Date('2026-06-15T12:00:00Z') };

function response(total: number, extra: Partial<SearchResponseLike> = {}): SearchResponseLike {
  return { took: 7, hits: { total: { value: total, relation: 'eq' }, hits: [] }, ...extra };
}

describe('query results', () => {
  test('When a count comes back, Then count and tookMs are read from it', () => {
    expect(toCountResult(response(1234))).toEqual({ count: 1234, tookMs: 7 });
    expect(toCountResult({ took: 1, hits: { total: 5, hits: [] } })).toEqual({ count: 5, tookMs: 1 });
  });

  test('When breakdowns come back, Then buckets keep the query order and percentages are of the total', () => {
    const compiled = compileQuery(
      {
        breakdowns: [
          { field: 'region', size: 3 },
          { field: 'age', ranges: [{ from: 18, to: 25, key: '18-24' }, { from: 25, to: 35 }, { from: 65, key: 'seniors' }] },
          { field: 'visits.last30d', type: 'terms' },
        ],
      },
      context,
    );
    const aggregations = {
      b0: { buckets: [{ key: 'CA-ON', doc_count: 2 }, { key: 'CA-QC', doc_count: 1 }] },
      // Filters buckets come back keyed, in the engine's order; the result follows the query's.
      b1: { buckets: { '25..35': { doc_count: 1 }, '18-24': { doc_count: 2 } } },
      b2: { buckets: [{ key: 0, doc_count: 3 }] },
    };
    expect(toBreakdownResult(response(3, { aggregations: aggregations as never }), compiled)).toEqual({
      total: 3,
      dimensions: [
        { field: 'region', buckets: [{ key: 'CA-ON', count: 2, percentage: 66.67 }, { key: 'CA-QC', count: 1, percentage: 33.33 }] },
        {
          field: 'age',
          buckets: [
            { key: '18-24', count: 2, percentage: 66.67 },
            { key: '25..35', count: 1, percentage: 33.33 },
            { key: 'seniors', count: 0, percentage: 0 },
          ],
        },
        { field: 'visits.last30d', buckets: [{ key: '0', count: 3, percentage: 100 }] },
      ],
    });
  });

  test('When nothing matches, Then every percentage is 0', () => {
    const compiled = compileQuery({ breakdowns: [{ field: 'genreAffinity', key: 'horror', ranges: [{ from: 0.5 }] }] }, context);
    expect(toBreakdownResult(response(0), compiled)).toEqual({
      total: 0,
      dimensions: [{ field: 'genreAffinity', key: 'horror', buckets: [{ key: '0.5..*', count: 0, percentage: 0 }] }],
    });
  });

  test('When a sample comes back, Then each member has its id and every requested field, null when absent', () => {
    const compiled = compileQuery({ sample: { size: 2, fields: ['region', 'visits.last90d', 'genreAffinity', 'membership.status'] } }, context);
    const hits = [
      { _index: 'profiles-v1', _id: 'm1', _source: { region: 'CA-ON', visits: { last90d: 4 }, genreAffinity: { horror: 0.5 }, membership: { status: 'active' } } },
      { _index: 'profiles-v1', _id: 'm2', _source: { region: 'US-TX', 'visits.last90d': 1 } },
    ];
    expect(toSampleResult({ took: 2, hits: { total: { value: 40, relation: 'eq' }, hits } }, compiled)).toEqual({
      total: 40,
      items: [
        { id: 'm1', region: 'CA-ON', 'visits.last90d': 4, genreAffinity: { horror: 0.5 }, 'membership.status': 'active' },
        { id: 'm2', region: 'US-TX', 'visits.last90d': 1, genreAffinity: null, 'membership.status': null },
      ],
    });
  });

  test('When a query is explained, Then the result is the compiled search body', () => {
    const compiled = compileQuery({ where: { field: 'gender', op: 'eq', value: 'male' } }, context);
    expect(toExplainResult(compiled)).toEqual({ query: compiled.body });
  });
});
