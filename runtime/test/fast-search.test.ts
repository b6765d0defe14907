/**
 * fastSearch (runtime/src/search.ts) against the real Elasticsearch: the same answer as the
 * client's own search, and on every failure exactly the client's error (it asks again through it).
 */
import { randomUUID } from 'node:crypto';
import { createSearch, fastSearch } from '../index';
import { ELASTICSEARCH_URL } from '../../test/support/engines';

const search = createSearch({ node: ELASTICSEARCH_URL, requestTimeoutMs: 2000 });
const index = `fast-search-${randomUUID()}`;

beforeAll(async () => {
  await search.indices.create({ index, mappings: { properties: { region: { type: 'keyword' }, visits: { type: 'integer' } } } });
  await search.bulk({
    refresh: 'wait_for',
    operations: ['CA-ON', 'CA-ON', 'CA-QC'].flatMap((region, i) => [{ index: { _index: index, _id: String(i) } }, { region, visits: i + 1 }]),
  });
});

afterAll(async () => {
  await search.indices.delete({ index }, { ignore: [404] });
  await search.close();
});

describe('fastSearch', () => {
  it('answers what the client answers, with filter_path applied', async () => {
    const body = { size: 0, track_total_hits: true, query: { term: { region: 'CA-ON' } }, aggs: { v: { sum: { field: 'visits' } } } };
    const viaTransport = jest.spyOn(search, 'search');
    const fast = await fastSearch(search, index, body, ['hits.total', 'aggregations']);
    expect(viaTransport).not.toHaveBeenCalled(); // the pool was used directly
    viaTransport.mockRestore();
    const viaClient = await search.search({ index, ...body, filter_path: ['hits.total', 'aggregations'] });
    expect(fast).toEqual(viaClient);
    expect(fast.hits.total).toEqual({ value: 2, relation: 'eq' });
    expect(Object.keys(fast).sort()).toEqual(['aggregations', 'hits']);
  });

  it('returns hits and _source like the client', async () => {
    const body = { size: 10, query: { match_all: {} }, sort: [{ visits: 'asc' as const }], _source: { includes: ['region'] } };
    const fast = await fastSearch<{ region: string }>(search, index, body, ['hits.hits._id', 'hits.hits._source']);
    expect(fast.hits.hits.map((h) => [h._id, h._source?.region])).toEqual([['0', 'CA-ON'], ['1', 'CA-ON'], ['2', 'CA-QC']]);
  });

  it('an error status gives the client’s own ResponseError (a missing index: 404)', async () => {
    const viaTransport = jest.spyOn(search, 'search');
    const err = await fastSearch(search, `${index}-missing`, { size: 0 }).catch((e: unknown) => e);
    expect(viaTransport).toHaveBeenCalledTimes(1); // asked again through the client
    expect(viaTransport).toHaveBeenCalledWith(expect.objectContaining({ index: `${index}-missing` }), { maxRetries: 0 }); // the fast try was the first of createSearch's two
    viaTransport.mockRestore();
    expect(err).toMatchObject({ name: 'ResponseError', meta: { statusCode: 404 } });
  });

  it('a bad query gives the client’s 400, naming Elasticsearch’s reason', async () => {
    const err = await fastSearch(search, index, { size: 0, query: { no_such_query: {} } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ResponseError', meta: { statusCode: 400 } });
  });

  it('an unreachable node gives the client’s ConnectionError', async () => {
    const dead = createSearch({ node: 'http://127.0.0.1:1', requestTimeoutMs: 500 });
    try {
      const err = await fastSearch(dead, index, { size: 0 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ConnectionError' });
    } finally {
      await dead.close();
    }
  });
});
