/**
 * Member state in the enricher's own database: per member its latest attributes, its running
 * aggregate (../domain/aggregate.ts) and a sequence; every transaction once per (tenant,
 * transaction id). `applyBatch` applies one consumed batch in one database transaction with a
 * handful of statements whatever its size: the touched members' rows are locked, transactions
 * already stored are skipped (a replayed batch changes nothing), the new ones are inserted (one
 * INSERT IGNORE ... RETURNING per 1,000) and folded into the aggregates, and each touched member whose attributes have arrived gets its
 * sequence bumped, so a higher sequence always carries the newer state. Deadlocks between the
 * two consumers are retried.
 */
import type { Knex } from '@marquee/runtime';
import { addVisits, emptyAggregate, type Aggregate } from '../domain/aggregate';
import type { MemberAttributes, Visit } from '../domain/profile';

export interface StoredTransaction extends Visit {
  tenantId: string;
  transactionId: string;
  memberId: string;
  tickets: number;
}

export interface MemberState {
  tenantId: string;
  memberId: string;
  sequence: number;
  member: MemberAttributes;
  aggregate: Aggregate;
}

interface MemberRow {
  tenant_id: string;
  member_id: string;
  attributes: string | null;
  aggregate: string | null;
  sequence: number | string;
}

const key = (tenantId: string, memberId: string) => `${tenantId}\u0000${memberId}`;
const CHUNK = 1000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const isDeadlock = (err: unknown) => ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT'].includes((err as { code?: string }).code ?? '');

export class StateRepository {
  deadlocksRetried = 0;

  constructor(readonly db: Knex) {}

