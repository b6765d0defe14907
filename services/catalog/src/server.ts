/** The catalog service as steps: datastore, repositories, handlers, the generated router. */
import { createMysql, createServiceApp, createServiceAuthenticator, rateLimitFrom, mysqlReadiness, type Authenticator, type Logger, type OperationRouterOptions, type ServiceApp, type Knex } from '@marquee/runtime';
import type { OperationId } from '@marquee/generated/catalog/operations.gen';
import { createCatalogRouter } from '@marquee/generated/catalog/server.gen';
import type { CatalogConfig } from './config';
import { FilmsRepository } from './data-access/films-repository';
import { PlacesRepository } from './data-access/places-repository';
import { createCatalogHandlers } from './http/handlers';

export interface CatalogService extends ServiceApp {
  db: Knex;
}

/** `auth` replaces the authenticator built from the config (tests use a local identity). */
export function buildCatalogService(args: { config: CatalogConfig; log: Logger; router?: OperationRouterOptions<OperationId>; auth?: Authenticator }): CatalogService {
  const { config, log } = args;
  const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
  const handlers = createCatalogHandlers({ films: new FilmsRepository(db), places: new PlacesRepository(db) });
  const service = createServiceApp({
    name: 'catalog',
    log,
    readiness: { mysql: mysqlReadiness(db) },
    routers: [createCatalogRouter(handlers, { rateLimit: rateLimitFrom(config), ...args.router, auth: args.auth ?? createServiceAuthenticator(config) })],
  });
  return { ...service, db };
}
