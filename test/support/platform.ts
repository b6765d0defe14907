/** Starts services in-process on port 0 against their test databases, for HTTP tests. */
import { createLogger, listen, type Authenticator, type ClientCredentials, type RunningServer } from '@marquee/runtime';
import { loadCatalogConfig } from '../../services/catalog/src/config';
import { buildCatalogService } from '../../services/catalog/src/server';
import { loadAudienceConfig } from '../../services/audience/src/config';
import { buildAudienceService } from '../../services/audience/src/server';
import type { ProfilesIndex } from '../../services/audience/src/data-access/profiles-index';
import { loadIdentityConfig } from '../../services/identity/src/config';
import { buildIdentityService, type IdentityService } from '../../services/identity/src/server';
import { loadCampaignsConfig } from '../../services/campaigns/src/config';
import { buildCampaignsService } from '../../services/campaigns/src/server';
import { loadInsightsConfig } from '../../services/insights/src/config';
import { buildInsightsService } from '../../services/insights/src/server';
import { testEnv } from './databases';
import { ELASTICSEARCH_URL } from './engines';
import { startTestIdentity, type TestIdentity } from './test-identity';

/** Every scope of the services under test. */
export const ALL_SCOPES = ['catalog:read', 'catalog:write', 'audience:read', 'audience:write', 'ingest:read', 'ingest:write', 'campaigns:read', 'campaigns:write', 'insights:read'];
export const DEFAULT_TENANT = 'northstar-cinemas';

let shared: Promise<TestIdentity> | undefined;

/** The test identity of this test file (one ES256 key pair and JWKS server per file, started on first use). */
export function testIdentity(): Promise<TestIdentity> {
  shared ??= startTestIdentity({ unref: true });
  return shared;
}

/** `Authorization: Bearer <token>` headers for a tenant with scopes (default: every scope). */
export async function bearer(tenant = DEFAULT_TENANT, scopes: string[] = ALL_SCOPES): Promise<Record<string, string>> {
  return (await testIdentity()).bearer(tenant, scopes);
}

/** Credentials for a generated client: a fresh token per call for the tenant and scopes. */
export function credentials(tenant = DEFAULT_TENANT, scopes: string[] = ALL_SCOPES): ClientCredentials {
  return { token: async () => (await testIdentity()).mint({ tenant, scopes }) };
}

async function testAuthenticator(auth: Authenticator | undefined): Promise<Authenticator> {
  return auth ?? (await testIdentity()).authenticator();
}

export interface Started {
  url: string;
  stop(): Promise<void>;
  running: RunningServer;
}

const log = createLogger('test', process.env.LOG_LEVEL ?? 'silent');

/** `validateResponses: false` runs the service as in production (benchmarks); tests keep the default, on. */
export async function startCatalog(options: { auth?: Authenticator; env?: Record<string, string>; validateResponses?: boolean } = {}): Promise<Started> {
  const service = buildCatalogService({ config: loadCatalogConfig(testEnv('catalog', options.env)), log, router: { validateResponses: options.validateResponses ?? true }, auth: await testAuthenticator(options.auth) });
  const running = await listen(service, 0);
  return { url: running.url, running, stop: async () => { await running.close(1000); await service.db.destroy(); } };
}

/** Identity on its test database (seeded with the local-dev clients); `extra` overrides its env, `logger` captures its logs. */
export async function startIdentity(options: { extra?: Record<string, string>; logger?: typeof log; clock?: () => Date; validateResponses?: boolean } = {}): Promise<Started & { service: IdentityService }> {
  const config = loadIdentityConfig(testEnv('identity', options.extra ?? {}));
  const service = buildIdentityService({ config, log: options.logger ?? log, router: { validateResponses: options.validateResponses ?? true }, ...(options.clock ? { clock: options.clock } : {}) });
  const running = await listen(service, 0);
  return { url: running.url, running, service, stop: async () => { await running.close(1000); await service.db.destroy(); } };
}

/** Audience on its test database and a profiles alias of the caller's (default: one per test file). */
export async function startAudience(catalogUrl: string, extra: Record<string, string> = {}, clock?: () => Date, auth?: Authenticator): Promise<Started & { profiles: ProfilesIndex }> {
  const env = testEnv('audience', { CATALOG_URL: catalogUrl, CATALOG_TIMEOUT_MS: '1000', ELASTICSEARCH_URL, PROFILES_ALIAS: `profiles-test-${process.pid}`, ...extra });
  const service = buildAudienceService({ config: loadAudienceConfig(env), log, router: { validateResponses: true }, ...(clock ? { clock } : {}), auth: await testAuthenticator(auth) });
  await service.profiles.migrate();
  const running = await listen(service, 0);
  return { url: running.url, running, profiles: service.profiles, stop: async () => { await running.close(1000); await service.close(); } };
}

/** Campaigns on its test database, calling audience at `audienceUrl`. */
export async function startCampaigns(audienceUrl: string, options: { clock?: () => Date; auth?: Authenticator } = {}): Promise<Started> {
  const config = loadCampaignsConfig(testEnv('campaigns', { AUDIENCE_URL: audienceUrl, AUDIENCE_TIMEOUT_MS: '2000' }));
  const service = buildCampaignsService({ config, log, router: { validateResponses: true }, ...(options.clock ? { clock: options.clock } : {}), auth: await testAuthenticator(options.auth) });
  const running = await listen(service, 0);
  return { url: running.url, running, stop: async () => { await running.close(1000); await service.db.destroy(); } };
}

/** Insights (no datastore), calling audience and catalog. */
export async function startInsights(urls: { audience: string; catalog: string }, options: { clock?: () => Date; auth?: Authenticator } = {}): Promise<Started> {
  const config = loadInsightsConfig({ PORT: '0', AUDIENCE_URL: urls.audience, CATALOG_URL: urls.catalog });
  const service = buildInsightsService({ config, log, router: { validateResponses: true }, ...(options.clock ? { clock: options.clock } : {}), auth: await testAuthenticator(options.auth) });
  const running = await listen(service, 0);
  return { url: running.url, running, stop: () => running.close(1000) };
}

/** fetch + JSON, for tests that speak raw HTTP (bad input the typed client would not let through). */
export async function http(url: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const { json, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...(rest.headers as Record<string, string>) } }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body };
}
