/** The audience service as steps: datastore, catalog client, handlers, the generated router. */
import { createMysql, createSearch, createServiceApp, createServiceAuthenticator, rateLimitFrom, serviceCredentials, mysqlReadiness, searchReadiness, type Authenticator, type Knex, type Logger, type OperationRouterOptions, type SearchClient, type ServiceApp } from '@marquee/runtime';
import type { OperationId } from '@marquee/generated/audience/operations.gen';
import { createAudienceRouter } from '@marquee/generated/audience/server.gen';
import { CatalogClient } from '@marquee/generated/audience/clients/catalog/client.gen';
import type { AudienceConfig } from './config';
import { ProfilesIndex } from './data-access/profiles-index';
import { SegmentsRepository } from './data-access/segments-repository';
import { AudienceQueries, prefixed } from './domain/audience-queries';
import { validateAudienceQuery } from './domain/query';
import { createAudienceHandlers } from './http/handlers';

export interface AudienceService extends ServiceApp {
  db: Knex;
  search: SearchClient;
  profiles: ProfilesIndex;
  close(): Promise<void>;
}

/** The DSL's own validator names each culprit precisely; it runs before the OpenAPI validator. */
const queryBody = (body: unknown) => validateAudienceQuery(body);
const segmentBody = (body: unknown) => {
  const query = (body as { query?: unknown } | null)?.query;
  return query === undefined ? [] : prefixed('/query', validateAudienceQuery(query));
};

/** Views over time filter members with a DSL `where`; its problems keep their `/where/...` pointers. */
const viewsBody = (body: unknown) => {
  const where = (body as { where?: unknown } | null)?.where;
  return where === undefined ? [] : validateAudienceQuery({ where });
};

/** `auth` replaces the authenticator built from the config (tests use a local identity). */
export function buildAudienceService(args: { config: AudienceConfig; log: Logger; router?: OperationRouterOptions<OperationId>; clock?: () => Date; auth?: Authenticator }): AudienceService {
  const { config, log } = args;
  const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
  // Calls to the catalog carry the caller's own credential (its identity and tenant travel on);
  // outside a request, audience's own client (SERVICE_CLIENT_ID/SECRET) with catalog:read.
  const catalog = new CatalogClient({ baseUrl: config.CATALOG_URL, timeoutMs: config.CATALOG_TIMEOUT_MS, retries: 2, credentials: serviceCredentials(config, 'catalog:read') });
  const search = createSearch({ node: config.ELASTICSEARCH_URL });
  const profiles = new ProfilesIndex(search, config.PROFILES_ALIAS);
  const handlers = createAudienceHandlers({ segments: new SegmentsRepository(db), catalog, queries: new AudienceQueries(profiles, args.clock), profiles, ...(args.clock ? { clock: args.clock } : {}) });
  const bodyValidators = { countAudience: queryBody, breakdownAudience: queryBody, sampleAudience: queryBody, explainAudience: queryBody, viewsOverTime: viewsBody, createSegment: segmentBody, updateSegment: segmentBody };
  const service = createServiceApp({
    name: 'audience',
    log,
    readiness: { mysql: mysqlReadiness(db), elasticsearch: searchReadiness(search) },
    routers: [createAudienceRouter(handlers, { bodyValidators, rateLimit: rateLimitFrom(config), ...args.router, auth: args.auth ?? createServiceAuthenticator(config) })],
  });
  return { ...service, db, search, profiles, close: async () => { await db.destroy(); await search.close(); } };
}
