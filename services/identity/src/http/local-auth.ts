/**
 * Identity enforces its own spec's security with the runtime authenticator the generated stub
 * uses everywhere (#10), fed locally: its own signing keys as the key set (no HTTP round trip
 * to itself; reloaded at most every few seconds, and at once for an unknown kid) and API keys
 * checked in its own database (no cache, so a revoked key stops at once).
 */
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { createAuthenticator, type Authenticated, type Authenticator } from '@marquee/runtime';
import type { SigningKeys } from '../data-access/signing-keys';
import type { ApiKeyVerifier } from '../domain/api-key-verifier';

const KEY_SET_CACHE_MS = 5_000;

export function localKeySet(keys: SigningKeys, now: () => number = Date.now): JWTVerifyGetKey {
  let cached: { getKey: ReturnType<typeof createLocalJWKSet>; until: number } | undefined;
  const load = async (refresh: boolean) => {
    if (refresh || !cached || cached.until <= now()) {
      cached = { getKey: createLocalJWKSet({ keys: (await keys.publicKeys()) as JSONWebKeySet['keys'] }), until: now() + KEY_SET_CACHE_MS };
    }
    return cached.getKey;
  };
  return async (header, token) => {
    try {
      return await (await load(false))(header, token);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY') throw err;
      return (await load(true))(header, token);
    }
  };
}

/** The authenticator, and who it authenticated per request (by the request's headers object) for the audit of denials. */
export function localAuthenticator(deps: { keys: SigningKeys; apiKeys: ApiKeyVerifier }): { auth: Authenticator; callerOf(headers: object): Authenticated | undefined } {
  const inner = createAuthenticator({
    keys: localKeySet(deps.keys),
    apiKeyCacheMs: 0,
    introspect: async (key) => {
      const check = await deps.apiKeys.check(key);
      if (!check.active) return { active: false };
      const { record } = check;
      return { active: true, tenantId: record.tenantId, subject: `apikey:${record.keyId}`, scopes: record.scopes, expiresAt: record.expiresAt };
    },
  });
  const callers = new WeakMap<object, Authenticated>();
  return {
    auth: {
      async authenticate(headers) {
        const caller = await inner.authenticate(headers);
        if (caller) callers.set(headers, caller);
        return caller;
      },
    },
    callerOf: (headers) => callers.get(headers),
  };
}
