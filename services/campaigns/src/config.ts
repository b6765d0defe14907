import { authEnv, env, loadConfig, mysqlEnv } from '@marquee/runtime';

/** Parsed once at startup; invalid settings stop the service with every problem listed. */
export function loadCampaignsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      PORT: env.int({ default: 4050, min: 0, max: 65535 }),
      HOST: env.string({ default: '127.0.0.1' }),
      AUDIENCE_URL: env.url({ default: 'http://127.0.0.1:4020' }),
      AUDIENCE_TIMEOUT_MS: env.int({ default: 3000, min: 1 }),
      ...authEnv(),
      ...mysqlEnv({ user: 'campaigns', password: 'campaigns-local-dev', database: 'marquee_campaigns' }),
    },
    source,
  );
}

export type CampaignsConfig = ReturnType<typeof loadCampaignsConfig>;
