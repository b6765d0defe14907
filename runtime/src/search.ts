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

/** Each client's configured retries, for fastSearch's fallback (the transport keeps its own behind a symbol). */
const maxRetries = new WeakMap<Client, number>();

export function createSearch(settings: { node: string; requestTimeoutMs?: number }): Client {
  const { Client } = elastic();
  const client = new Client({
    node: settings.node,
    requestTimeout: settings.requestTimeoutMs ?? 5000,
    maxRetries: 1,
    sniffOnStart: false,
  });
  maxRetries.set(client, 1);
  return client;
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

/** undici's dispatch handler (v6), the least the pool does per request: no body stream, no consume machinery. */
interface DispatchHandler {
  onConnect(abort: (err?: Error) => void): void;
  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: unknown): void;
  onError(err: Error): void;
}

/** The part of @elastic/transport's connection the fast search uses: its undici pool, URL and default headers. */
interface PooledConnection {
  url: URL;
  headers?: Record<string, string>;
  pool?: { dispatch(options: { method: string; path: string; headers: Record<string, string>; body: string }, handler: DispatchHandler): boolean };
}

/** A 2xx answer's parsed body, or why there is none: `status` for an error answer, `error` for a failed exchange. */
type Exchange = { ok: true; body: unknown } | { ok: false; status?: number; error?: Error };

/** One request on the pool through undici's dispatch, the body collected as buffers and parsed once. */
function exchange(connection: PooledConnection & { pool: NonNullable<PooledConnection['pool']> }, path: string, body: string): Promise<Exchange> {
  return new Promise((resolve) => {
    let status = 0;
    const chunks: Buffer[] = [];
    connection.pool.dispatch(
      { method: 'POST', path, headers: { ...connection.headers, 'content-type': 'application/json', accept: 'application/json' }, body },
      {
        onConnect() {},
        onHeaders(statusCode) {
          status = statusCode;
          return true;
        },
        onData(chunk) {
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          if (status < 200 || status >= 300) {
            resolve({ ok: false, status });
            return;
          }
          try {
            resolve({ ok: true, body: JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')) });
          } catch (err) {
            resolve({ ok: false, error: err as Error });
          }
        },
        onError(err) {
          resolve({ ok: false, error: err });
        },
      },
    );
  });
}

/**
 * A search sent over the Elasticsearch client's own connection (its undici pool, its keep-alive
 * sockets, timeouts and default headers) through undici's dispatch, skipping the transport's
 * per-request machinery and undici's body streams: on this project's machines those layers cost
 * most of what audience added over the raw search (bench/RESULTS.md, audience). Only a 2xx answer
 * is taken here. Anything else, an error status, a failed connection or a timeout, counts as the
 * client's first try: the search is asked again through `client.search` (a search is read-only),
 * with one retry fewer for a client made by createSearch. So retries, marking a node dead, and the
 * errors the rest of the platform maps (ResponseError with its status, ConnectionError,
 * TimeoutError) are exactly the client's, and a timeout is waited out no more often than the
 * client alone would.
 */
export async function fastSearch<T = unknown>(client: Client, index: string, body: SearchBody, filterPath?: readonly string[]): Promise<Elastic.estypes.SearchResponse<T>> {
  const connection = client.connectionPool.getConnection({ now: Date.now(), requestId: 0, name: 'fast-search', context: null }) as unknown as PooledConnection | null;
  let tried = false;
  if (connection?.pool) {
    const prefix = connection.url.pathname === '/' ? '' : connection.url.pathname.replace(/\/$/, '');
    const query = filterPath && filterPath.length > 0 ? `?filter_path=${encodeURIComponent(filterPath.join(','))}` : '';
    const answer = await exchange(connection as PooledConnection & { pool: NonNullable<PooledConnection['pool']> }, `${prefix}/${encodeURIComponent(index)}/_search${query}`, JSON.stringify(body));
    if (answer.ok) {
      return answer.body as Elastic.estypes.SearchResponse<T>;
    }
    tried = true;
  }
  const params = { ...body, index, ...(filterPath ? { filter_path: [...filterPath] } : {}) };
  const retries = tried ? maxRetries.get(client) : undefined;
  return retries === undefined ? client.search<T>(params) : client.search<T>(params, { maxRetries: Math.max(0, retries - 1) });
}
