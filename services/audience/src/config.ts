import { authEnv, env, loadConfig, mysqlEnv } from '@marquee/runtime';

/** Parsed once at startup; invalid settings stop the service with every problem listed. */
export function loadAudienceConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      PORT: env.int({ default: 4020, min: 0, max: 65535 }),
      HOST: env.string({ default: '127.0.0.1' }),
      CATALOG_URL: env.url({ default: 'http://127.0.0.1:4010' }),
      CATALOG_TIMEOUT_MS: env.int({ default: 2000, min: 1 }),
      ELASTICSEARCH_URL: env.url({ default: 'http://127.0.0.1:9200' }),
      PROFILES_ALIAS: env.string({ default: 'profiles' }),
      ...authEnv(),
      ...mysqlEnv({ user: 'audience', password: 'audience-local-dev', database: 'marquee_audience' }),
    },
    source,
  );
}

export type AudienceConfig = ReturnType<typeof loadAudienceConfig>;
