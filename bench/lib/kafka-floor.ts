/**
 * The transport's floor for the pipeline benchmark: kafkajs alone producing the same raw events
 * ingest produces for the bench's files (the same payloads, made by ingest's own pure event
 * builders, so the same sizes, keys, `event-id` headers and partitions; acks=all, idempotent
 * producers), and a consumer group reading them back, committing after each batch as the
 * pipeline's consumers do. No validation, no HTTP, no database, no Elasticsearch.
 *
 * Two strategies: `single`, ingest's default (one idempotent producer, one request in flight,
 * sends of up to 512 KB of values spread over the partitions), and `partitioned`, ingest with
 * PRODUCE_PER_PARTITION=1 (runtime PartitionedSender: one idempotent producer per partition,
 * record batches filled up to ~900 KB, the partitions' requests in flight at once).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { Kafka, Message } from 'kafkajs';
import { createKafka } from '@marquee/runtime';
import { ensureTopics, PartitionedSender } from '@marquee/runtime/events';
import { memberEvent, transactionEvent, type MemberRow, type TransactionRow } from '../../services/ingest/src/domain/rows';
import { KAFKA_BROKERS } from '../../test/support/engines';

export type FloorStrategy = 'single' | 'partitioned';

interface Sender {
  connect(): Promise<void>;
  send(messages: Message[]): Promise<void>;
  disconnect(): Promise<void>;
  readonly producers: number;
}

/** One idempotent producer, sends of up to 512 KB of values (EventProducer's chunking, the pipeline's before). */
function singleSender(kafka: Kafka, topic: string): Sender {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  return {
    producers: 1,
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    async send(messages) {
      let chunk: Message[] = [];
      let bytes = 0;
      for (const m of messages) {
        if (chunk.length > 0 && bytes + (m.value as string).length > 512 * 1024) {
          await producer.send({ topic, messages: chunk, acks: -1 });
          chunk = [];
          bytes = 0;
        }
        chunk.push(m);
        bytes += (m.value as string).length;
      }
      if (chunk.length > 0) await producer.send({ topic, messages: chunk, acks: -1 });
    },
  };
}

export interface FloorResult {
  events: number;
  bytes: number;
  /** First send to the last ack. */
  produceMs: number;
  /** First send to the last event read back (and its offset committed) by the group. */
  totalMs: number;
  producers: number;
  strategy: FloorStrategy;
}

type Kind = 'members' | 'transactions';

async function* eventsOf(file: string, kind: Kind, tenantId: string): AsyncGenerator<{ key: string; value: string; eventId: string }> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length === 0) continue;
    const row = JSON.parse(line) as MemberRow & TransactionRow;
    const event = kind === 'members' ? memberEvent(tenantId, 'import:floor', row) : transactionEvent(tenantId, 'import:floor', row);
    yield { key: event.memberId, value: JSON.stringify(event), eventId: event.eventId };
  }
}

/** Produces members and transactions (`concurrent`: both files at once, as the bench uploads them) and reads them back. */
export async function runKafkaFloor(args: { dir: string; tenantId: string; prefix: string; expected: number; batchSize: number; concurrent: boolean; strategy: FloorStrategy; log: (m: string) => void }): Promise<FloorResult> {
  const { dir, tenantId, prefix, expected } = args;
  const kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: 'bench-floor' });
  const topics: Record<Kind, string> = { members: `${prefix}floor.members.raw`, transactions: `${prefix}floor.transactions.raw` };
  await ensureTopics(kafka, Object.values(topics), { deadLetters: false });
  const make = (topic: string): Sender => (args.strategy === 'single' ? singleSender(kafka, topic) : new PartitionedSender(kafka, topic));
  const senders = { members: make(topics.members), transactions: make(topics.transactions) };
  await Promise.all(Object.values(senders).map((s) => s.connect()));
  const consumer = kafka.consumer({ groupId: `${prefix}floor`, maxWaitTimeInMs: 200, maxBytesPerPartition: 2 * 1024 * 1024 });
  let read = 0;
  let doneReading: () => void = () => undefined;
  const allRead = new Promise<void>((resolve) => (doneReading = resolve));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: Object.values(topics), fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch, resolveOffset }) => {
        const last = batch.messages.at(-1);
        if (!last) return;
        read += batch.messages.length;
        resolveOffset(last.offset);
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }]);
        if (read >= expected) doneReading();
      },
    });
    await joined;
    let bytes = 0;
    let events = 0;
    const t0 = performance.now();
    const produce = async (kind: Kind) => {
      let batch: { key: string; value: string; headers: Record<string, string> }[] = [];
      let inFlight: Promise<void> = Promise.resolve();
      const flush = async () => {
        const messages = batch;
        batch = [];
        await inFlight;
        inFlight = senders[kind].send(messages);
      };
      for await (const e of eventsOf(join(dir, `${kind}.ndjson`), kind, tenantId)) {
        batch.push({ key: e.key, value: e.value, headers: { 'event-id': e.eventId } });
        bytes += e.value.length;
        events++;
        if (batch.length >= args.batchSize) await flush();
      }
      await flush();
      await inFlight;
    };
    if (args.concurrent) await Promise.all([produce('members'), produce('transactions')]);
    else {
      await produce('members');
      await produce('transactions');
    }
    const produceMs = performance.now() - t0;
    args.log(`pipeline: Kafka floor produced ${events} events (${(bytes / 1e6).toFixed(1)} MB) in ${Math.round(produceMs)} ms; reading back`);
    const timeout = setTimeout(doneReading, 10 * 60_000);
    await allRead;
    clearTimeout(timeout);
    const totalMs = performance.now() - t0;
    if (read < expected) throw new Error(`Kafka floor: read back ${read} of ${expected} events`);
    return { events, bytes, produceMs, totalMs, producers: senders.transactions.producers, strategy: args.strategy };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await Promise.all(Object.values(senders).map((s) => s.disconnect().catch(() => undefined)));
  }
}
