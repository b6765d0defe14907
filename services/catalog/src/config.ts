import { authEnv, env, loadConfig, mysqlEnv } from '@marquee/runtime';

/** Parsed once at startup; invalid settings stop the service with every problem listed. */
export function loadCatalogConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      PORT: env.int({ default: 4010, min: 0, max: 65535 }),
      HOST: env.string({ default: '127.0.0.1' }),
      ...authEnv(),
      ...mysqlEnv({ user: 'catalog', password: 'catalog-local-dev', database: 'marquee_catalog' }),
    },
    source,
  );
}

export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;
