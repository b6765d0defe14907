/**
 * Bad input over raw HTTP (the typed client would not let these through): each answer is a
 * 4xx problem+json naming the culprit, and nothing is stored.
 */
import { randomUUID } from 'node:crypto';
import { bearer, http, startCatalog, type Started } from '../../../test/support/platform';

let catalog: Started;
let auth: Record<string, string>;
beforeAll(async () => {
  catalog = await startCatalog();
  auth = await bearer();
});
afterAll(() => catalog.stop());

const valid = () => ({ title: `Bad Input ${randomUUID()}`, releaseDate: '2026-05-01', runtimeMinutes: 95, rating: 'PG-13', genres: ['comedy'] });

interface Case {
  name: string;
  request: () => { method?: string; path?: string; body?: string; contentType?: string; noAuth?: boolean };
  status: number;
  /** location + pointer of at least one culprit, when the problem names a field. */
  names?: { location: string; pointer: string };
}

const cases: Case[] = [
  { name: 'malformed JSON', request: () => ({ body: '{"title": "Broken",' }), status: 400, names: { location: 'body', pointer: '' } },
  { name: 'wrong type', request: () => ({ body: JSON.stringify({ ...valid(), runtimeMinutes: 'long' }) }), status: 400, names: { location: 'body', pointer: '/runtimeMinutes' } },
  { name: 'unknown field', request: () => ({ body: JSON.stringify({ ...valid(), director: 'Someone' }) }), status: 400, names: { location: 'body', pointer: '/director' } },
  { name: 'missing required field', request: () => ({ body: JSON.stringify({ ...valid(), title: undefined }) }), status: 400, names: { location: 'body', pointer: '/title' } },
  { name: 'invalid enum', request: () => ({ body: JSON.stringify({ ...valid(), rating: 'X' }) }), status: 400, names: { location: 'body', pointer: '/rating' } },
  { name: 'invalid date format', request: () => ({ body: JSON.stringify({ ...valid(), releaseDate: '31/12/2026' }) }), status: 400, names: { location: 'body', pointer: '/releaseDate' } },
  { name: 'out-of-range number', request: () => ({ body: JSON.stringify({ ...valid(), runtimeMinutes: 0 }) }), status: 400, names: { location: 'body', pointer: '/runtimeMinutes' } },
  { name: 'oversized body', request: () => ({ body: JSON.stringify({ ...valid(), title: 'x'.repeat(200 * 1024) }) }), status: 413 },
  { name: 'wrong content type', request: () => ({ body: 'title=Plain', contentType: 'text/plain' }), status: 415 },
  { name: 'bad path id', request: () => ({ method: 'GET', path: '/films/not-a-uuid' }), status: 400, names: { location: 'path', pointer: '/filmId' } },
  { name: 'bad query type', request: () => ({ method: 'GET', path: '/films?limit=lots' }), status: 400, names: { location: 'query', pointer: '/limit' } },
  { name: 'query out of range', request: () => ({ method: 'GET', path: '/films?limit=1000' }), status: 400, names: { location: 'query', pointer: '/limit' } },
  { name: 'unknown query parameter', request: () => ({ method: 'GET', path: '/films?director=x' }), status: 400, names: { location: 'query', pointer: '/director' } },
  { name: 'forged cursor', request: () => ({ method: 'GET', path: '/films?cursor=bm90LWEtY3Vyc29y' }), status: 400, names: { location: 'query', pointer: '/cursor' } },
  { name: 'empty patch', request: () => ({ method: 'PATCH', path: `/films/${randomUUID()}`, body: '{}' }), status: 400, names: { location: 'body', pointer: '' } },
  { name: 'unknown route', request: () => ({ method: 'GET', path: '/projectors' }), status: 404 },
  { name: 'wrong method', request: () => ({ method: 'PUT', path: '/films' }), status: 405 },
  { name: 'no credentials', request: () => ({ method: 'GET', path: '/films', noAuth: true }), status: 401 },
];

describe('catalog bad input', () => {
  test.each(cases)('When the request has $name, Then $status problem+json', async ({ request, status, names }) => {
    const before = await countFilms();
    const r = request();
    const creds = r.noAuth ? {} : auth;
    const res = await http(`${catalog.url}${r.path ?? '/films'}`, {
      method: r.method ?? 'POST',
      ...(r.body === undefined ? { headers: creds } : { body: r.body, headers: { ...creds, 'content-type': r.contentType ?? 'application/json' } }),
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, title: expect.any(String), type: expect.stringMatching(/^https:\/\/marquee\.dev\/problems\//) });
    if (names) {
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining(names)]));
    }
    expect(await countFilms()).toBe(before);
  });
});

async function countFilms(): Promise<number> {
  let count = 0;
  let cursor = '';
  for (;;) {
    const page = await http(`${catalog.url}/films?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth });
    count += page.body.items.length;
    if (!page.body.nextCursor) return count;
    cursor = page.body.nextCursor;
  }
}

// Regressions for what fuzzing catalog with Schemathesis found (issue #13, scripts/reliability/fuzz.ts).
describe('fuzz regressions', () => {
  test('GET /films?ids= (an empty list, as the form style writes it) is no id filter, not a 400', async () => {
    const all = await http(`${catalog.url}/films?limit=5`, { headers: auth });
    const empty = await http(`${catalog.url}/films?ids=&limit=5`, { headers: auth });
    expect(empty.status).toBe(200);
    expect(empty.body.items.map((f: { id: string }) => f.id)).toEqual(all.body.items.map((f: { id: string }) => f.id));
    expect(all.body.items.length).toBeGreaterThan(0);
  });

  test('GET /films?cursor= (empty, as the Cursor parameter allows) is the first page, not a 400', async () => {
    const first = await http(`${catalog.url}/films?limit=3`, { headers: auth });
    const empty = await http(`${catalog.url}/films?cursor=&limit=3`, { headers: auth });
    expect(empty.status).toBe(200);
    expect(empty.body.items.map((f: { id: string }) => f.id)).toEqual(first.body.items.map((f: { id: string }) => f.id));
  });

  test('POST /films without Content-Type is a 415 naming the header, with no JavaScript value in it', async () => {
    const res = await http(`${catalog.url}/films`, { method: 'POST', headers: auth, body: new Blob([JSON.stringify(valid())]) });
    expect(res.status).toBe(415);
    expect(res.body.errors).toEqual([expect.objectContaining({ location: 'header', pointer: '/content-type' })]);
    expect(JSON.stringify(res.body)).not.toMatch(/undefined/);
  });

  test('GET /films?ids=<one> still filters', async () => {
    const all = await http(`${catalog.url}/films?limit=2`, { headers: auth });
    const id = all.body.items[1].id as string;
    const one = await http(`${catalog.url}/films?ids=${id}`, { headers: auth });
    expect(one.status).toBe(200);
    expect(one.body.items.map((f: { id: string }) => f.id)).toEqual([id]);
  });
});
