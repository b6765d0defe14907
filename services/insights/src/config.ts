import { authEnv, env, loadConfig } from '@marquee/runtime';

/** Parsed once at startup; invalid settings stop the service with every problem listed. */
export function loadInsightsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      PORT: env.int({ default: 4060, min: 0, max: 65535 }),
      HOST: env.string({ default: '127.0.0.1' }),
      AUDIENCE_URL: env.url({ default: 'http://127.0.0.1:4020' }),
      CATALOG_URL: env.url({ default: 'http://127.0.0.1:4010' }),
      UPSTREAM_TIMEOUT_MS: env.int({ default: 5000, min: 1 }),
      ...authEnv(),
    },
    source,
  );
}

export type InsightsConfig = ReturnType<typeof loadInsightsConfig>;
