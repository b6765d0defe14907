/**
 * Elasticsearch through the official v8 client: short timeouts, one retry, and a readiness
 * check on cluster health. Services keep their own indices behind aliases.
 */
import type { Client } from '@elastic/elasticsearch';
import type * as Elastic from '@elastic/elasticsearch';

export type { Client as SearchClient };

/** Loaded on first use: services without Elasticsearch do not pay for it at start-up (cold start, #11). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const elastic = (): typeof Elastic => require('@elastic/elasticsearch') as typeof Elastic;

export function createSearch(settings: { node: string; requestTimeoutMs?: number }): Client {
  const { Client } = elastic();
  return new Client({
    node: settings.node,
    requestTimeout: settings.requestTimeoutMs ?? 5000,
    maxRetries: 1,
    sniffOnStart: false,
  });
}

/** Readiness: cluster health answers and is not red. */
export function searchReadiness(client: Client): () => Promise<void> {
  return async () => {
    const health = await client.cluster.health({ timeout: '1s' }, { requestTimeout: 1500, maxRetries: 0 });
    if (health.status === 'red') {
      throw new Error('elasticsearch: cluster health is red');
    }
  };
}

/** What a search answers when only `filterPath` parts are kept. */
type SearchBody = Record<string, unknown>;

/** The part of @elastic/transport's connection the fast search uses: its undici pool, URL and default headers. */
interface PooledConnection {
  url: URL;
  headers?: Record<string, string>;
  pool?: {
    request(options: { method: string; path: string; headers: Record<string, string>; body: string }): Promise<{ statusCode: number; body: { json(): Promise<unknown>; dump(): Promise<void> } }>;
  };
}

/**
 * A search sent over the Elasticsearch client's own connection (its undici pool, its timeouts and
 * default headers), skipping the transport's per-request machinery: on this project's machines that
 * layer cost ~0.7 ms per request at p50 over the same pool used directly (bench/RESULTS.md,
 * audience). Only a 2xx answer is taken here. Anything else, an error status or a failed
 * connection, is asked again through `client.search`, so retries, marking a node dead, and the
 * errors the rest of the platform maps (ResponseError with its status, ConnectionError,
 * TimeoutError) are exactly the client's. A search is read-only, so asking twice is safe; a timeout
 * is waited out twice.
 */
export async function fastSearch<T = unknown>(client: Client, index: string, body: SearchBody, filterPath?: readonly string[]): Promise<Elastic.estypes.SearchResponse<T>> {
  const connection = client.connectionPool.getConnection({ now: Date.now(), requestId: 0, name: 'fast-search', context: null }) as unknown as PooledConnection | null;
  if (connection?.pool) {
    const prefix = connection.url.pathname === '/' ? '' : connection.url.pathname.replace(/\/$/, '');
    const query = filterPath && filterPath.length > 0 ? `?filter_path=${encodeURIComponent(filterPath.join(','))}` : '';
    try {
      const res = await connection.pool.request({
        method: 'POST',
        path: `${prefix}/${encodeURIComponent(index)}/_search${query}`,
        headers: { ...connection.headers, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.statusCode >= 200 && res.statusCode < 300) {
        return (await res.body.json()) as Elastic.estypes.SearchResponse<T>;
      }
      await res.body.dump();
    } catch {
      // The client's own path below retries, marks the node, and throws its own error.
    }
  }
  return client.search<T>({ ...body, index, ...(filterPath ? { filter_path: [...filterPath] } : {}) });
}
