// Each @ts-expect-error marks a client call the generated client must refuse to compile.
import { CatalogClient } from '@marquee/generated/catalog/client.gen';

const client = new CatalogClient({ baseUrl: 'http://127.0.0.1:4010', credentials: { token: async () => 'a-jwt-from-identity' } });

// @ts-expect-error a token is a provider function (called per request, so it can refresh), not a string
export const rawToken = new CatalogClient({ baseUrl: 'http://127.0.0.1:4010', credentials: { token: 'a-jwt' } });

// The positive control: an API key is a string.
export const withKey = new CatalogClient({ baseUrl: 'http://127.0.0.1:4010', credentials: { apiKey: 'mqk_k1_secret' } });

export async function calls(): Promise<void> {
  // @ts-expect-error the path parameter is filmId
  await client.getFilm({ path: { id: '0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10' } });

  // @ts-expect-error the path is required
  await client.getFilm({});

  // @ts-expect-error limit is a number
  await client.listFilms({ query: { limit: 'ten' } });

  // @ts-expect-error rating is one of the declared enum values
  await client.listFilms({ query: { rating: 'X' } });

  // @ts-expect-error createFilm's body lacks releaseDate, runtimeMinutes, rating and genres
  await client.createFilm({ body: { title: 'Half a film' } });

  // @ts-expect-error there is no such operation
  await client.getMovie({ path: { filmId: 'x' } });

  const result = await client.getFilm({ path: { filmId: '0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10' } });
  if (result.status === 404) {
    // @ts-expect-error a 404 carries a Problem, not a Film
    void result.body.runtimeMinutes;
  } else if (result.status === 200) {
    // The positive control: narrowing on status gives the Film.
    const minutes: number = result.body.runtimeMinutes;
    void minutes;
  } else if (result.status === 429) {
    // The positive control: Retry-After is declared an integer, so the client reads it as a number.
    const wait: number | undefined = result.headers?.['Retry-After'];
    void wait;
    // @ts-expect-error a declared integer header is a number, not a string
    const raw: string | undefined = result.headers?.['Retry-After'];
    void raw;
  }

  const created = await client.createFilm({ body: { title: 'T', releaseDate: '2026-01-01', runtimeMinutes: 90, rating: 'PG', genres: [] } });
  if (created.status === 201) {
    const location: string | undefined = created.headers?.Location;
    void location;
    // @ts-expect-error 201 declares Location only
    void created.headers?.['Retry-After'];
  }
}
