/**
 * The platform under test for the reliability tools (fuzzing, soak): identity, catalog, audience
 * and ingest started in-process on free ports against their test databases (reset, migrated and
 * seeded like `jest`'s global setup), the shared engines, and a credential for each.
 * Catalog, audience and ingest trust the test identity's tokens (every scope of the demo tenant);
 * identity is called with a token it issued itself to its seeded admin client.
 */
import globalSetup from '../../test/support/global-setup';
import { ALL_SCOPES, DEFAULT_TENANT, bearer, testIdentity, startAudience, startCatalog, startIdentity, type Started } from '../../test/support/platform';
import { startIngest, uniquePrefix } from '../../test/support/pipeline';

export const SERVICES = ['identity', 'catalog', 'audience', 'ingest'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ServiceUnderTest {
  name: ServiceName;
  url: string;
  /** The bundled contract (generated/<service>/openapi.json). */
  spec: string;
  /** Headers that authenticate a caller holding every scope of the service (a bearer token). */
  headers: Record<string, string>;
  /** An API key (X-API-Key) with the same scopes: the fuzzer's credential. */
  apiKey: string;
  started: Started;
}

export interface Platform {
  services: ServiceUnderTest[];
  stop(): Promise<void>;
}

/** No per-client limit while fuzzing or soaking: the tools are the only, very busy, client. */
const UNLIMITED = { RATE_LIMIT_PER_SECOND: '0', RATE_LIMIT_BURST: '1000000' };

/** A token identity issues to its seeded admin client (`identity:admin identity:introspect`). */
async function adminToken(identityUrl: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'marquee-admin', client_secret: 'marquee-admin-local-dev-secret' });
  const response = await fetch(`${identityUrl}/oauth/token`, { method: 'POST', body });
  if (!response.ok) {
    throw new Error(`identity refused the admin token (${response.status} ${await response.text()}): is its test database seeded?`);
  }
  return ((await response.json()) as { access_token: string }).access_token;
}

/** An API key of the platform tenant with identity's admin scopes, created through identity's own API. */
async function adminApiKey(identityUrl: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${identityUrl}/api-keys`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: 'marquee-platform', name: 'reliability-fuzzer', scopes: ['identity:admin', 'identity:introspect'] }),
  });
  if (!response.ok) {
    throw new Error(`identity refused to create the fuzzer's API key (${response.status} ${await response.text()})`);
  }
  return ((await response.json()) as { key: string }).key;
}

export async function startPlatform(options: { only?: ServiceName[]; reset?: boolean } = {}): Promise<Platform> {
  const wanted = new Set(options.only ?? SERVICES);
  if (options.reset !== false) {
    await globalSetup();
  }
  const started: Started[] = [];
  const services: ServiceUnderTest[] = [];
  const add = (name: ServiceName, s: Started, headers: Record<string, string>, apiKey: string) => {
    started.push(s);
    services.push({ name, url: s.url, spec: `generated/${name}/openapi.json`, headers, apiKey, started: s });
  };
  try {
    const tenantHeaders = await bearer(DEFAULT_TENANT, ALL_SCOPES);
    const tenantKey = (await testIdentity()).issueApiKey(DEFAULT_TENANT, ALL_SCOPES).key;
    if (wanted.has('identity')) {
      const identity = await startIdentity({ extra: { ...UNLIMITED, TOKEN_RATE_PER_MINUTE: '1000000', INTROSPECT_RATE_PER_MINUTE: '1000000', TOKEN_TTL_SECONDS: '86400' } });
      const headers = { authorization: `Bearer ${await adminToken(identity.url)}` };
      add('identity', identity, headers, await adminApiKey(identity.url, headers));
    }
    const catalog = await startCatalog({ env: UNLIMITED });
    if (wanted.has('catalog')) {
      add('catalog', catalog, tenantHeaders, tenantKey);
    } else {
      started.push(catalog);
    }
    if (wanted.has('audience')) {
      add('audience', await startAudience(catalog.url, UNLIMITED), tenantHeaders, tenantKey);
    }
    if (wanted.has('ingest')) {
      add('ingest', await startIngest(uniquePrefix(), UNLIMITED), tenantHeaders, tenantKey);
    }
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }
  return {
    services,
    stop: async () => {
      await Promise.allSettled(started.reverse().map((s) => s.stop()));
    },
  };
}
