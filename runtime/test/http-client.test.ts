/** The generated clients' core, with fetch injected (no module mocks). */
import { HttpClient, UpstreamUnavailableError, type OperationRoute } from '../client';
import { runWithContext } from '../src/context';

const getFilm: OperationRoute = { method: 'get', path: '/films/{filmId}', headerParams: [], requestMediaTypes: [], responses: { '200': ['application/json'] }, deprecated: false };
const createFilm: OperationRoute = { ...getFilm, method: 'post', path: '/films', requestMediaTypes: ['application/json'] };
const listFilms: OperationRoute = { ...getFilm, path: '/films', queryStyles: { ids: 'csv' } };

function fakeFetch(answers: (Response | Error)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const options = { baseUrl: 'http://svc.test/', service: 'catalog', retryBaseDelayMs: 1, maxRetryDelayMs: 20 };

describe('HttpClient', () => {
  test('When called, Then path params are encoded, csv arrays joined and the request id propagated', async () => {
    const { fetch, calls } = fakeFetch([json(200, { ok: 1 }), json(200, { items: [] })]);
    const client = new HttpClient({ ...options, fetch });
    const result = await runWithContext({ requestId: 'rid-1' }, () => client.call(getFilm, 'getFilm', { path: { filmId: 'a/b c' } }));
    expect(result).toMatchObject({ status: 200, body: { ok: 1 } });
    expect(calls[0]?.url).toBe('http://svc.test/films/a%2Fb%20c');
    expect(new Headers(calls[0]?.init.headers).get('x-request-id')).toBe('rid-1');
    await client.call(listFilms, 'listFilms', { query: { ids: ['x', 'y'], limit: 5, cursor: undefined } });
    expect(calls[1]?.url).toBe('http://svc.test/films?ids=x%2Cy&limit=5');
  });

  test('When an idempotent call meets 503 then success, Then it retries and returns the success', async () => {
    const { fetch, calls } = fakeFetch([json(503, { status: 503 }, { 'retry-after': '0' }), new TypeError('fetch failed'), json(200, { id: 1 })]);
    const result = await new HttpClient({ ...options, fetch }).call(getFilm, 'getFilm', { path: { filmId: '1' } });
    expect(result.status).toBe(200);
    expect(calls).toHaveLength(3);
  });

  test('When retries run out on 503, Then the 503 is returned, not thrown', async () => {
    const { fetch, calls } = fakeFetch([json(503, {}), json(503, {}), json(503, { title: 'down' })]);
    const result = await new HttpClient({ ...options, fetch }).call(getFilm, 'getFilm', { path: { filmId: '1' } });
    expect(result).toMatchObject({ status: 503, body: { title: 'down' } });
    expect(calls).toHaveLength(3);
  });

  test('When a POST fails to connect, Then it is not retried and throws UpstreamUnavailableError', async () => {
    const { fetch, calls } = fakeFetch([new TypeError('fetch failed'), json(201, {})]);
    const call = new HttpClient({ ...options, fetch }).call(createFilm, 'createFilm', { body: { title: 'x' } });
    await expect(call).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(call).rejects.toMatchObject({ status: 503, retryAfter: 5 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.init.body).toBe('{"title":"x"}');
    expect(new Headers(calls[0]?.init.headers).get('content-type')).toBe('application/json');
  });

  test('When the server does not answer in time, Then each attempt times out and the call fails as unavailable', async () => {
    const hang: typeof globalThis.fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const started = Date.now();
    const call = new HttpClient({ ...options, fetch: hang, timeoutMs: 50, retries: 1 }).call(getFilm, 'getFilm', { path: { filmId: '1' } });
    await expect(call).rejects.toThrow(/catalog is unavailable \(getFilm: timed out\)/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  test('When 4xx problem+json comes back, Then it is returned as data with its status', async () => {
    const problem = { type: 'https://marquee.dev/problems/not-found', title: 'Not found', status: 404 };
    const { fetch } = fakeFetch([new Response(JSON.stringify(problem), { status: 404, headers: { 'content-type': 'application/problem+json' } })]);
    expect(await new HttpClient({ ...options, fetch }).call(getFilm, 'getFilm', { path: { filmId: '1' } })).toMatchObject({ status: 404, body: problem });
  });
});
