/**
 * API keys (`mqk_<keyId>_<secret>`) are checked by identity's `POST /api-keys/introspect`;
 * answers are cached briefly (keyed by a hash, never the key) so a burst of calls costs one
 * round trip, and never past the key's own expiry.
 */
import { createHash } from 'node:crypto';
import { DependencyUnavailableError } from '../errors';
import { UnauthorizedError, type Principal } from './principal';

export interface IntrospectionResult {
  active: boolean;
  tenantId?: string;
  subject?: string;
  scopes?: string[];
  /** RFC 3339, or null for keys that do not expire. */
  expiresAt?: string | null;
}

export type ApiKeyIntrospector = (key: string) => Promise<IntrospectionResult>;

export const API_KEY_PATTERN = /^mqk_[A-Za-z0-9-]+_[A-Za-z0-9_-]+$/;

/** The default introspector: identity's endpoint, called with the service's own bearer token. */
export function httpIntrospector(args: { identityUrl: string; serviceToken: () => Promise<string> | string; timeoutMs?: number; fetch?: typeof fetch }): ApiKeyIntrospector {
  const url = `${args.identityUrl.replace(/\/+$/, '')}/api-keys/introspect`;
  const doFetch = args.fetch ?? fetch;
  return async (key) => {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${await args.serviceToken()}` },
        body: JSON.stringify({ key }),
        signal: AbortSignal.timeout(args.timeoutMs ?? 2000),
      });
    } catch (err) {
      throw new DependencyUnavailableError('identity', { detail: 'API keys cannot be checked now (identity unreachable); retry later', cause: err });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DependencyUnavailableError('identity', { detail: `API key introspection answered ${response.status}; retry later` });
    }
    return (await response.json()) as IntrospectionResult;
  };
}

export type ApiKeyVerifier = (key: string) => Promise<Principal>;

export function createApiKeyVerifier(introspect: ApiKeyIntrospector, options: { cacheMs?: number; maxEntries?: number; now?: () => number } = {}): ApiKeyVerifier {
  const cacheMs = options.cacheMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { until: number; result: IntrospectionResult }>();
  return async (key) => {
    if (!API_KEY_PATTERN.test(key)) {
      throw new UnauthorizedError('the API key is malformed', 'invalid_token');
    }
    const id = createHash('sha256').update(key).digest('base64url');
    let entry = cache.get(id);
    if (!entry || entry.until <= now()) {
      const result = await introspect(key);
      const expires = result.expiresAt ? Date.parse(result.expiresAt) : Number.POSITIVE_INFINITY;
      if (cache.size >= maxEntries) {
        cache.delete(cache.keys().next().value as string);
      }
      entry = { until: Math.min(now() + cacheMs, expires), result };
      cache.set(id, entry);
    }
    const { result } = entry;
    const expired = result.expiresAt ? Date.parse(result.expiresAt) <= now() : false;
    if (!result.active || expired || !result.tenantId || !result.subject) {
      throw new UnauthorizedError('the API key is unknown, revoked or expired', 'invalid_token');
    }
    return { tenantId: result.tenantId, subject: result.subject, scopes: result.scopes ?? [], kind: 'apiKey' };
  };
}
