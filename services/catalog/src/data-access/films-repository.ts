import { randomUUID } from 'node:crypto';
import type { Knex } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/catalog/types.gen';
import { iso, pageOf } from './rows';

type Film = Schemas['Film'];

interface FilmRow {
  id: string;
  title: string;
  release_date: string;
  runtime_minutes: number;
  rating: Film['rating'];
  created_at: Date;
  updated_at: Date;
}

export interface FilmFilter {
  ids?: string[];
  genre?: string;
  rating?: string;
  releasedFrom?: string;
  releasedTo?: string;
  afterId?: string;
  limit: number;
}

export class FilmsRepository {
  constructor(private readonly db: Knex) {}

  async list(filter: FilmFilter): Promise<{ items: Film[]; lastId: string | null }> {
    const q = this.db<FilmRow>('films').orderBy('id').limit(filter.limit + 1);
    if (filter.ids) q.whereIn('id', filter.ids);
    if (filter.genre) q.whereIn('id', this.db('film_genres').select('film_id').where('genre_id', filter.genre));
    if (filter.rating) q.where('rating', filter.rating);
    if (filter.releasedFrom) q.where('release_date', '>=', filter.releasedFrom);
    if (filter.releasedTo) q.where('release_date', '<=', filter.releasedTo);
    if (filter.afterId) q.where('id', '>', filter.afterId);
    const rows = await q;
    const genres = await this.genresOf(rows.map((r) => r.id));
    return pageOf(rows, filter.limit, (row) => toFilm(row, genres.get(row.id) ?? []));
  }

  async get(id: string): Promise<Film | undefined> {
    const row = await this.db<FilmRow>('films').where({ id }).first();
    return row ? toFilm(row, (await this.genresOf([id])).get(id) ?? []) : undefined;
  }

  async create(input: Schemas['FilmCreate'], now = new Date()): Promise<Film> {
    const id = randomUUID();
    await this.db.transaction(async (trx) => {
      await trx('films').insert({
        id,
        title: input.title,
        release_date: input.releaseDate,
        runtime_minutes: input.runtimeMinutes,
        rating: input.rating,
        created_at: now,
        updated_at: now,
      });
      await trx('film_genres').insert(input.genres.map((genre_id, position) => ({ film_id: id, genre_id, position })));
    });
    return (await this.get(id)) as Film;
  }

  /** Returns undefined when there is no such film. */
  async update(id: string, patch: Schemas['FilmUpdate'], now = new Date()): Promise<Film | undefined> {
    const found = await this.db.transaction(async (trx) => {
      const columns = {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.releaseDate !== undefined ? { release_date: patch.releaseDate } : {}),
        ...(patch.runtimeMinutes !== undefined ? { runtime_minutes: patch.runtimeMinutes } : {}),
        ...(patch.rating !== undefined ? { rating: patch.rating } : {}),
        updated_at: now,
      };
      const updated = await trx('films').where({ id }).update(columns);
      if (updated === 0) {
        return false;
      }
      if (patch.genres) {
        await trx('film_genres').where({ film_id: id }).delete();
        await trx('film_genres').insert(patch.genres.map((genre_id, position) => ({ film_id: id, genre_id, position })));
      }
      return true;
    });
    return found ? this.get(id) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db('films').where({ id }).delete()) > 0;
  }

  private async genresOf(filmIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (filmIds.length === 0) {
      return out;
    }
    const rows = await this.db<{ film_id: string; genre_id: string }>('film_genres').whereIn('film_id', filmIds).orderBy(['film_id', 'position']);
    for (const row of rows) {
      out.set(row.film_id, [...(out.get(row.film_id) ?? []), row.genre_id]);
    }
    return out;
  }
}

function toFilm(row: FilmRow, genres: string[]): Film {
  return {
    id: row.id,
    title: row.title,
    releaseDate: row.release_date,
    runtimeMinutes: row.runtime_minutes,
    rating: row.rating,
    genres,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
