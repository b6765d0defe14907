import { randomUUID } from 'node:crypto';
import type { Knex } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/audience/types.gen';

type Segment = Schemas['Segment'];

interface SegmentRow {
  id: string;
  name: string;
  description: string;
  film_ids: string;
  query: string | null;
  created_at: Date;
  updated_at: Date;
}

export class SegmentsRepository {
  constructor(private readonly db: Knex) {}

  async list(limit: number, afterId?: string): Promise<{ items: Segment[]; lastId: string | null }> {
    const q = this.db<SegmentRow>('segments').orderBy('id').limit(limit + 1);
    if (afterId) q.where('id', '>', afterId);
    const rows = await q;
    const page = rows.slice(0, limit);
    return { items: page.map(toSegment), lastId: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
  }

  async get(id: string): Promise<Segment | undefined> {
    const row = await this.db<SegmentRow>('segments').where({ id }).first();
    return row ? toSegment(row) : undefined;
  }

  async create(input: Schemas['SegmentCreate'], now = new Date()): Promise<Segment> {
    const id = randomUUID();
    await this.db('segments').insert({
      id,
      name: input.name,
      description: input.description ?? '',
      film_ids: JSON.stringify(input.filmIds ?? []),
      query: input.query === undefined ? null : JSON.stringify(input.query),
      created_at: now,
      updated_at: now,
    });
    return (await this.get(id)) as Segment;
  }

  async update(id: string, patch: Schemas['SegmentUpdate'], now = new Date()): Promise<Segment | undefined> {
    const updated = await this.db('segments')
      .where({ id })
      .update({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.filmIds !== undefined ? { film_ids: JSON.stringify(patch.filmIds) } : {}),
        ...(patch.query !== undefined ? { query: JSON.stringify(patch.query) } : {}),
        updated_at: now,
      });
    return updated > 0 ? this.get(id) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db('segments').where({ id }).delete()) > 0;
  }
}

function toSegment(row: SegmentRow): Segment {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    filmIds: JSON.parse(row.film_ids) as string[],
    ...(row.query ? { query: JSON.parse(row.query) as Schemas['AudienceQuery'] } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
