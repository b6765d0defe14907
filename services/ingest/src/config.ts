import { authEnv, env, loadConfig, mysqlEnv } from '@marquee/runtime';

/** Parsed once at startup; invalid settings stop the service with every problem listed. */
export function loadIngestConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      PORT: env.int({ default: 4030, min: 0, max: 65535 }),
      HOST: env.string({ default: '127.0.0.1' }),
      KAFKA_BROKERS: env.string({ default: '127.0.0.1:9092' }),
      /** Prepended to every topic name (tests use a unique one per run); empty in production. */
      TOPIC_PREFIX: env.string({ default: '-' }),
      /** Largest accepted upload, in bytes (default 20 GiB). */
      MAX_UPLOAD_BYTES: env.int({ default: 20 * 1024 ** 3, min: 1 }),
      /** Rows produced to Kafka per send. */
      PRODUCE_BATCH: env.int({ default: 2000, min: 1, max: 10_000 }),
      /** Encrypts source database passwords at rest (set it outside local development). */
      SOURCE_SECRET_KEY: env.string({ default: 'marquee-local-dev-source-secret' }),
      /** Rows read from a source database per page (one Kafka send and one watermark step per page). */
      SOURCE_PAGE_SIZE: env.int({ default: 1000, min: 1, max: 10_000 }),
      ...authEnv(),
      ...mysqlEnv({ user: 'ingest', password: 'ingest-local-dev', database: 'marquee_ingest' }),
    },
    source,
  );
}

export type IngestConfig = ReturnType<typeof loadIngestConfig>;

/** `-` means no prefix (env.string refuses empty values). */
export function topicPrefix(config: Pick<IngestConfig, 'TOPIC_PREFIX'>): string {
  return config.TOPIC_PREFIX === '-' ? '' : config.TOPIC_PREFIX;
}
