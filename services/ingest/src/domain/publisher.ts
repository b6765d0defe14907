/**
 * Raw events to Kafka through the generated, validating topics. A send that fails because the
 * broker is away is retried with backoff until it succeeds (up to `patienceMs`): an import
 * then simply pauses (the upload stream is not read meanwhile) and resumes, losing nothing.
 */
import { EventProducer } from '@marquee/runtime/events';
import { DependencyUnavailableError, type Logger, type Producer } from '@marquee/runtime';
import { membersRaw, transactionsRaw, type MemberEvent, type TransactionEvent } from '@marquee/generated/ingest/events.gen';
import type { Kind, RawEvent } from './rows';

export class Publisher {
  private readonly members: EventProducer<MemberEvent, 'memberId'>;
  private readonly transactions: EventProducer<TransactionEvent, 'memberId'>;
  /** Sends and milliseconds spent in them, retries included (for benchmarks). */
  readonly timings = { sends: 0, events: 0, sendMs: 0 };

  constructor(
    private readonly producer: Producer,
    prefix: string,
    private readonly log: Logger,
    private readonly patienceMs = 10 * 60_000,
  ) {
    this.members = new EventProducer(producer, membersRaw.withAddress(`${prefix}${membersRaw.address}`, `${prefix}${membersRaw.deadLetter}`));
    this.transactions = new EventProducer(producer, transactionsRaw.withAddress(`${prefix}${transactionsRaw.address}`, `${prefix}${transactionsRaw.deadLetter}`));
  }

  get topics(): string[] {
    return [this.members.topic.address, this.transactions.topic.address];
  }

  /**
   * Sends once; a broker that cannot be reached is a 503 (DependencyUnavailableError).
   * `prevalidated`: the events come from RowConverter, whose checks imply the topics' contracts
   * (services/ingest/test/rows-contract.test.ts), so they are not validated again.
   */
  async sendOnce(kind: Kind, events: readonly RawEvent[], options: { prevalidated?: boolean } = {}): Promise<void> {
    try {
      if (kind === 'members') await this.members.send(events as MemberEvent[], {}, options);
      else await this.transactions.send(events as TransactionEvent[], {}, options);
    } catch (err) {
      if ((err as Error).name === 'EventValidationError') throw err;
      throw new DependencyUnavailableError('kafka', { cause: err });
    }
  }

  /** A dead letter's original message, as it was, back to its original topic (one of ours). */
  async replay(topic: string, key: string | null, value: string): Promise<void> {
    if (!this.topics.includes(topic)) throw new TypeError(`not a raw topic of this service: ${topic}`);
    try {
      await this.producer.send({ topic, acks: -1, messages: [{ key, value }] });
    } catch (err) {
      throw new DependencyUnavailableError('kafka', { cause: err });
    }
  }

  /** Sends events of RowConverter (prevalidated, in bulk), waiting out a Kafka outage. */
  async send(kind: Kind, events: readonly RawEvent[]): Promise<void> {
    const deadline = Date.now() + this.patienceMs;
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sendOnce(kind, events, { prevalidated: true });
        this.timings.sends++;
        this.timings.events += events.length;
        this.timings.sendMs += performance.now() - started;
        return;
      } catch (err) {
        if (!(err instanceof DependencyUnavailableError) || Date.now() > deadline) throw err;
        this.log.warn({ err: (err as Error).message, attempt }, 'kafka send failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * attempt)));
      }
    }
  }
}
