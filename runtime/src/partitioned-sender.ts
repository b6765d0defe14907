/**
 * Bulk produce for one topic, partition by partition: one idempotent producer (acks=all, one
 * request in flight) per partition, each sending its partition's record batches in order, filled
 * up to `maxBatchBytes` (under the broker's message.max.bytes, 1 MiB by default). One producer
 * with one request in flight sends the partitions' batches one request after another; here the
 * partitions' requests are in flight at once, each up to the broker's limit.
 *
 * Ordering and guarantees are those of a single idempotent producer: a key always maps to the
 * same partition (kafkajs' default partitioner, murmur2, as every other producer of the topic
 * uses), a partition is written by exactly one producer, one request at a time, in order, and
 * `send` resolves only when every message was acknowledged by all in-sync replicas.
 */
import type { Kafka, Message, Producer } from 'kafkajs';
import type * as KafkaJs from 'kafkajs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajs = (): typeof KafkaJs => require('kafkajs') as typeof KafkaJs;

/** A record's size on the wire, near enough to stay under the broker's batch limit. */
function recordBytes(m: Message): number {
  let bytes = 24 + (m.key ? Buffer.byteLength(m.key as string) : 0) + (m.value ? Buffer.byteLength(m.value as string) : 0);
  for (const [k, v] of Object.entries(m.headers ?? {})) bytes += 8 + k.length + (typeof v === 'string' ? Buffer.byteLength(v) : Buffer.isBuffer(v) ? v.length : 0);
  return bytes;
}

export class PartitionedSender {
  private readonly clients: Producer[] = [];
  /** Each partition's sends, chained: concurrent `send` calls never interleave requests on a partition. */
  private tails: Promise<unknown>[] = [];
  private partitions = 0;
  /** Messages with a key partitioned like kafkajs' default partitioner (the same function). */
  private readonly partitionOf = kafkajs().Partitioners.DefaultPartitioner();

  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
    private readonly options: { maxBatchBytes?: number } = {},
  ) {}

  /** Producers in use (one per partition). */
  get producers(): number {
    return this.clients.length;
  }

  /** Reads the topic's partition count (the topic must exist) and connects one producer per partition. */
  async connect(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [this.topic] });
      this.partitions = topics[0]?.partitions.length ?? 0;
    } finally {
      await admin.disconnect();
    }
    if (this.partitions < 1) throw new Error(`topic ${this.topic} has no partitions`);
    for (let p = 0; p < this.partitions; p++) this.clients.push(this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 }));
    this.tails = this.clients.map(() => Promise.resolve());
    await Promise.all(this.clients.map((c) => c.connect()));
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.disconnect()));
  }

  /** Sends every message (acks=all); resolves when all were acknowledged, rejects if any partition failed. */
  async send(messages: readonly Message[]): Promise<void> {
    if (this.clients.length === 0) throw new Error(`PartitionedSender for ${this.topic} is not connected`);
    const metadata = Array.from({ length: this.partitions }, (_, partitionId) => ({ partitionId, partitionErrorCode: 0, leader: 0, replicas: [0], isr: [0], offlineReplicas: [] }));
    const byPartition: Message[][] = Array.from({ length: this.partitions }, () => []);
    for (const m of messages) {
      const p = this.partitionOf({ topic: this.topic, partitionMetadata: metadata, message: m });
      byPartition[p]!.push({ ...m, partition: p });
    }
    const sends = byPartition.map((list, p) => {
      if (list.length === 0) return Promise.resolve();
      const next = this.tails[p]!.catch(() => undefined).then(() => this.sendPartition(this.clients[p]!, list));
      this.tails[p] = next;
      return next;
    });
    const results = await Promise.allSettled(sends);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private sendPartition(producer: Producer, messages: Message[]): Promise<void> {
    return sendInChunks(producer, this.topic, messages, this.options.maxBatchBytes ?? 900 * 1024, recordBytes);
  }
}

/**
 * Sends `messages` in order, in produce requests of at most `limit` bytes as `size` counts them
 * (one request carries one record batch per partition, which the broker refuses over
 * message.max.bytes, 1 MiB by default), each with acks=all. Shared by EventProducer and
 * PartitionedSender.
 */
export async function sendInChunks<M extends Message>(producer: Producer, topic: string, messages: readonly M[], limit: number, size: (m: M) => number): Promise<void> {
  let chunk: M[] = [];
  let bytes = 0;
  for (const m of messages) {
    const n = size(m);
    if (chunk.length > 0 && bytes + n > limit) {
      await producer.send({ topic, messages: chunk, acks: -1 });
      chunk = [];
      bytes = 0;
    }
    chunk.push(m);
    bytes += n;
  }
  if (chunk.length > 0) await producer.send({ topic, messages: chunk, acks: -1 });
}
