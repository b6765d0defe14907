/**
 * PartitionedSender (ingest's bulk produce) over real Kafka: every message arrives once, on the
 * partition kafkajs' own producer puts its key on (so bulk and single sends of a member share a
 * partition), in send order per key, also when sends overlap and batches are split at the size limit.
 */
import { createKafka } from '../index';
import { ensureTopics, PartitionedSender } from '../events';
import { KAFKA_BROKERS } from '../../test/support/engines';
import { readTopic, uniquePrefix } from '../../test/support/pipeline';

const prefix = uniquePrefix();
const bulkTopic = `${prefix}bulk`;
const plainTopic = `${prefix}plain`;
const kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: `partitioned-${process.pid}` });
const sender = new PartitionedSender(kafka, bulkTopic, { maxBatchBytes: 4096 });
const producer = kafka.producer();

afterAll(async () => {
  await sender.disconnect();
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [bulkTopic, plainTopic] }).catch(() => undefined);
  await admin.disconnect();
});

test('When 2,000 keyed messages are sent in two overlapping sends, Then each arrives once, on the default partitioner\'s partition, in order per key', async () => {
  await ensureTopics(kafka, [bulkTopic, plainTopic], { deadLetters: false });
  await sender.connect();
  await producer.connect();
  expect(sender.producers).toBe(4);
  const messages = (from: number) => Array.from({ length: 1000 }, (_, i) => ({ key: `member-${(from + i) % 97}`, value: JSON.stringify({ n: from + i, pad: 'x'.repeat(40) }), headers: { 'event-id': `e${from + i}` } }));
  await Promise.all([sender.send(messages(0)), sender.send(messages(1000))]);
  await producer.send({ topic: plainTopic, acks: -1, messages: messages(0).slice(0, 97) });

  const bulk = await readTopic(kafka, bulkTopic, 2000, 30_000);
  const plain = await readTopic(kafka, plainTopic, 97, 30_000);
  expect(bulk).toHaveLength(2000);
  expect(new Set(bulk.map((m) => (JSON.parse(m.value) as { n: number }).n)).size).toBe(2000);
  const partitionOfKey = new Map(plain.map((m) => [m.key, m.partition]));
  expect(partitionOfKey.size).toBe(97);
  expect(new Set(bulk.map((m) => m.partition)).size).toBe(4);
  for (const m of bulk) expect([m.key, m.partition]).toEqual([m.key, partitionOfKey.get(m.key)]);
  // Per key, offsets follow send order within each send (the first send's messages of a key all precede the second's).
  const byKey = new Map<string, number[]>();
  for (const m of [...bulk].sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)))) byKey.set(m.key!, [...(byKey.get(m.key!) ?? []), (JSON.parse(m.value) as { n: number }).n]);
  for (const ns of byKey.values()) {
    const first = ns.filter((n) => n < 1000);
    const second = ns.filter((n) => n >= 1000);
    expect(first).toEqual([...first].sort((a, b) => a - b));
    expect(second).toEqual([...second].sort((a, b) => a - b));
    expect(ns).toEqual([...first, ...second]);
  }
}, 60_000);
