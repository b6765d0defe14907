/**
 * The transport's floor for the pipeline benchmark: kafkajs alone producing the same raw events
 * ingest produces for the bench's files (the same payloads, made by ingest's own pure event
 * builders, so the same sizes, keys, `event-id` headers and partitions; acks=all, idempotent
 * producers), and a consumer group reading them back, committing after each batch as the
 * pipeline's consumers do. No validation, no HTTP, no database, no Elasticsearch.
 *
 * One idempotent producer, one request in flight, sends of up to 512 KB of values spread over the
 * partitions (EventProducer's chunking, ingest's produce path). One producer per partition was tried
 * on 2026-12-02 (no gain, bench/RESULTS.md) and removed.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { Kafka, Message } from 'kafkajs';
import { createKafka } from '@marquee/runtime';
import { ensureTopics, sendInChunks } from '@marquee/runtime/events';
import { memberEvent, transactionEvent, type MemberRow, type TransactionRow } from '../../services/ingest/src/domain/rows';
import { KAFKA_BROKERS } from '../../test/support/engines';

interface Sender {
  connect(): Promise<void>;
  send(messages: Message[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** One idempotent producer, sends of up to 512 KB of values (EventProducer's chunking). */
function singleSender(kafka: Kafka, topic: string): Sender {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    send: (messages) => sendInChunks(producer, topic, messages, 512 * 1024, (m) => (m.value as string).length),
  };
}

export interface FloorResult {
  events: number;
  bytes: number;
  /** First send to the last ack. */
  produceMs: number;
  /** First send to the last event read back (and its offset committed) by the group. */
  totalMs: number;
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
export async function runKafkaFloor(args: { dir: string; tenantId: string; prefix: string; expected: number; batchSize: number; concurrent: boolean; log: (m: string) => void }): Promise<FloorResult> {
  const { dir, tenantId, prefix, expected } = args;
  const kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: 'bench-floor' });
  const topics: Record<Kind, string> = { members: `${prefix}floor.members.raw`, transactions: `${prefix}floor.transactions.raw` };
  await ensureTopics(kafka, Object.values(topics), { deadLetters: false });
  const senders = { members: singleSender(kafka, topics.members), transactions: singleSender(kafka, topics.transactions) };
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
    return { events, bytes, produceMs, totalMs };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await Promise.all(Object.values(senders).map((s) => s.disconnect().catch(() => undefined)));
  }
}
