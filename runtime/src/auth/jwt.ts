/**
 * Bearer token verification with jose: ES256 only (so `alg: none`, HS256-with-the-public-key and
 * any other algorithm are refused before a key is looked up), issuer, audience, exp and nbf
 * checked with a small clock tolerance. Keys come from identity's JWKS (cached by jose, refetched
 * when a token names an unknown kid, at most once per cooldown) or from a local key set.
 * @see https://github.com/panva/jose/blob/main/docs/jwks/remote/functions/createRemoteJWKSet.md
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DependencyUnavailableError } from '../errors';
import { UnauthorizedError, type Principal, type PrincipalKind } from './principal';

export interface JwtVerifierOptions {
  /** Identity's JWKS, e.g. http://127.0.0.1:4000/.well-known/jwks.json. */
  jwksUrl?: string | URL;
  /** A key set to use instead of fetching one (identity verifying its own tokens, tests). */
  keys?: JWTVerifyGetKey;
  /** Default `marquee-identity`. */
  issuer?: string;
  /** Default `marquee`. */
  audience?: string;
  /** Seconds of clock skew accepted on exp/nbf/iat. Default 5. */
  clockToleranceSec?: number;
  /** Minimum time between two JWKS fetches caused by unknown kids. Default 30 000 ms (jose's). */
  jwksCooldownMs?: number;
  /** How long a fetched JWKS is used before it is fetched again. Default 600 000 ms. */
  jwksCacheMaxAgeMs?: number;
  /** Timeout of one JWKS fetch. Default 5000 ms. */
  jwksTimeoutMs?: number;
  /**
   * How long a verified token's principal is reused for the same token string (never past the
   * token's exp): a caller repeating its token skips the ECDSA verification. 0 turns it off.
   * Default 60 000 ms, the same order as the JWKS refresh, so a key withdrawn from the JWKS stops
   * being honoured within about as long either way.
   */
  verifiedTokenCacheMs?: number;
  /** Tokens remembered at once (the oldest forgotten first). Default 10 000. */
  verifiedTokenCacheSize?: number;
}

export const ALGORITHMS = ['ES256'];
export const DEFAULT_ISSUER = 'marquee-identity';
export const DEFAULT_AUDIENCE = 'marquee';

export type JwtVerifier = (token: string) => Promise<Principal>;

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const keys = options.keys ?? remoteKeys(options);
  const verifyOptions = {
    algorithms: ALGORITHMS,
    issuer: options.issuer ?? DEFAULT_ISSUER,
    audience: options.audience ?? DEFAULT_AUDIENCE,
    clockTolerance: options.clockToleranceSec ?? 5,
    requiredClaims: ['exp', 'sub'],
  };
  const cacheMs = options.verifiedTokenCacheMs ?? 60_000;
  const cacheSize = options.verifiedTokenCacheSize ?? 10_000;
  const verified = new Map<string, { principal: Principal; until: number }>();
  return async (token) => {
    if (cacheMs > 0) {
      const hit = verified.get(token);
      if (hit) {
        if (Date.now() < hit.until) {
          return hit.principal;
        }
        verified.delete(token);
      }
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, verifyOptions));
    } catch (err) {
      throw verificationError(err);
    }
    const principal = toPrincipal(payload);
    if (cacheMs > 0 && typeof payload.exp === 'number') {
      if (verified.size >= cacheSize) {
        verified.delete(verified.keys().next().value!);
      }
      // Shared by every request with this token: frozen so no handler can change another's principal.
      Object.freeze(principal.scopes);
      verified.set(token, { principal: Object.freeze(principal), until: Math.min(Date.now() + cacheMs, payload.exp * 1000) });
    }
    return principal;
  };
}

function remoteKeys(options: JwtVerifierOptions): JWTVerifyGetKey {
  if (options.jwksUrl === undefined) {
    throw new TypeError('JWT verification needs jwksUrl or keys');
  }
  return createRemoteJWKSet(new URL(options.jwksUrl), {
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
    timeoutDuration: options.jwksTimeoutMs ?? 5000,
  });
}

/** A token that does not verify is the caller's problem (401); a JWKS we cannot fetch is ours (503). */
function verificationError(err: unknown): Error {
  if (err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) {
    if (err instanceof TypeError && /Invalid Compact JWS|JWT/i.test(err.message)) {
      return new UnauthorizedError('the bearer token is malformed', 'invalid_token', err);
    }
    return new DependencyUnavailableError('identity', { detail: 'token keys (JWKS) could not be fetched; retry later', cause: err });
  }
  const reasons: Record<string, string> = {
    ERR_JWT_EXPIRED: 'the bearer token has expired',
    ERR_JWT_CLAIM_VALIDATION_FAILED: 'the bearer token is not valid here',
    ERR_JOSE_ALG_NOT_ALLOWED: 'the bearer token is not signed with an accepted algorithm',
    ERR_JWKS_NO_MATCHING_KEY: 'the bearer token was signed with an unknown key',
    ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the bearer token signature does not verify',
  };
  return new UnauthorizedError(reasons[err.code] ?? 'the bearer token is invalid', 'invalid_token', err);
}

function toPrincipal(payload: JWTPayload): Principal {
  const tenant = payload.tenant;
  if (typeof tenant !== 'string' || tenant === '') {
    throw new UnauthorizedError('the bearer token names no tenant', 'invalid_token');
  }
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
  const declared = payload.kind;
  const kind: PrincipalKind =
    declared === 'user' || declared === 'client' || declared === 'service' ? declared : clientId !== undefined && clientId === payload.sub ? 'client' : 'user';
  return {
    tenantId: tenant,
    subject: String(payload.sub),
    scopes: scope.split(' ').filter(Boolean),
    kind,
    ...(clientId !== undefined ? { clientId } : {}),
  };
}
