/**
 * Security events, append-only. Callers pass ids and short explanations only: never a secret, a
 * token or an API key (the log-grep test holds every flow to that).
 */
import type { Knex, Logger } from '@marquee/runtime';
import type { Schemas } from '@marquee/generated/identity/types.gen';
import { iso } from './rows';

type AuditEvent = Schemas['AuditEvent'];
export type AuditEventType = Schemas['AuditEventType'];

export interface AuditRecord {
  type: AuditEventType;
  tenantId?: string | null;
  actor?: string | null;
  target?: string | null;
  detail?: string | null;
}

interface AuditRow {
  id: number | string;
  at: Date;
  type: string;
  tenant_id: string | null;
  actor: string | null;
  target: string | null;
  detail: string | null;
}

export class AuditLog {
  constructor(
    private readonly db: Knex,
    private readonly log: Logger,
  ) {}

  async record(event: AuditRecord, now = new Date()): Promise<void> {
    const row = {
      at: now,
      type: event.type,
      tenant_id: event.tenantId ?? null,
      actor: event.actor?.slice(0, 140) ?? null,
      target: event.target?.slice(0, 140) ?? null,
      detail: event.detail?.slice(0, 500) ?? null,
    };
    await this.db('audit_events').insert(row);
    this.log.info({ audit: { type: row.type, tenantId: row.tenant_id, actor: row.actor, target: row.target } }, 'security event');
  }

  /** Like record, for paths that must answer even when the audit write fails (it is logged). */
  async tryRecord(event: AuditRecord): Promise<void> {
    try {
      await this.record(event);
    } catch (err) {
      this.log.warn({ err, audit: { type: event.type } }, 'audit event not recorded');
    }
  }

  async list(args: { limit: number; tenantId?: string; type?: string; beforeId?: string }): Promise<{ items: AuditEvent[]; lastId: string | null }> {
    const q = this.db('audit_events').orderBy('id', 'desc').limit(args.limit + 1);
    if (args.tenantId) q.where('tenant_id', args.tenantId);
    if (args.type) q.where('type', args.type);
    if (args.beforeId) q.where('id', '<', args.beforeId);
    const rows = (await q) as AuditRow[];
    const items = rows.slice(0, args.limit).map(
      (r): AuditEvent => ({ id: String(r.id), at: iso(r.at), type: r.type as AuditEventType, tenantId: r.tenant_id, actor: r.actor, target: r.target, detail: r.detail }),
    );
    const last = items[items.length - 1];
    return { items, lastId: rows.length > args.limit && last ? last.id : null };
  }
}
