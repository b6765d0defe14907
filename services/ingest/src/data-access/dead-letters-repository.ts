/** Dead letters mirrored from the raw topics' dead-letter topics, and their replay state. */
import type { Knex } from '@marquee/runtime';
import type { DeadLetter as Letter } from '@marquee/runtime/events';
import type { Schemas } from '@marquee/generated/ingest/types.gen';

export type DeadLetter = Schemas['DeadLetter'];

interface Row {
  id: string;
  tenant_id: string | null;
  original_topic: string;
  partition: number;
  offset: string;
  reason: DeadLetter['reason'];
  detail: string;
  consumer_group: string;
  failed_at: Date;
  message_key: string | null;
  value: string;
  status: DeadLetter['status'];
  replayed_at: Date | null;
}

const toLetter = (r: Row): DeadLetter => ({
  id: r.id,
  originalTopic: r.original_topic,
  partition: r.partition,
  offset: r.offset,
  reason: r.reason,
  detail: r.detail,
  consumerGroup: r.consumer_group,
  failedAt: r.failed_at.toISOString(),
  key: r.message_key,
  value: r.value,
  status: r.status,
  replayedAt: r.replayed_at ? r.replayed_at.toISOString() : null,
});

/** The tenant of a letter: its original message's tenantId, when it parses. */
function tenantOf(value: string): string | null {
  try {
    const parsed = JSON.parse(value) as { tenantId?: unknown };
    return typeof parsed.tenantId === 'string' ? parsed.tenantId.slice(0, 64) : null;
  } catch {
    return null;
  }
}

export class DeadLettersRepository {
  constructor(private readonly db: Knex) {}

  /** Idempotent by id (`<dead-letter topic>:<partition>:<offset>`). */
  async add(letters: readonly { id: string; letter: Letter }[]): Promise<void> {
    if (letters.length === 0) return;
    await this.db<Row>('dead_letters')
      .insert(
        letters.map(({ id, letter: l }) => ({
          id,
          tenant_id: tenantOf(l.value),
          original_topic: l.originalTopic,
          partition: l.partition,
          offset: l.offset,
          reason: l.reason,
          detail: l.detail,
          consumer_group: l.consumerGroup,
          failed_at: new Date(l.failedAt),
          message_key: l.key,
          value: l.value,
          status: 'pending' as const,
        })),
      )
      .onConflict('id')
      .ignore();
  }

  async list(tenantId: string, status: DeadLetter['status'] | undefined, limit: number): Promise<DeadLetter[]> {
    const q = this.db<Row>('dead_letters').where({ tenant_id: tenantId }).orderBy('failed_at', 'desc').orderBy('id').limit(limit);
    if (status) q.where({ status });
    return (await q).map(toLetter);
  }

  async get(tenantId: string, ids: readonly string[]): Promise<DeadLetter[]> {
    return (await this.db<Row>('dead_letters').where({ tenant_id: tenantId }).whereIn('id', ids)).map(toLetter);
  }

  /** pending -> replayed; false when someone else replayed it first. */
  async markReplayed(id: string): Promise<boolean> {
    return (await this.db<Row>('dead_letters').where({ id, status: 'pending' }).update({ status: 'replayed', replayed_at: new Date() })) === 1;
  }
}
