import { authEnv, env, loadConfig, mysqlEnv } from '@marquee/runtime';

/** Parsed once at startup; invalid settings stop the service with every problem listed. */
export function loadEnricherConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      PORT: env.int({ default: 4040, min: 0, max: 65535 }),
      HOST: env.string({ default: '127.0.0.1' }),
      KAFKA_BROKERS: env.string({ default: '127.0.0.1:9092' }),
      /** Prepended to every topic name (tests use a unique one per run); `-` for none. */
      TOPIC_PREFIX: env.string({ default: '-' }),
      GROUP_ID: env.string({ default: 'enricher' }),
      CATALOG_URL: env.url({ default: 'http://127.0.0.1:4010' }),
      CATALOG_TIMEOUT_MS: env.int({ default: 2000, min: 1 }),
      /** Films and cinemas kept in the catalog cache. */
      CATALOG_CACHE_SIZE: env.int({ default: 5000, min: 1 }),
      /** The instant visit windows and ages are computed at: `now` (the clock) or an ISO timestamp (reproducible runs). */
      PROFILE_NOW: env.string({ default: 'now' }),
      /** Bytes fetched per partition per batch (one database transaction and one profile send per batch; a transaction is about 300 bytes). */
      ENRICH_FETCH_BYTES: env.int({ default: 2 * 1024 * 1024, min: 16 * 1024 }),
      /** Partitions enriched at once per topic (members of different partitions never share a row lock); the topics have 4. */
      ENRICH_CONCURRENCY: env.int({ default: 4, min: 1, max: 16 }),
      /** Identity and the enricher's own OAuth2 client (SERVICE_CLIENT_ID/SECRET): it calls catalog with scope catalog:read. */
      ...authEnv(),
      ...mysqlEnv({ user: 'enricher', password: 'enricher-local-dev', database: 'marquee_enricher' }),
    },
    source,
  );
}

export type EnricherConfig = ReturnType<typeof loadEnricherConfig>;

export function clockOf(config: Pick<EnricherConfig, 'PROFILE_NOW'>): () => Date {
  if (config.PROFILE_NOW === 'now') return () => new Date();
  const fixed = new Date(config.PROFILE_NOW);
  if (Number.isNaN(fixed.getTime())) throw new Error(`PROFILE_NOW must be 'now' or an ISO timestamp, got '${config.PROFILE_NOW}'`);
  return () => fixed;
}
