import { env, loadConfig } from '@marquee/runtime';

/** The audience indexer process's settings (it shares the audience's index, not its HTTP port). */
export function loadIndexerConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      KAFKA_BROKERS: env.string({ default: '127.0.0.1:9092' }),
      TOPIC_PREFIX: env.string({ default: '-' }),
      GROUP_ID: env.string({ default: 'audience-indexer' }),
      ELASTICSEARCH_URL: env.url({ default: 'http://127.0.0.1:9200' }),
      PROFILES_ALIAS: env.string({ default: 'profiles' }),
      /** Bytes fetched per partition per batch: one batch is one bulk request (about 1.5 KB a profile). */
      INDEX_FETCH_BYTES: env.int({ default: 2 * 1024 * 1024, min: 16 * 1024 }),
      /** Partitions bulk-indexed at once. */
      INDEX_CONCURRENCY: env.int({ default: 2, min: 1, max: 16 }),
    },
    source,
  );
}

export type IndexerConfig = ReturnType<typeof loadIndexerConfig>;
