/**
 * Keeps ingest's dead_letters table in step with the raw topics' dead-letter topics: a consumer
 * (its own group) inserts each letter idempotently and commits only after the insert, so the
 * list endpoint answers from the database instead of re-reading Kafka.
 */
import type { Kafka, Logger } from '@marquee/runtime';
import type { DeadLetter } from '@marquee/runtime/events';
import type { DeadLettersRepository } from '../data-access/dead-letters-repository';

export async function startDeadLetterMirror(args: { kafka: Kafka; topics: readonly string[]; groupId: string; repository: DeadLettersRepository; log: Logger }): Promise<() => Promise<void>> {
  const consumer = args.kafka.consumer({ groupId: args.groupId, maxWaitTimeInMs: 500, retry: { retries: 1000, initialRetryTime: 200, maxRetryTime: 5000 } });
  await consumer.connect();
  await consumer.subscribe({ topics: [...args.topics], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset }) => {
      const letters = batch.messages.flatMap((m) => {
        try {
          return [{ id: `${batch.topic}:${batch.partition}:${m.offset}`, letter: JSON.parse(m.value?.toString() ?? '') as DeadLetter }];
        } catch {
          args.log.warn({ topic: batch.topic, offset: m.offset }, 'a dead letter that is not JSON; skipped');
          return [];
        }
      });
      await args.repository.add(letters);
      const last = batch.messages.at(-1);
      if (last) resolveOffset(last.offset);
    },
  });
  return () => consumer.disconnect();
}
