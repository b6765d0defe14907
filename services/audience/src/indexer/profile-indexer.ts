/**
 * The audience indexer: consumes profiles.enriched and bulk-indexes each batch into the profiles
 * index (document id tenant:member, external version = the enricher's sequence). The consumer
 * commits a batch's offsets only after this returns, i.e. after Elasticsearch acknowledged it:
 * a crash replays the batch, and the versions make the replay a no-op. A profile Elasticsearch
 * refuses (a mapping error) goes to the dead-letter topic; an unreachable cluster throws, so the
 * batch is retried.
 */
import { createKafka, createSearch, type Logger, type SearchClient } from '@marquee/runtime';
import { ensureTopics, startEventConsumer, type ConsumedEvent, type Rejection, type RunningConsumer } from '@marquee/runtime/events';
import { profilesEnriched, type ProfileEvent } from '@marquee/generated/enricher/events.gen';
import { ProfilesIndex, profileId } from '../data-access/profiles-index';
import type { ProfileDocument } from '../domain/query';
import type { IndexerConfig } from './config';

export async function indexProfiles(index: ProfilesIndex, events: ConsumedEvent<ProfileEvent>[]): Promise<Rejection<ProfileEvent>[]> {
  // Within a batch keep each member's highest sequence only.
  const latest = new Map<string, ConsumedEvent<ProfileEvent>>();
  for (const e of events) {
    const id = profileId(e.value);
    if ((latest.get(id)?.value.sequence ?? 0) < e.value.sequence) latest.set(id, e);
  }
  const chosen = [...latest.values()];
  const outcome = await index.bulkIndexVersioned(chosen.map((e) => ({ doc: e.value.profile as ProfileDocument, version: e.value.sequence })));
  const failed = new Map(outcome.failed.map((f) => [f.id, f.reason]));
  return chosen.filter((e) => failed.has(profileId(e.value))).map((event) => ({ event, detail: `elasticsearch refused the profile: ${failed.get(profileId(event.value))}` }));
}

export interface RunningIndexer {
  index: ProfilesIndex;
  search: SearchClient;
  /** Bulk requests sent, profiles in them and milliseconds spent in them (for benchmarks). */
  timings: { batches: number; profiles: number; bulkMs: number };
  stop(): Promise<void>;
}

export async function startProfileIndexer(config: IndexerConfig, log: Logger): Promise<RunningIndexer> {
  const prefix = config.TOPIC_PREFIX === '-' ? '' : config.TOPIC_PREFIX;
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS.split(','), clientId: 'audience-indexer', log });
  // Bulk requests of a few MB: more time than the 5 s default for queries.
  const search = createSearch({ node: config.ELASTICSEARCH_URL, requestTimeoutMs: 30_000 });
  const index = new ProfilesIndex(search, config.PROFILES_ALIAS);
  await index.migrate();
  const topic = profilesEnriched.withAddress(`${prefix}${profilesEnriched.address}`);
  await ensureTopics(kafka, [topic.address]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const timings = { batches: 0, profiles: 0, bulkMs: 0 };
  const consumer: RunningConsumer = await startEventConsumer({
    kafka,
    producer,
    topic,
    groupId: config.GROUP_ID,
    maxBytesPerPartition: config.INDEX_FETCH_BYTES,
    partitionsConsumedConcurrently: config.INDEX_CONCURRENCY,
    handle: async (events) => {
      const started = performance.now();
      const rejected = await indexProfiles(index, events);
      timings.batches++;
      timings.profiles += events.length;
      timings.bulkMs += performance.now() - started;
      return rejected;
    },
    onError: (err) => log.error({ err }, 'indexer consumer crashed; it is restarted'),
  });
  return {
    index,
    search,
    timings,
    stop: async () => {
      await consumer.stop();
      await producer.disconnect();
      await search.close();
    },
  };
}
