import { randomUUID } from 'node:crypto';
import type { Knex } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/campaigns/types.gen';

type Campaign = Schemas['Campaign'];
type Status = Schemas['CampaignStatus'];

interface CampaignRow {
  id: string;
  tenant_id: string;
  name: string;
  segment_id: string;
  channel: Schemas['Channel'];
  starts_at: Date;
  ends_at: Date;
  budget_minor: number | string;
  currency: string;
  status: Status;
  reach_count: number;
  reach_computed_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface CampaignFilter {
  statuses?: Status[];
  channel?: Schemas['Channel'];
  segmentId?: string;
}

/** What a write may change: the editable fields, and the reach measured for a (new) segment. */
export type CampaignChanges = Schemas['CampaignUpdate'] & { reach?: Schemas['Reach'] };

const toMinor = (amount: number) => Math.round(amount * 100);

function columns(changes: CampaignChanges): Partial<CampaignRow> {
  return {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.segmentId !== undefined ? { segment_id: changes.segmentId } : {}),
    ...(changes.channel !== undefined ? { channel: changes.channel } : {}),
    ...(changes.schedule ? { starts_at: new Date(changes.schedule.start), ends_at: new Date(changes.schedule.end) } : {}),
    ...(changes.budget ? { budget_minor: toMinor(changes.budget.amount), currency: changes.budget.currency } : {}),
    ...(changes.reach ? { reach_count: changes.reach.count, reach_computed_at: new Date(changes.reach.computedAt) } : {}),
  };
}

/** Campaigns, every read and write scoped to one tenant: another tenant's id is simply not found. */
export class CampaignsRepository {
  constructor(private readonly db: Knex) {}

  private of(tenantId: string) {
    return this.db<CampaignRow>('campaigns').where({ tenant_id: tenantId });
  }

  async list(tenantId: string, filter: CampaignFilter, limit: number, afterId?: string): Promise<{ items: Campaign[]; lastId: string | null }> {
    const q = this.of(tenantId).orderBy('id').limit(limit + 1);
    if (afterId) q.where('id', '>', afterId);
    if (filter.statuses) q.whereIn('status', filter.statuses);
    if (filter.channel) q.where({ channel: filter.channel });
    if (filter.segmentId) q.where({ segment_id: filter.segmentId });
    const rows = await q;
    const page = rows.slice(0, limit);
    return { items: page.map(toCampaign), lastId: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
  }

  async get(tenantId: string, id: string): Promise<Campaign | undefined> {
    const row = await this.of(tenantId).where({ id }).first();
    return row ? toCampaign(row) : undefined;
  }

  async create(tenantId: string, input: Schemas['CampaignCreate'], reach: Schemas['Reach'], now: Date): Promise<Campaign> {
    const id = randomUUID();
    await this.db('campaigns').insert({ id, tenant_id: tenantId, status: 'draft', created_at: now, updated_at: now, ...columns({ ...input, reach }) });
    return (await this.get(tenantId, id)) as Campaign;
  }

  /**
   * Changes a campaign only while it is still in one of `inStatuses` (checked in the same
   * statement, so a concurrent transition cannot slip between the check and the write).
   * Undefined when nothing matched: the caller re-reads to say why.
   */
  async update(tenantId: string, id: string, inStatuses: readonly Status[], changes: CampaignChanges & { status?: Status }, now: Date): Promise<Campaign | undefined> {
    const updated = await this.of(tenantId)
      .where({ id })
      .whereIn('status', inStatuses)
      .update({ ...columns(changes), ...(changes.status ? { status: changes.status } : {}), updated_at: now });
    return updated > 0 ? this.get(tenantId, id) : undefined;
  }

  async setReach(tenantId: string, id: string, reach: Schemas['Reach']): Promise<void> {
    await this.of(tenantId).where({ id }).update(columns({ reach }));
  }

  /** Deletes the campaign if it is in `inStatuses`; false when nothing matched. */
  async delete(tenantId: string, id: string, inStatuses: readonly Status[]): Promise<boolean> {
    return (await this.of(tenantId).where({ id }).whereIn('status', inStatuses).delete()) > 0;
  }
}

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    segmentId: row.segment_id,
    channel: row.channel,
    schedule: { start: row.starts_at.toISOString(), end: row.ends_at.toISOString() },
    budget: { amount: Number(row.budget_minor) / 100, currency: row.currency },
    status: row.status,
    reach: { segmentId: row.segment_id, count: row.reach_count, computedAt: row.reach_computed_at.toISOString() },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