  /**
   * Applies member attributes (the latest per member) and transactions; returns the state of
   * every touched member whose attributes are known, with its new sequence.
   */
  async applyBatch(members: readonly MemberAttributes[], transactions: readonly StoredTransaction[], now: Date): Promise<MemberState[]> {
    const touched = new Map<string, [string, string]>();
    for (const m of members) touched.set(key(m.tenantId, m.memberId), [m.tenantId, m.memberId]);
    for (const t of transactions) touched.set(key(t.tenantId, t.memberId), [t.tenantId, t.memberId]);
    if (touched.size === 0) return [];
    const pairs = [...touched.values()].sort(([a, b], [c, d]) => a.localeCompare(c) || b.localeCompare(d));
    for (let attempt = 1; ; attempt++) {
      try {
        // Rows exist before they are locked (record locks only, no gap locks between the consumers).
        for (const part of chunks(pairs)) {
          await this.db('members')
            .insert(part.map(([tenantId, memberId]) => ({ tenant_id: tenantId, member_id: memberId, attributes: null, aggregate: JSON.stringify(emptyAggregate()), sequence: 0 })))
            .onConflict(['tenant_id', 'member_id'])
            .ignore();
        }
        return await this.db.transaction((trx) => this.apply(trx, pairs, members, transactions, now));
      } catch (err) {
        if (!isDeadlock(err) || attempt >= 10) throw err;
        this.deadlocksRetried++;
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
  }

  private async apply(trx: Knex.Transaction, pairs: [string, string][], members: readonly MemberAttributes[], transactions: readonly StoredTransaction[], now: Date): Promise<MemberState[]> {
    const rows = new Map<string, MemberRow>();
    for (const part of chunks(pairs)) {
      const found = await trx('members').whereIn(['tenant_id', 'member_id'], part).orderBy(['tenant_id', 'member_id']).forUpdate().select<MemberRow[]>('tenant_id', 'member_id', 'attributes', 'aggregate', 'sequence');
      for (const r of found) rows.set(key(r.tenant_id, r.member_id), r);
    }
    // Transactions not stored yet (first occurrence wins inside the batch): MariaDB's INSERT IGNORE
    // ... RETURNING gives back exactly the rows it inserted, so one statement per chunk both stores
    // the new ones and says which they were.
    const distinct = new Map(transactions.map((t) => [key(t.tenantId, t.transactionId), t]));
    const fresh: StoredTransaction[] = [];
    for (const part of chunks([...distinct.values()])) {
      const insert = trx('transactions')
        .insert(part.map((t) => ({ tenant_id: t.tenantId, transaction_id: t.transactionId, member_id: t.memberId, cinema_id: t.cinemaId, film_id: t.filmId, primary_genre: t.primaryGenre, region_id: t.regionId, occurred_at: t.occurredAt, tickets: t.tickets, ticket_amount: t.ticketAmount, concession_amount: t.concessionAmount })))
        .onConflict(['tenant_id', 'transaction_id'])
        .ignore()
        .toSQL();
      const [inserted] = (await trx.raw(`${insert.sql} returning tenant_id, transaction_id`, insert.bindings)) as [{ tenant_id: string; transaction_id: string }[]];
      for (const r of inserted) fresh.push(distinct.get(key(r.tenant_id, r.transaction_id))!);
    }
    const aggregates = await this.aggregatesOf(trx, rows, fresh);
    const newVisits = new Map<string, StoredTransaction[]>();
    for (const t of fresh) {
      const k = key(t.tenantId, t.memberId);
      const list = newVisits.get(k);
      if (list) list.push(t);
      else newVisits.set(k, [t]);
    }
    const attributes = new Map(members.map((m) => [key(m.tenantId, m.memberId), m]));

    const out: MemberState[] = [];
    const updates: Record<string, unknown>[] = [];
    for (const [tenantId, memberId] of pairs) {
      const k = key(tenantId, memberId);
      const row = rows.get(k);
      const aggregate = addVisits(aggregates.get(k)!, newVisits.get(k) ?? [], now);
      const member = attributes.get(k) ?? (row?.attributes ? (JSON.parse(row.attributes) as MemberAttributes) : undefined);
      const sequence = Number(row?.sequence ?? 0) + (member ? 1 : 0);
      updates.push({ tenant_id: tenantId, member_id: memberId, attributes: member ? JSON.stringify(member) : null, aggregate: JSON.stringify(aggregate), sequence });
      if (member) out.push({ tenantId, memberId, sequence, member, aggregate });
    }
    for (const part of chunks(updates)) await trx('members').insert(part).onConflict(['tenant_id', 'member_id']).merge(['attributes', 'aggregate', 'sequence']);
    return out;
  }

  /** Each locked member's aggregate; rows written before aggregates existed (null) are rebuilt once from their stored transactions. */
  private async aggregatesOf(trx: Knex.Transaction, rows: Map<string, MemberRow>, fresh: readonly StoredTransaction[]): Promise<Map<string, Aggregate>> {
    const out = new Map<string, Aggregate>();
    const legacy: [string, string][] = [];
    for (const [k, r] of rows) {
      if (r.aggregate) out.set(k, JSON.parse(r.aggregate) as Aggregate);
      else legacy.push([r.tenant_id, r.member_id]);
    }
    if (legacy.length === 0) return out;
    const freshIds = new Set(fresh.map((t) => key(t.tenantId, t.transactionId)));
    const history = new Map<string, Visit[]>();
    for (const part of chunks(legacy)) {
      const found = await trx('transactions')
        .whereIn(['tenant_id', 'member_id'], part)
        .select<{ tenant_id: string; member_id: string; transaction_id: string; film_id: string; cinema_id: string; primary_genre: string | null; region_id: string | null; occurred_at: Date; ticket_amount: string | number; concession_amount: string | number }[]>('tenant_id', 'member_id', 'transaction_id', 'film_id', 'cinema_id', 'primary_genre', 'region_id', 'occurred_at', 'ticket_amount', 'concession_amount');
      for (const r of found) {
        if (freshIds.has(key(r.tenant_id, r.transaction_id))) continue;
        const k = key(r.tenant_id, r.member_id);
        if (!history.has(k)) history.set(k, []);
        history.get(k)!.push({ filmId: r.film_id, cinemaId: r.cinema_id, primaryGenre: r.primary_genre, regionId: r.region_id, occurredAt: new Date(r.occurred_at), ticketAmount: Number(r.ticket_amount), concessionAmount: Number(r.concession_amount) });
      }
    }
    for (const [tenantId, memberId] of legacy) out.set(key(tenantId, memberId), addVisits(emptyAggregate(), history.get(key(tenantId, memberId)) ?? [], new Date(0)));
    return out;
  }
}
