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
    },
    source,
  );
}

export type IndexerConfig = ReturnType<typeof loadIndexerConfig>;
