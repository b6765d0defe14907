/**
 * Typed Kafka topics from the AsyncAPI contracts (generated/<service>/events.gen.ts calls
 * `defineTopic`): payloads are validated with Ajv (JSON Schema 2020-12 with formats) before they
 * are produced and after they are consumed, keyed by the contract's key property. Consumers are
 * at-least-once: a batch's offsets are committed only after the handler returned; a message that
 * cannot be parsed or fails the contract goes to the topic's dead-letter topic with the reason and
 * its original topic, partition and offset, and never blocks the partition.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Consumer, IHeaders, Kafka, Message, Producer } from 'kafkajs';

export interface TopicDefinition<K extends string> {
  channel: string;
  address: string;
  deadLetter: string;
  key: K;
  message: string;
  version: string;
  schema: Record<string, unknown>;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export interface Topic<T, K extends keyof T & string = keyof T & string> extends TopicDefinition<K> {
  validate(value: unknown): Validation<T>;
  /** The same contract on other topic names (tests use a unique prefix per run). */
  withAddress(address: string, deadLetter?: string): Topic<T, K>;
}

let ajv: Ajv2020 | undefined;
function compiler(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
  }
  return ajv;
}

/** One failed check: where (a JSON pointer into the value) and what. */
export interface SchemaError {
  pointer: string;
  reason: string;
}

function problemsOf(errors: ErrorObject[] | null | undefined): SchemaError[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? `/${String(e.params.additionalProperty)}` : e.keyword === 'required' ? `/${String(e.params.missingProperty)}` : '';
    return { pointer: `${e.instancePath}${extra}`, reason: e.keyword === 'additionalProperties' ? 'is not a known field' : (e.message ?? 'is invalid') };
  });
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return problemsOf(errors).map((p) => `${p.pointer || '/'} ${p.reason}`);
}

/**
 * A validator for one schema inside a bundled document (`#/components/schemas/X` of an
 * openapi.json), so rows in files are checked by the same schema as the JSON endpoints.
 * `coerce` turns strings into the declared scalar types first (CSV cells).
 */
export function schemaValidator<T>(document: object, pointer: string, options: { coerce?: boolean } = {}): (value: unknown) => { ok: true; value: T } | { ok: false; errors: SchemaError[] } {
  const own = new Ajv2020({ allErrors: true, strict: false, coerceTypes: options.coerce ?? false });
  addFormats(own);
  const id = 'urn:marquee:document';
  own.addSchema({ ...document, $id: id } as object);
  const validate = own.getSchema(`${id}${pointer}`);
  if (!validate) throw new TypeError(`no schema at ${pointer}`);
  return (value) => (validate(value) ? { ok: true, value: value as T } : { ok: false, errors: problemsOf(validate.errors) });
}

export function defineTopic<T, K extends keyof T & string>(definition: TopicDefinition<K>): Topic<T, K> {
  let validator: ValidateFunction | undefined;
  const topic: Topic<T, K> = {
    ...definition,
    validate(value: unknown): Validation<T> {
      validator ??= compiler().compile(definition.schema);
      return validator(value) ? { ok: true, value: value as T } : { ok: false, errors: describe(validator.errors) };
    },
    withAddress(address: string, deadLetter = `${address}.dlq`) {
      return defineTopic<T, K>({ ...definition, address, deadLetter });
    },
  };
  return topic;
}

export class EventValidationError extends Error {
  constructor(
    readonly topic: string,
    readonly index: number,
    readonly errors: string[],
  ) {
    super(`event ${index} for ${topic} breaks its contract: ${errors.join('; ')}`);
    this.name = 'EventValidationError';
  }
}

/** Produces contract-valid events, keyed by the contract's key; `eventId` (when present) travels as a header too. */
export class EventProducer<T, K extends keyof T & string> {
  constructor(
    private readonly producer: Producer,
    readonly topic: Topic<T, K>,
    private readonly maxRequestBytes = 512 * 1024,
  ) {}

  /**
   * `prevalidated`: the caller built every event from input already checked against schemas that
   * imply this topic's (a test of the caller's must prove that), so the second Ajv pass is skipped.
   */
  async send(events: readonly T[], headers: IHeaders = {}, options: { prevalidated?: boolean } = {}): Promise<void> {
    if (events.length === 0) return;
    const messages = this.messages(events, headers, options);
    await sendInChunks(this.producer, this.topic.address, messages, this.maxRequestBytes, (m) => m.value.length);
  }

  /** The events as Kafka messages, validated unless `prevalidated`. */
  private messages(events: readonly T[], headers: IHeaders = {}, options: { prevalidated?: boolean } = {}): { key: string; value: string; headers: IHeaders }[] {
    return events.map((event, index) => {
      const checked = options.prevalidated ? undefined : this.topic.validate(event);
      if (checked && !checked.ok) throw new EventValidationError(this.topic.address, index, checked.errors);
      const id = (event as { eventId?: unknown }).eventId;
      return { key: String(event[this.topic.key]), value: JSON.stringify(event), headers: { ...headers, ...(typeof id === 'string' ? { 'event-id': id } : {}) } };
    });
  }
}

/**
 * Sends `messages` in order, in produce requests of at most `limit` bytes as `size` counts them
 * (one request carries one record batch per partition, which the broker refuses over
 * message.max.bytes, 1 MiB by default), each with acks=all.
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

export interface ConsumedEvent<T> {
  value: T;
  key: string | null;
  topic: string;
  partition: number;
  offset: string;
}

/** What a consumer writes to a dead-letter topic. */
export interface DeadLetter {
  reason: 'unparseable' | 'contract' | 'rejected';
  detail: string;
  originalTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The original message value, as text. */
  value: string;
  consumerGroup: string;
  failedAt: string;
}

