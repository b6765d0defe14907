/**
 * The enricher's work per consumed batch: apply the raw events to member state (idempotently,
 * one database transaction per batch, running aggregates instead of whole histories), then emit
 * one profile per member the batch touched. Transactions
 * are joined with the catalog first; one whose film or cinema the catalog still does not know
 * after `retries` rechecks is rejected (it goes to the dead-letter topic with the reason).
 * Replays are safe: state does not change twice, and the re-emitted profile carries a higher
 * sequence with the same content.
 */
import type { Logger } from '@marquee/runtime';
import type { ConsumedEvent, EventProducer, Rejection } from '@marquee/runtime/events';
import type { ProfileEvent } from '@marquee/generated/enricher/events.gen';
import type { MemberEvent, TransactionEvent } from '@marquee/generated/ingest/events.gen';
import type { MemberState, StateRepository, StoredTransaction } from '../data-access/state-repository';
import { profileOf } from './aggregate';
import type { CatalogCache } from './catalog-cache';
import type { MemberAttributes } from './profile';

export interface EnricherDeps {
  state: StateRepository;
  catalog: CatalogCache;
  profiles: EventProducer<ProfileEvent, 'memberId'>;
  clock: () => Date;
  log: Logger;
  /** Rechecks of an unknown film or cinema before the transaction is dead-lettered. */
  retries?: number;
  retryDelayMs?: number;
}

const memberKey = (tenantId: string, memberId: string) => `${tenantId}\u0000${memberId}`;

/** Where the enricher's time went, summed over batches (milliseconds; for benchmarks). */
export interface EnricherTimings {
  batches: number;
  catalogMs: number;
  stateMs: number;
  emitMs: number;
}

export class Enricher {
  profilesEmitted = 0;
  readonly timings: EnricherTimings = { batches: 0, catalogMs: 0, stateMs: 0, emitMs: 0 };

  constructor(private readonly deps: EnricherDeps) {}

  /** Lock conflicts between concurrent batches that were retried (a figure for benchmarks). */
  get deadlocksRetried(): number {
    return this.deps.state.deadlocksRetried;
  }

  async onMembers(events: ConsumedEvent<MemberEvent>[]): Promise<Rejection<MemberEvent>[]> {
    const latest = new Map<string, MemberAttributes>();
    for (const { value } of events) {
      const attributes: MemberAttributes & Partial<Pick<MemberEvent, 'eventId' | 'source'>> = { ...value };
      delete attributes.eventId;
      delete attributes.source;
      latest.set(memberKey(value.tenantId, value.memberId), attributes);
    }
    await this.applyAndEmit([...latest.values()], []);
    return [];
  }

  async onTransactions(events: ConsumedEvent<TransactionEvent>[]): Promise<Rejection<TransactionEvent>[]> {
    const { catalog } = this.deps;
    const started = performance.now();
    const retries = this.deps.retries ?? 3;
    let films = await catalog.filmsById(events.map((e) => e.value.filmId));
    let cinemas = await catalog.cinemasById(events.map((e) => e.value.cinemaId));
    const unknown = () => events.filter((e) => !films.get(e.value.filmId) || !cinemas.get(e.value.cinemaId));
    for (let attempt = 0; attempt < retries && unknown().length > 0; attempt++) {
      await new Promise((r) => setTimeout(r, this.deps.retryDelayMs ?? 1000));
      films = new Map([...films, ...(await catalog.filmsById(unknown().map((e) => e.value.filmId), true))]);
      cinemas = new Map([...cinemas, ...(await catalog.cinemasById(unknown().map((e) => e.value.cinemaId), true))]);
    }
    const rejected = unknown().map((event) => ({
      event,
      detail: !films.get(event.value.filmId) ? `unknown film ${event.value.filmId} (after ${retries} rechecks)` : `unknown cinema ${event.value.cinemaId} (after ${retries} rechecks)`,
    }));
    const bad = new Set(rejected.map((r) => r.event));
    const rows: StoredTransaction[] = events
      .filter((e) => !bad.has(e))
      .map(({ value: t }) => ({
        tenantId: t.tenantId,
        transactionId: t.transactionId,
        memberId: t.memberId,
        cinemaId: t.cinemaId,
        filmId: t.filmId,
        primaryGenre: films.get(t.filmId)?.primaryGenre ?? null,
        regionId: cinemas.get(t.cinemaId)?.regionId ?? null,
        occurredAt: new Date(t.occurredAt),
        tickets: t.tickets,
        ticketAmount: t.ticketAmount,
        concessionAmount: t.concessionAmount,
      }));
    this.timings.catalogMs += performance.now() - started;
    await this.applyAndEmit([], rows);
    return rejected;
  }

  private async applyAndEmit(members: readonly MemberAttributes[], transactions: readonly StoredTransaction[]): Promise<void> {
    const now = this.deps.clock();
    const t0 = performance.now();
    const states = await this.deps.state.applyBatch(members, transactions, now);
    const t1 = performance.now();
    await this.emit(states, now);
    this.timings.batches++;
    this.timings.stateMs += t1 - t0;
    this.timings.emitMs += performance.now() - t1;
  }

  /** One profile per touched member whose member row has arrived, produced in batches (acks from all replicas). */
  private async emit(states: readonly MemberState[], now: Date): Promise<void> {
    const out: ProfileEvent[] = states.map((s) => ({ tenantId: s.tenantId, memberId: s.memberId, sequence: s.sequence, profile: profileOf(s.member, s.aggregate, now) }));
    await this.deps.profiles.send(out);
    this.profilesEmitted += out.length;
  }
}
