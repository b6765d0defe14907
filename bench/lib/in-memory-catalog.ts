/**
 * An in-memory stand-in for the catalog service, so the HTTP benchmark measures the HTTP stack
 * and not MariaDB: getFilm returns one fixed film, createFilm echoes the body back as a film.
 * Both the generated app and the bare Express app call the same two functions.
 */
import { randomUUID } from 'node:crypto';
import { notFound } from '@marquee/runtime';
import type { CatalogHandlers } from '@marquee/generated/catalog/server.gen';
import type { components } from '@marquee/generated/catalog/types.gen';

export type Film = components['schemas']['Film'];
export type FilmCreate = components['schemas']['FilmCreate'];

export const FILM_ID = '0b6f2f0e-3c7a-4c1e-9a8e-6b1f9f3f2a10';

const FIXED_FILM: Film = {
  id: FILM_ID,
  title: 'The Long Night',
  releaseDate: '2026-10-30',
  runtimeMinutes: 104,
  rating: 'R',
  genres: ['horror', 'thriller'],
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
};

/** The one film there is. */
export function findFilm(_id: string): Film {
  return FIXED_FILM;
}

/** A new film made of the request body (no store behind it). */
export function makeFilm(body: FilmCreate): Film {
  const now = new Date().toISOString();
  return { id: randomUUID(), ...body, createdAt: now, updatedAt: now };
}

/**
 * The largest FilmCreate the contract accepts, written compactly: a 200-character title
 * (maxLength 200), five distinct 32-character genre ids (maxItems 5, pattern
 * ^[a-z][a-z-]{1,31}$), additionalProperties false. No valid FilmCreate reaches 1 KB without
 * padding the JSON with insignificant whitespace or escapes, so this is the largest honest body.
 */
export function largestFilmCreate(): FilmCreate {
  const words = 'The Long Night of the Last Picture House and Every Cinema That Stood Along the Old Coast Road ';
  const title = words.repeat(4).slice(0, 200);
  const genre = (c: string) => `${c}${'-drama-thriller-horror-comedy-romance'.slice(0, 31)}`.slice(0, 32);
  return {
    title,
    releaseDate: '2026-10-30',
    runtimeMinutes: 104,
    rating: 'PG-13',
    genres: ['a', 'b', 'c', 'd', 'e'].map(genre),
  };
}

const unsupported = async (): Promise<never> => {
  throw notFound('not served by the benchmark handlers');
};

/** CatalogHandlers over the two functions above; every other operation answers 404. */
export function createInMemoryCatalogHandlers(): CatalogHandlers {
  return {
    async getFilm({ path }) {
      return { status: 200, body: findFilm(path.filmId) };
    },
    async createFilm({ body }) {
      const film = makeFilm(body);
      return { status: 201, body: film, headers: { Location: `/films/${film.id}` } };
    },
    listFilms: unsupported,
    deleteFilm: unsupported,
    updateFilm: unsupported,
    listGenres: unsupported,
    listRegions: unsupported,
    getRegion: unsupported,
    listCircuits: unsupported,
    createCircuit: unsupported,
    getCircuit: unsupported,
    deleteCircuit: unsupported,
    listCinemas: unsupported,
    createCinema: unsupported,
    getCinema: unsupported,
    deleteCinema: unsupported,
    updateCinema: unsupported,
  };
}