export interface Rejection<T> {
  event: ConsumedEvent<T>;
  detail: string;
}

export interface EventConsumerOptions<T, K extends keyof T & string> {
  kafka: Kafka;
  topic: Topic<T, K>;
  groupId: string;
  /** Producer for dead letters (shared with the service). */
  producer: Producer;
  fromBeginning?: boolean;
  /** Upper bound of one fetch per partition, so of one batch (default 256 KiB; the indexer takes bigger bulks). */
  maxBytesPerPartition?: number;
  /** Partitions handled at once (default 1). */
  partitionsConsumedConcurrently?: number;
  /** Handles a batch of valid events; may reject some (they go to the dead-letter topic). Throwing retries the batch. */
  handle(events: ConsumedEvent<T>[]): Promise<Rejection<T>[] | void>;
  onError?(err: unknown): void;
}

export interface RunningConsumer {
  consumer: Consumer;
  stop(): Promise<void>;
}

export async function sendDeadLetters(producer: Producer, topic: string, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  await producer.send({ topic, acks: -1, messages: letters.map((l) => ({ key: l.key, value: JSON.stringify(l) })) });
}

export async function startEventConsumer<T, K extends keyof T & string>(options: EventConsumerOptions<T, K>): Promise<RunningConsumer> {
  const { topic, groupId } = options;
  let stopped = false;
  const begin = async (): Promise<Consumer> => {
    // Bounded fetches keep a batch's work (and so the time between heartbeats) small.
    const consumer = options.kafka.consumer({ groupId, sessionTimeout: 15_000, heartbeatInterval: 1000, maxWaitTimeInMs: 200, maxBytesPerPartition: options.maxBytesPerPartition ?? 256 * 1024, retry: { retries: 1000, initialRetryTime: 200, maxRetryTime: 5000 } });
    await consumer.connect();
    await consumer.subscribe({ topic: topic.address, fromBeginning: options.fromBeginning ?? true });
    const letter = (m: { key: Buffer | null; value: Buffer | null; offset: string }, partition: number, reason: DeadLetter['reason'], detail: string): DeadLetter => ({
      reason,
      detail,
      originalTopic: topic.address,
      partition,
      offset: m.offset,
      key: m.key?.toString() ?? null,
      value: m.value?.toString() ?? '',
      consumerGroup: groupId,
      failedAt: new Date().toISOString(),
    });
    await consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const dead: DeadLetter[] = [];
        const valid: ConsumedEvent<T>[] = [];
        for (const m of batch.messages) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(m.value?.toString() ?? '');
          } catch (err) {
            dead.push(letter(m, batch.partition, 'unparseable', (err as Error).message));
            continue;
          }
          const checked = topic.validate(parsed);
          if (checked.ok) valid.push({ value: checked.value, key: m.key?.toString() ?? null, topic: batch.topic, partition: batch.partition, offset: m.offset });
          else dead.push(letter(m, batch.partition, 'contract', checked.errors.join('; ')));
        }
        // Heartbeats while the handler works, so a long batch does not get the consumer thrown out of its group.
        const beat = setInterval(() => void heartbeat().catch(() => undefined), 1000);
        let rejected: Rejection<T>[];
        try {
          rejected = valid.length > 0 ? ((await options.handle(valid)) ?? []) : [];
        } finally {
          clearInterval(beat);
        }
        const byOffset = new Map(batch.messages.map((m) => [m.offset, m]));
        for (const r of rejected) {
          const m = byOffset.get(r.event.offset);
          if (m) dead.push(letter(m, batch.partition, 'rejected', r.detail));
        }
        await sendDeadLetters(options.producer, topic.deadLetter, dead);
        const last = batch.messages.at(-1);
        if (last) resolveOffset(last.offset);
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last?.offset ?? batch.firstOffset() ?? '0') + 1n).toString() }]);
        await heartbeat();
      },
    });
    consumer.on(consumer.events.CRASH, (e) => {
      options.onError?.(e.payload.error);
      // kafkajs restarts a consumer only after an error it deems retriable; others (a broker
      // restarting can answer "the coordinator is not aware of this member") leave it stopped
      // for good, and its partitions unconsumed: start a new one (make faults found this).
      if (!e.payload.restart && !stopped) void revive();
    });
    return consumer;
  };
  const revive = async (): Promise<void> => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 1000));
      try {
        current = await begin();
        return;
      } catch (err) {
        options.onError?.(err);
      }
    }
  };
  let current = await begin();
  return {
    get consumer() {
      return current;
    },
    stop: () => {
      stopped = true;
      return current.disconnect();
    },
  };
}

/**
 * Creates the topics that do not exist yet (and their dead-letter topics), with `partitions`
 * each, then waits until every one has a leader (a fresh topic answers "unknown topic" for a
 * moment). Idempotent, and safe when two services create the same topic at once.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly string[], options: { partitions?: number; deadLetters?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const all = [...new Set([...topics, ...(options.deadLetters === false ? [] : topics.map((t) => `${t}.dlq`))])];
    const existing = new Set(await admin.listTopics());
    const wanted = all.filter((t) => !existing.has(t));
    if (wanted.length > 0) {
      await admin
        .createTopics({ waitForLeaders: false, topics: wanted.map((topic) => ({ topic, numPartitions: options.partitions ?? 4, replicationFactor: 1 })) })
        .catch((err: { type?: string }) => {
          if (err.type !== 'TOPIC_ALREADY_EXISTS') throw err;
        });
    }
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      try {
        const { topics: meta } = await admin.fetchTopicMetadata({ topics: all });
        if (meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      if (Date.now() > deadline) throw new Error(`topics ${all.join(', ')} have no leader after ${options.timeoutMs ?? 30_000} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
}
