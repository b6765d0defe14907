/** The insights service as steps: the audience and catalog clients, handlers, the generated router. No datastore. */
import { createServiceApp, createServiceAuthenticator, rateLimitFrom, type Authenticator, type Logger, type OperationRouterOptions, type ServiceApp } from '@marquee/runtime';
import type { OperationId } from '@marquee/generated/insights/operations.gen';
import { createInsightsRouter } from '@marquee/generated/insights/server.gen';
import { AudienceClient } from '@marquee/generated/insights/clients/audience/client.gen';
import { CatalogClient } from '@marquee/generated/insights/clients/catalog/client.gen';
import type { InsightsConfig } from './config';
import { Upstreams } from './domain/upstreams';
import { createInsightsHandlers } from './http/handlers';

/** `auth` replaces the authenticator built from the config (tests use a local identity). */
export function buildInsightsService(args: { config: InsightsConfig; log: Logger; router?: OperationRouterOptions<OperationId>; clock?: () => Date; auth?: Authenticator }): ServiceApp {
  const { config, log } = args;
  // Every call carries the caller's credential (never a service credential): figures come from the
  // caller's tenant, with the caller's scopes.
  const timeoutMs = config.UPSTREAM_TIMEOUT_MS;
  const audience = new AudienceClient({ baseUrl: config.AUDIENCE_URL, timeoutMs, retries: 2, credentials: { forwardCaller: true } });
  const catalog = new CatalogClient({ baseUrl: config.CATALOG_URL, timeoutMs, retries: 2, credentials: { forwardCaller: true } });
  const handlers = createInsightsHandlers(new Upstreams(audience, catalog), args.clock ?? (() => new Date()));
  return createServiceApp({
    name: 'insights',
    log,
    readiness: {},
    routers: [createInsightsRouter(handlers, { rateLimit: rateLimitFrom(config), ...args.router, auth: args.auth ?? createServiceAuthenticator(config) })],
  });
}
