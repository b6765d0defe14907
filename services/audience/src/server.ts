/** The audience service as steps: datastore, catalog client, handlers, the generated router. */
import { createMysql, createServiceApp, mysqlReadiness, type Knex, type Logger, type OperationRouterOptions, type ServiceApp } from '@marquee/runtime';
import { createAudienceRouter } from '@marquee/generated/audience/server.gen';
import { CatalogClient } from '@marquee/generated/catalog/client.gen';
import type { AudienceConfig } from './config';
import { SegmentsRepository } from './data-access/segments-repository';
import { createAudienceHandlers } from './http/handlers';

export interface AudienceService extends ServiceApp {
  db: Knex;
}

export function buildAudienceService(args: { config: AudienceConfig; log: Logger; router?: OperationRouterOptions }): AudienceService {
  const { config, log } = args;
  const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
  const catalog = new CatalogClient({ baseUrl: config.CATALOG_URL, timeoutMs: config.CATALOG_TIMEOUT_MS, retries: 2 });
  const handlers = createAudienceHandlers({ segments: new SegmentsRepository(db), catalog });
  const service = createServiceApp({
    name: 'audience',
    log,
    readiness: { mysql: mysqlReadiness(db) },
    routers: [createAudienceRouter(handlers, args.router)],
  });
  return { ...service, db };
}
