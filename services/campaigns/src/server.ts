/** The campaigns service as steps: datastore, audience client, handlers, the generated router. */
import { createMysql, createServiceApp, createServiceAuthenticator, mysqlReadiness, rateLimitFrom, type Authenticator, type Knex, type Logger, type OperationRouterOptions, type ServiceApp } from '@marquee/runtime';
import type { OperationId } from '@marquee/generated/campaigns/operations.gen';
import { createCampaignsRouter } from '@marquee/generated/campaigns/server.gen';
import { AudienceClient } from '@marquee/generated/campaigns/clients/audience/client.gen';
import type { CampaignsConfig } from './config';
import { CampaignsRepository } from './data-access/campaigns-repository';
import { SegmentReach } from './domain/segment-reach';
import { createCampaignsHandlers } from './http/handlers';

export interface CampaignsService extends ServiceApp {
  db: Knex;
}

/** `auth` replaces the authenticator built from the config (tests use a local identity). */
export function buildCampaignsService(args: { config: CampaignsConfig; log: Logger; router?: OperationRouterOptions<OperationId>; clock?: () => Date; auth?: Authenticator }): CampaignsService {
  const { config, log } = args;
  const db = createMysql({ host: config.MYSQL_HOST, port: config.MYSQL_PORT, user: config.MYSQL_USER, password: config.MYSQL_PASSWORD, database: config.MYSQL_DATABASE });
  // Calls to audience carry the caller's own credential, so the segment is looked up in the caller's
  // tenant; campaigns never calls audience outside a request, so it needs no service credential.
  const audience = new AudienceClient({ baseUrl: config.AUDIENCE_URL, timeoutMs: config.AUDIENCE_TIMEOUT_MS, retries: 2, credentials: { forwardCaller: true } });
  const clock = args.clock ?? (() => new Date());
  const handlers = createCampaignsHandlers({ campaigns: new CampaignsRepository(db), reach: new SegmentReach(audience, clock), clock });
  const service = createServiceApp({
    name: 'campaigns',
    log,
    readiness: { mysql: mysqlReadiness(db) },
    routers: [createCampaignsRouter(handlers, { rateLimit: rateLimitFrom(config), ...args.router, auth: args.auth ?? createServiceAuthenticator(config) })],
  });
  return { ...service, db };
}
