/**
 * The precompiled dispatch (runtime/src/fast) answers exactly as the Express chain it bypasses.
 * One catalog service (generated router, recording handlers) is served twice: through listen()
 * (operations go to the precompiled dispatch) and through a plain HTTP server on the Express app
 * alone (router, express.json, express-openapi-validator middleware). The same requests, valid and
 * hostile, go to both; status, headers that matter, problem bodies (request id aside) and the
 * input each handler received must be identical, and the dispatch must really have served them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, createServiceApp, fastPathOf, listen, notFound, type Authenticator, type RunningServer } from '@marquee/runtime';
import { createCatalogRouter, type CatalogHandlers } from '@marquee/generated/catalog/server.gen';

const FILM_ID = '0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10';
const MISSING_ID = '0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a11';
const FILM = { id: FILM_ID, title: 'The Long Night', releaseDate: '2026-10-30', runtimeMinutes: 104, rating: 'R', genres: ['horror'], createdAt: '2026-11-01T10:00:00.000Z', updatedAt: '2026-11-01T10:00:00.000Z' };

const trusting: Authenticator = {
  authenticate: (headers) =>
    headers.authorization === 'Bearer nope'
      ? Promise.reject(Object.assign(new Error('bad token'), { status: 401 }))
      : Promise.resolve(headers['x-scopes'] === 'none' ? undefined : { credential: 'bearer', principal: { tenantId: 't1', subject: 's1', scopes: ['catalog:read', 'catalog:write'], kind: 'client' } }),
};

interface Served {
  url: string;
  inputs: string[];
  close(): Promise<void>;
}

/** Handlers that record what they were given and answer something declared. */
function recordingHandlers(inputs: string[]): CatalogHandlers {
  return new Proxy({} as CatalogHandlers, {
    get: (_target, operationId: string) => async (input: { path?: { filmId?: string } }) => {
      inputs.push(`${operationId} ${JSON.stringify(input)}`);
      if (input.path?.filmId === MISSING_ID) throw notFound(`no film with id ${MISSING_ID}`);
      if (operationId === 'deleteFilm') return { status: 204 };
      if (operationId === 'createFilm') return { status: 201, body: FILM, headers: { Location: `/films/${FILM_ID}` } };
      if (operationId === 'getFilm') return { status: 200, body: input.path?.filmId === FILM_ID ? FILM : { ...FILM, title: 42 } };
      return { status: 200, body: { items: [], nextCursor: null } };
    },
  });
}

async function serveBoth(validateResponses: boolean): Promise<{ fast: Served; chain: Served; dispatched: () => number }> {
  const make = (inputs: string[]) => {
    const router = createCatalogRouter(recordingHandlers(inputs), { auth: trusting, validateResponses });
    return { router, service: createServiceApp({ name: 'catalog', log: createLogger('catalog', 'silent'), readiness: {}, routers: [router] }) };
  };
  const fastInputs: string[] = [];
  const fast = make(fastInputs);
  // Count the requests the dispatch owned (the rest went to the Express app).
  const fastPath = fastPathOf(fast.router)!;
  const own = fastPath.handle.bind(fastPath);
  let dispatched = 0;
  fastPath.handle = (req, res, env) => {
    const owned = own(req, res, env);
    if (owned) dispatched++;
    return owned;
  };
  const running: RunningServer = await listen(fast.service, 0);
  const chainInputs: string[] = [];
  const chain = make(chainInputs);
  const server: Server = createServer(chain.service.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    fast: { url: running.url, inputs: fastInputs, close: () => running.close(0) },
    chain: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, inputs: chainInputs, close: () => new Promise((r) => server.close(() => r())) },
    dispatched: () => dispatched,
  };
}

