/**
 * Catalog over HTTP against real MariaDB (its own test database, seeded by global setup).
 * Responses are validated against the spec by the generated router on every call.
 */
import { randomUUID } from 'node:crypto';
import { CatalogClient } from '@marquee/generated/catalog/client.gen';
import { credentials, http, startCatalog, type Started } from '../../../test/support/platform';

let catalog: Started;
let client: CatalogClient;
const unique = () => randomUUID().slice(0, 8);

beforeAll(async () => {
  catalog = await startCatalog();
  client = new CatalogClient({ baseUrl: catalog.url, credentials: credentials() });
});
afterAll(() => catalog.stop());

describe('catalog films', () => {
  test('When a film is created, Then it can be read, updated, listed by genre and deleted', async () => {
    const created = await client.createFilm({ body: { title: `Night Shift ${unique()}`, releaseDate: '2026-10-16', runtimeMinutes: 98, rating: 'R', genres: ['horror', 'thriller'] } });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    expect(created.response.headers.get('location')).toBe(`/films/${created.body.id}`);
    expect(created.body.genres).toEqual(['horror', 'thriller']);

    const read = await client.getFilm({ path: { filmId: created.body.id } });
    expect(read).toMatchObject({ status: 200, body: created.body });

    const updated = await client.updateFilm({ path: { filmId: created.body.id }, body: { runtimeMinutes: 101, genres: ['thriller'] } });
    expect(updated).toMatchObject({ status: 200, body: { runtimeMinutes: 101, genres: ['thriller'], title: created.body.title } });

    const byIds = await client.listFilms({ query: { ids: [created.body.id], genre: 'thriller' } });
    expect(byIds.status === 200 && byIds.body.items.map((f) => f.id)).toEqual([created.body.id]);

    expect((await client.deleteFilm({ path: { filmId: created.body.id } })).status).toBe(204);
    expect((await client.getFilm({ path: { filmId: created.body.id } })).status).toBe(404);
    expect((await client.deleteFilm({ path: { filmId: created.body.id } })).status).toBe(404);
  });

  test('When listing films page by page, Then every seeded film appears exactly once, in id order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await client.listFilms({ query: { limit: 37, releasedTo: '2026-12-31', ...(cursor ? { cursor } : {}) } });
      if (page.status !== 200) throw new Error(`status ${page.status}`);
      seen.push(...page.body.items.map((f) => f.id));
      if (page.body.nextCursor === null) break;
      cursor = page.body.nextCursor;
    }
    expect(seen.length).toBeGreaterThanOrEqual(300);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
  });

  test('When filtering by rating and release window, Then only matching films come back', async () => {
    const page = await client.listFilms({ query: { rating: 'PG', releasedFrom: '2024-01-01', releasedTo: '2024-12-31', limit: 200 } });
    expect(page.status).toBe(200);
    if (page.status !== 200) return;
    expect(page.body.items.length).toBeGreaterThan(0);
    for (const film of page.body.items) {
      expect(film.rating).toBe('PG');
      expect(film.releaseDate >= '2024-01-01' && film.releaseDate <= '2024-12-31').toBe(true);
    }
  });

  test('When a film names a genre that does not exist, Then 422 names the pointer and nothing is stored', async () => {
    const title = `Ghost Genre ${unique()}`;
    const res = await client.createFilm({ body: { title, releaseDate: '2026-01-01', runtimeMinutes: 90, rating: 'PG', genres: ['drama', 'space-opera'] } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 422, errors: [{ location: 'body', pointer: '/genres/1' }] });
    expect(res.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('catalog circuits, cinemas, regions and genres', () => {
  test('When a circuit gets cinemas, Then they list by circuit with cursor pagination and the circuit cannot be deleted', async () => {
    const circuit = await client.createCircuit({ body: { name: `Test Circuit ${unique()}` } });
    if (circuit.status !== 201) throw new Error(`status ${circuit.status}`);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const cinema = await client.createCinema({ body: { name: `Screen ${i}`, circuitId: circuit.body.id, regionId: 'CA-ON', city: 'Toronto', screens: 8 + i } });
      if (cinema.status !== 201) throw new Error(`status ${cinema.status}`);
      ids.push(cinema.body.id);
    }
    const first = await client.listCinemas({ query: { circuitId: circuit.body.id, limit: 3 } });
    if (first.status !== 200 || first.body.nextCursor === null) throw new Error('expected a second page');
    const second = await client.listCinemas({ query: { circuitId: circuit.body.id, limit: 3, cursor: first.body.nextCursor } });
    if (second.status !== 200) throw new Error(`status ${second.status}`);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((c) => c.id)).toEqual([...ids].sort());

    const blocked = await client.deleteCircuit({ path: { circuitId: circuit.body.id } });
    expect(blocked).toMatchObject({ status: 409, body: { status: 409 } });
    expect((await client.getCircuit({ path: { circuitId: circuit.body.id } })).status).toBe(200);

    const moved = await client.updateCinema({ path: { cinemaId: ids[0]! }, body: { regionId: 'US-NY', city: 'Buffalo' } });
    expect(moved).toMatchObject({ status: 200, body: { regionId: 'US-NY', city: 'Buffalo' } });
    for (const id of ids) expect((await client.deleteCinema({ path: { cinemaId: id } })).status).toBe(204);
    expect((await client.deleteCircuit({ path: { circuitId: circuit.body.id } })).status).toBe(204);
  });

  test('When a circuit name is taken, Then 409', async () => {
    const name = `Dup Circuit ${unique()}`;
    expect((await client.createCircuit({ body: { name } })).status).toBe(201);
    expect((await client.createCircuit({ body: { name } })).status).toBe(409);
  });

  test('When a cinema refers to an unknown circuit or region, Then 422 names each field', async () => {
    const res = await client.createCinema({ body: { name: 'Nowhere', circuitId: randomUUID(), regionId: 'CA-ON', city: 'Ottawa', screens: 4 } });
    expect(res).toMatchObject({ status: 422, body: { errors: [{ pointer: '/circuitId' }] } });
  });

  test('When listing reference data, Then regions of both countries and all genres come back', async () => {
    const canada = await client.listRegions({ query: { country: 'CA' } });
    expect(canada.status === 200 && canada.body.items.map((r) => r.id)).toContain('CA-ON');
    expect(await client.getRegion({ path: { regionId: 'US-TX' } })).toMatchObject({ status: 200, body: { name: 'Texas', country: 'US' } });
    expect((await client.getRegion({ path: { regionId: 'CA-ZZ' } })).status).toBe(404);
    const genres = await client.listGenres();
    expect(genres.status === 200 && genres.body.items.map((g) => g.id)).toEqual(expect.arrayContaining(['horror', 'drama', 'comedy']));
  });
});

describe('catalog service endpoints', () => {
  test('When probed, Then /healthz is live, /readyz checks MySQL, and request ids echo back', async () => {
    expect((await http(`${catalog.url}/healthz`)).status).toBe(200);
    const ready = await http(`${catalog.url}/readyz`, { headers: { 'x-request-id': 'probe-123' } });
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', checks: { mysql: 'ok' } } });
    expect(ready.headers.get('x-request-id')).toBe('probe-123');
  });
});
