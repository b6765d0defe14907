import { randomUUID } from 'node:crypto';
import type { Knex } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/catalog/types.gen';
import { iso, pageOf } from './rows';

type Cinema = Schemas['Cinema'];
type Circuit = Schemas['Circuit'];

interface CinemaRow {
  id: string;
  name: string;
  circuit_id: string;
  region_id: Cinema['regionId'];
  city: string;
  screens: number;
  created_at: Date;
  updated_at: Date;
}

interface CircuitRow {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
}

/** Circuits, cinemas and the fixed reference lists (regions, genres). */
export class PlacesRepository {
  constructor(private readonly db: Knex) {}

  listRegions(country?: Schemas['Country']): Promise<Schemas['Region'][]> {
    const q = this.db<Schemas['Region']>('regions').select('id', 'name', 'country').orderBy('id');
    return country ? q.where({ country }) : q;
  }

  getRegion(id: string): Promise<Schemas['Region'] | undefined> {
    return this.db<Schemas['Region']>('regions').select('id', 'name', 'country').where({ id }).first();
  }

  listGenres(): Promise<Schemas['Genre'][]> {
    return this.db<Schemas['Genre']>('genres').select('id', 'name').orderBy('name');
  }

  async existing(table: 'genres' | 'regions' | 'circuits', ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) {
      return new Set();
    }
    const rows = await this.db<{ id: string }>(table).select('id').whereIn('id', ids);
    return new Set(rows.map((r) => r.id));
  }

  async listCircuits(limit: number, afterId?: string): Promise<{ items: Circuit[]; lastId: string | null }> {
    const q = this.db<CircuitRow>('circuits').orderBy('id').limit(limit + 1);
    if (afterId) q.where('id', '>', afterId);
    return pageOf(await q, limit, toCircuit);
  }

  async getCircuit(id: string): Promise<Circuit | undefined> {
    const row = await this.db<CircuitRow>('circuits').where({ id }).first();
    return row ? toCircuit(row) : undefined;
  }

  async createCircuit(name: string, now = new Date()): Promise<Circuit> {
    const id = randomUUID();
    await this.db('circuits').insert({ id, name, created_at: now, updated_at: now });
    return (await this.getCircuit(id)) as Circuit;
  }

  async deleteCircuit(id: string): Promise<boolean> {
    return (await this.db('circuits').where({ id }).delete()) > 0;
  }

  async listCinemas(filter: { circuitId?: string; regionId?: string; afterId?: string; limit: number }): Promise<{ items: Cinema[]; lastId: string | null }> {
    const q = this.db<CinemaRow>('cinemas').orderBy('id').limit(filter.limit + 1);
    if (filter.circuitId) q.where('circuit_id', filter.circuitId);
    if (filter.regionId) q.where('region_id', filter.regionId);
    if (filter.afterId) q.where('id', '>', filter.afterId);
    return pageOf(await q, filter.limit, toCinema);
  }

  async getCinema(id: string): Promise<Cinema | undefined> {
    const row = await this.db<CinemaRow>('cinemas').where({ id }).first();
    return row ? toCinema(row) : undefined;
  }

  async createCinema(input: Schemas['CinemaCreate'], now = new Date()): Promise<Cinema> {
    const id = randomUUID();
    await this.db('cinemas').insert({ id, ...cinemaColumns(input), created_at: now, updated_at: now });
    return (await this.getCinema(id)) as Cinema;
  }

  async updateCinema(id: string, patch: Schemas['CinemaUpdate'], now = new Date()): Promise<Cinema | undefined> {
    const updated = await this.db('cinemas').where({ id }).update({ ...cinemaColumns(patch), updated_at: now });
    return updated > 0 ? this.getCinema(id) : undefined;
  }

  async deleteCinema(id: string): Promise<boolean> {
    return (await this.db('cinemas').where({ id }).delete()) > 0;
  }
}

function cinemaColumns(input: Schemas['CinemaUpdate']): Record<string, string | number> {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.circuitId !== undefined ? { circuit_id: input.circuitId } : {}),
    ...(input.regionId !== undefined ? { region_id: input.regionId } : {}),
    ...(input.city !== undefined ? { city: input.city } : {}),
    ...(input.screens !== undefined ? { screens: input.screens } : {}),
  };
}

function toCircuit(row: CircuitRow): Circuit {
  return { id: row.id, name: row.name, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) };
}

function toCinema(row: CinemaRow): Cinema {
  return {
    id: row.id,
    name: row.name,
    circuitId: row.circuit_id,
    regionId: row.region_id,
    city: row.city,
    screens: row.screens,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