interface Probe {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const json = { 'content-type': 'application/json' };
const validCreate = JSON.stringify({ title: 'A', releaseDate: '2026-10-30', runtimeMinutes: 90, rating: 'R', genres: ['horror'] });

const PROBES: Probe[] = [
  { name: 'get, valid', method: 'GET', path: `/films/${FILM_ID}` },
  { name: 'get, malformed uuid', method: 'GET', path: '/films/not-a-uuid' },
  { name: 'get, percent-encoded id', method: 'GET', path: '/films/%41bc' },
  { name: 'get, handler body outside the spec (500 when responses are validated)', method: 'GET', path: '/films/0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a12' },
  { name: 'get, unknown id (handler 404)', method: 'GET', path: `/films/${MISSING_ID}` },
  { name: 'get, inbound request id kept', method: 'GET', path: `/films/${FILM_ID}`, headers: { 'x-request-id': 'trace-123' } },
  { name: 'list, defaults filled in', method: 'GET', path: '/films' },
  { name: 'list, coerced limit and csv ids', method: 'GET', path: `/films?limit=5&ids=${FILM_ID},${MISSING_ID}` },
  { name: 'list, limit out of range', method: 'GET', path: '/films?limit=500' },
  { name: 'list, limit not a number', method: 'GET', path: '/films?limit=abc' },
  { name: 'list, unknown query parameter', method: 'GET', path: '/films?colour=red' },
  { name: 'list, bracket query', method: 'GET', path: '/films?limit[a]=1' },
  { name: 'create, valid', method: 'POST', path: '/films', headers: json, body: validCreate },
  { name: 'create, charset parameter', method: 'POST', path: '/films', headers: { 'content-type': 'application/json; charset=utf-8' }, body: validCreate },
  { name: 'create, every field wrong', method: 'POST', path: '/films', headers: json, body: JSON.stringify({ title: '', releaseDate: 'yesterday', runtimeMinutes: 0, rating: 'X', genres: [], extra: 1 }) },
  { name: 'create, empty object', method: 'POST', path: '/films', headers: json, body: '{}' },
  { name: 'create, array body', method: 'POST', path: '/films', headers: json, body: '[]' },
  { name: 'create, malformed JSON', method: 'POST', path: '/films', headers: json, body: '{"title":' },
  { name: 'create, empty body', method: 'POST', path: '/films', headers: json, body: '' },
  { name: 'create, no content type', method: 'POST', path: '/films', body: validCreate },
  { name: 'create, text/plain', method: 'POST', path: '/films', headers: { 'content-type': 'text/plain' }, body: validCreate },
  { name: 'create, latin1 charset', method: 'POST', path: '/films', headers: { 'content-type': 'application/json; charset=latin1' }, body: validCreate },
  { name: 'create, too large', method: 'POST', path: '/films', headers: json, body: JSON.stringify({ title: 'x'.repeat(120_000) }) },
  { name: 'update, partial', method: 'PATCH', path: `/films/${FILM_ID}`, headers: json, body: JSON.stringify({ runtimeMinutes: 100 }) },
  { name: 'delete', method: 'DELETE', path: `/films/${FILM_ID}` },
  { name: 'undeclared method (405)', method: 'PUT', path: `/films/${FILM_ID}`, headers: json, body: '{}' },
  { name: 'unknown path (404)', method: 'GET', path: '/nothing-here' },
  { name: 'trailing slash', method: 'GET', path: '/films/' },
  { name: 'upper case path', method: 'GET', path: `/FILMS/${FILM_ID}` },
  { name: 'no credentials (401)', method: 'GET', path: `/films/${FILM_ID}`, headers: { 'x-scopes': 'none' } },
  { name: 'bad credentials (401)', method: 'GET', path: `/films/${FILM_ID}`, headers: { authorization: 'Bearer nope' } },
];

const HEADERS = ['content-type', 'allow', 'location', 'retry-after', 'www-authenticate', 'connection'];

async function answer(base: string, p: Probe): Promise<object> {
  const res = await fetch(base + p.path, { method: p.method, headers: p.headers ?? {}, ...(p.body !== undefined ? { body: p.body } : {}) });
  const text = await res.text();
  const requestId = res.headers.get('x-request-id');
  return {
    status: res.status,
    headers: Object.fromEntries(HEADERS.map((h) => [h, res.headers.get(h)])),
    hasRequestId: requestId !== null && requestId.length > 0,
    requestIdEchoed: p.headers?.['x-request-id'] === undefined || requestId === p.headers['x-request-id'],
    body: text.replaceAll(requestId ?? '\u0000', '<request-id>'),
  };
}

describe.each([false, true])('precompiled dispatch vs the Express chain (response validation %s)', (validateResponses) => {
  let both: Awaited<ReturnType<typeof serveBoth>>;
  beforeAll(async () => {
    both = await serveBoth(validateResponses);
  });
  afterAll(async () => {
    await both.fast.close();
    await both.chain.close();
  });

  test.each(PROBES.map((p) => [p.name, p] as const))('%s: same answer, same handler input', async (_name, probe) => {
    const before = [both.fast.inputs.length, both.chain.inputs.length];
    const fast = await answer(both.fast.url, probe);
    const chain = await answer(both.chain.url, probe);
    expect(fast).toEqual(chain);
    expect(both.fast.inputs.slice(before[0])).toEqual(both.chain.inputs.slice(before[1]));
  });

  test('the precompiled dispatch served the declared operations (not the Express fallback)', () => {
    // Every probe to a declared JSON operation with an exact path; forms, odd charsets are JSON too, so only
    // text/plain, no-content-type-with-body, PUT, unknown path, trailing slash and upper case fall back.
    expect(both.dispatched()).toBeGreaterThanOrEqual(PROBES.length - 6);
  });
});
