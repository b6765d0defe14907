/**
 * Member state in the enricher's own database. Applying events is idempotent: a member row is
 * replaced by its latest attributes, a transaction is inserted once per (tenant, transaction id),
 * so a replayed batch changes nothing. `nextProfile` bumps a member's sequence and reads its
 * state under a row lock, so a higher sequence always carries the newer state.
 */
import type { Knex } from '@marquee/runtime';
import type { MemberAttributes, Visit } from '../domain/profile';

export interface StoredTransaction extends Visit {
  tenantId: string;
  transactionId: string;
  memberId: string;
  tickets: number;
}

export class StateRepository {
  constructor(readonly db: Knex) {}

  async upsertMembers(members: readonly MemberAttributes[]): Promise<void> {
    if (members.length === 0) return;
    await this.db('members')
      .insert(members.map((m) => ({ tenant_id: m.tenantId, member_id: m.memberId, attributes: JSON.stringify(m), sequence: 0 })))
      .onConflict(['tenant_id', 'member_id'])
      .merge(['attributes']);
  }

  async insertTransactions(rows: readonly StoredTransaction[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db('transactions')
      .insert(
        rows.map((t) => ({
          tenant_id: t.tenantId,
          transaction_id: t.transactionId,
          member_id: t.memberId,
          cinema_id: t.cinemaId,
          film_id: t.filmId,
          primary_genre: t.primaryGenre,
          region_id: t.regionId,
          occurred_at: t.occurredAt,
          tickets: t.tickets,
          ticket_amount: t.ticketAmount,
          concession_amount: t.concessionAmount,
        })),
      )
      .onConflict(['tenant_id', 'transaction_id'])
      .ignore();
    // Transactions may arrive before their member: a placeholder row without attributes.
    await this.db('members')
      .insert([...new Map(rows.map((t) => [`${t.tenantId}\u0000${t.memberId}`, { tenant_id: t.tenantId, member_id: t.memberId, attributes: null, sequence: 0 }])).values()])
      .onConflict(['tenant_id', 'member_id'])
      .ignore();
  }

  /** The member's next sequence and state, or undefined while the member row itself has not arrived. */
  async nextProfile(tenantId: string, memberId: string): Promise<{ sequence: number; member: MemberAttributes; visits: Visit[] } | undefined> {
    return this.db.transaction(async (trx) => {
      const row = await trx('members').where({ tenant_id: tenantId, member_id: memberId }).forUpdate().first<{ attributes: string | null; sequence: number | string } | undefined>();
      if (!row?.attributes) return undefined;
      const sequence = Number(row.sequence) + 1;
      await trx('members').where({ tenant_id: tenantId, member_id: memberId }).update({ sequence });
      const rows = await trx('transactions').where({ tenant_id: tenantId, member_id: memberId }).select<
        { film_id: string; cinema_id: string; primary_genre: string | null; region_id: string | null; occurred_at: Date; ticket_amount: string | number; concession_amount: string | number }[]
      >('film_id', 'cinema_id', 'primary_genre', 'region_id', 'occurred_at', 'ticket_amount', 'concession_amount');
      return {
        sequence,
        member: JSON.parse(row.attributes) as MemberAttributes,
        visits: rows.map((r) => ({ filmId: r.film_id, cinemaId: r.cinema_id, primaryGenre: r.primary_genre, regionId: r.region_id, occurredAt: new Date(r.occurred_at), ticketAmount: Number(r.ticket_amount), concessionAmount: Number(r.concession_amount) })),
      };
    });
  }
}
