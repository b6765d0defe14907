import { randomUUID } from 'node:crypto';
import type { Knex } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/audience/types.gen';

type Segment = Schemas['Segment'];

interface SegmentRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  film_ids: string;
  query: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Saved segments, every read and write scoped to one tenant: another tenant's id is simply not found. */
export class SegmentsRepository {
  constructor(private readonly db: Knex) {}

  private of(tenantId: string) {
    return this.db<SegmentRow>('segments').where({ tenant_id: tenantId });
  }

  async list(tenantId: string, limit: number, afterId?: string): Promise<{ items: Segment[]; lastId: string | null }> {
    const q = this.of(tenantId).orderBy('id').limit(limit + 1);
    if (afterId) q.where('id', '>', afterId);
    const rows = await q;
    const page = rows.slice(0, limit);
    return { items: page.map(toSegment), lastId: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
  }

  async get(tenantId: string, id: string): Promise<Segment | undefined> {
    const row = await this.of(tenantId).where({ id }).first();
    return row ? toSegment(row) : undefined;
  }

  async create(tenantId: string, input: Schemas['SegmentCreate'], now = new Date()): Promise<Segment> {
    const id = randomUUID();
    await this.db('segments').insert({
      id,
      tenant_id: tenantId,
      name: input.name,
      description: input.description ?? '',
      film_ids: JSON.stringify(input.filmIds ?? []),
      query: input.query === undefined ? null : JSON.stringify(input.query),
      created_at: now,
      updated_at: now,
    });
    return (await this.get(tenantId, id)) as Segment;
  }

  async update(tenantId: string, id: string, patch: Schemas['SegmentUpdate'], now = new Date()): Promise<Segment | undefined> {
    const updated = await this.of(tenantId)
      .where({ id })
      .update({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.filmIds !== undefined ? { film_ids: JSON.stringify(patch.filmIds) } : {}),
        ...(patch.query !== undefined ? { query: JSON.stringify(patch.query) } : {}),
        updated_at: now,
      });
    return updated > 0 ? this.get(tenantId, id) : undefined;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    return (await this.of(tenantId).where({ id }).delete()) > 0;
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
