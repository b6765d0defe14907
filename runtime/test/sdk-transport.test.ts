/**
 * The published SDKs' transport (runtime/src/client-core) over a real loopback HTTP server:
 * credentials from the spec's schemes, request ids, typed errors, Retry-After, timeouts,
 * pagination.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, NetworkError, SdkTransport, paginate, type OperationRoute } from '../src/client-core';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; at: number }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: Date.now() });
    handler(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

beforeEach(() => {
  seen.length = 0;
});

const route = (method: string, path: string): OperationRoute => ({
  method,
  path,
  headerParams: [],
  requestMediaTypes: method === 'post' ? ['application/json'] : [],
  responses: { '200': ['application/json'], '400': ['application/problem+json'] },
  deprecated: false,
});

function reply(status: number, body: unknown, headers: Record<string, string> = {}): void {
  handler = (_req, res) => {
    res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

const fast = { retryBaseDelayMs: 1, maxRetryDelayMs: 3000 };

describe('SdkTransport', () => {
  test('When a token provider and an API key are set, Then each call sends Bearer <token> and the key in the spec-named header', async () => {
    reply(200, { ok: true });
    let n = 0;
    const client = new SdkTransport('catalog', { baseUrl, token: async () => `t${++n}`, apiKey: 'mqk_a_b' }, { bearer: true, apiKeyHeader: 'X-Partner-Key' });
    await client.invoke(route('get', '/films'), 'listFilms', {});
    await client.invoke(route('get', '/films'), 'listFilms', {});
    expect(seen.map((s) => [s.headers.authorization, s.headers['x-partner-key']])).toEqual([
      ['Bearer t1', 'mqk_a_b'],
      ['Bearer t2', 'mqk_a_b'],
    ]);
  });

  test('When a declared 400 comes back, Then it rejects with ApiError carrying the problem and the request id sent', async () => {
    reply(400, { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ location: 'body', pointer: '/title', detail: 'too short' }] });
    const client = new SdkTransport('catalog', { baseUrl });
    const error = await client.invoke(route('post', '/films'), 'createFilm', { body: { title: '' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const api = error as ApiError<400, { errors: { pointer: string }[] }>;
    expect({ status: api.status, operationId: api.operationId, pointer: api.problem?.errors?.[0]?.pointer }).toEqual({ status: 400, operationId: 'createFilm', pointer: '/title' });
    expect(api.requestId).toBe(seen[0]?.headers['x-request-id']);
    expect(api.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.message).toContain('[/title]');
  });

  test('When a call asks withResponse, Then it resolves with status, body, the declared headers typed and the Response; an ApiError carries its own', async () => {
    const created: OperationRoute = { ...route('post', '/films'), responses: { '201': ['application/json'], '429': ['application/problem+json'] }, responseHeaders: { '201': { Location: 'string' }, '429': { 'Retry-After': 'integer' } } };
    const client = new SdkTransport('catalog', { baseUrl });
    reply(201, { id: 'f1' }, { location: '/films/f1', 'x-other': 'no' });
    expect(await client.invoke(created, 'createFilm', { body: {} })).toEqual({ id: 'f1' });
    const full = (await client.invoke(created, 'createFilm', { body: {} }, { withResponse: true })) as { status: number; body: unknown; headers: object; response: Response };
    expect({ status: full.status, body: full.body, headers: full.headers }).toEqual({ status: 201, body: { id: 'f1' }, headers: { Location: '/films/f1' } });
    expect(full.response).toBeInstanceOf(Response);
    reply(429, { type: 'about:blank', title: 'Too Many Requests', status: 429 }, { 'retry-after': '30' });
    const error = (await client.invoke(created, 'createFilm', { body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(error.headers).toEqual({ 'Retry-After': 30 });
  });

  test('When an idempotent call gets 503 with Retry-After: 1, Then it waits about a second and retries', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls++;
      res.writeHead(calls === 1 ? 503 : 200, { 'content-type': 'application/json', ...(calls === 1 ? { 'retry-after': '1' } : {}) });
      res.end(JSON.stringify({ calls }));
    };
    const body = await new SdkTransport('catalog', { baseUrl, ...fast }).invoke(route('get', '/films'), 'listFilms', {});
    expect(body).toEqual({ calls: 2 });
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
    expect(seen[0]?.headers['x-request-id']).toBe(seen[1]?.headers['x-request-id']);
  });

  test('When a POST gets 503, Then it is not retried and rejects with ApiError 503', async () => {
    reply(503, { title: 'Service Unavailable', status: 503 }, { 'retry-after': '0' });
    const error = await new SdkTransport('catalog', { baseUrl, ...fast }).invoke(route('post', '/films'), 'createFilm', { body: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ApiError', status: 503 });
    expect(seen).toHaveLength(1);
  });

  test('When the server does not answer within timeoutMs, Then every attempt times out and it rejects with NetworkError (timedOut)', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    const error = await new SdkTransport('catalog', { baseUrl, timeoutMs: 150, retries: 1, ...fast }).invoke(route('get', '/films'), 'listFilms', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).timedOut).toBe(true);
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('When the caller aborts, Then the call rejects at once with the abort and is not retried', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const call = new SdkTransport('catalog', { baseUrl, timeoutMs: 5000, ...fast }).invoke(route('get', '/films'), 'listFilms', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
  });
});

describe('paginate', () => {
  test('When pages link by nextCursor, Then every item comes once, in order, and the last page ends it', async () => {
    handler = (req, res) => {
      const cursor = new URL(req.url ?? '/', baseUrl).searchParams.get('cursor');
      const pages: Record<string, { items: number[]; nextCursor: string | null }> = { '': { items: [1, 2], nextCursor: 'p2' }, p2: { items: [3, 4], nextCursor: 'p3' }, p3: { items: [5], nextCursor: null } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(pages[cursor ?? '']));
    };
    const client = new SdkTransport('catalog', { baseUrl });
    const items: number[] = [];
    for await (const item of paginate((cursor) => client.invoke(route('get', '/films'), 'listFilms', { query: { limit: 2, cursor } }) as Promise<{ items: number[]; nextCursor: string | null }>)) {
      items.push(item);
    }
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((s) => s.url)).toEqual(['/films?limit=2', '/films?limit=2&cursor=p2', '/films?limit=2&cursor=p3']);
  });
});
