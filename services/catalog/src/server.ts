/** The catalog service as steps: datastore, repositories, handlers, the generated router. */
import { createMysql, createServiceApp, mysqlReadiness, type Logger, type OperationRouterOptions, type ServiceApp, type Knex } from '@marquee/runtime';
import { createCatalogRouter } from '@marquee/generated/catalog/server.gen';
import type { CatalogConfig } from './config';
import { FilmsRepository } from './data-access/films-repository';
import { PlacesRepository } from './data-access/places-repository';
import { createCatalogHandlers } from './http/handlers';

export interface CatalogService extends ServiceApp {
  db: Knex;
}

export function buildCatalogService(args: { config: CatalogConfig; log: Logger; router?: OperationRouterOptions }): CatalogService {
  const { config, log } = args;
  const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
  const handlers = createCatalogHandlers({ films: new FilmsRepository(db), places: new PlacesRepository(db) });
  const service = createServiceApp({
    name: 'catalog',
    log,
    readiness: { mysql: mysqlReadiness(db) },
    routers: [createCatalogRouter(handlers, args.router)],
  });
  return { ...service, db };
}
