/**
 * The authenticator generated stubs call before validation: reads `Authorization: Bearer <JWT>`
 * or `X-API-Key`, verifies it and yields the typed Principal; `authorize` then checks it against
 * the operation's declared security requirements (alternatives, each a set of schemes + scopes).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createApiKeyVerifier, httpIntrospector, type ApiKeyIntrospector, type ApiKeyVerifier } from './api-keys';
import { createJwtVerifier, type JwtVerifier, type JwtVerifierOptions } from './jwt';
import { ForbiddenError, UnauthorizedError, type Principal } from './principal';

export type CredentialKind = 'bearer' | 'apiKey';

export interface Authenticated {
  principal: Principal;
  credential: CredentialKind;
}

export interface Authenticator {
  /** undefined when the request carries no credential; throws UnauthorizedError when it carries a bad one. */
  authenticate(headers: IncomingHttpHeaders): Promise<Authenticated | undefined>;
}

export interface AuthenticatorOptions extends JwtVerifierOptions {
  /** Checks API keys. Default: identity's POST /api-keys/introspect (needs identityUrl and serviceToken). */
  introspect?: ApiKeyIntrospector;
  /** Base URL of identity, for the default introspector. */
  identityUrl?: string;
  /** This service's own bearer token (scope identity:introspect), for the default introspector. */
  serviceToken?: () => Promise<string> | string;
  /** How long an introspection answer is reused. Default 30 000 ms. */
  apiKeyCacheMs?: number;
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const verifyJwt: JwtVerifier = createJwtVerifier(options);
  const introspect = options.introspect ?? (options.identityUrl && options.serviceToken ? httpIntrospector({ identityUrl: options.identityUrl, serviceToken: options.serviceToken }) : undefined);
  const verifyKey: ApiKeyVerifier | undefined = introspect ? createApiKeyVerifier(introspect, { ...(options.apiKeyCacheMs !== undefined ? { cacheMs: options.apiKeyCacheMs } : {}) }) : undefined;
  return {
    async authenticate(headers) {
      const authorization = single(headers.authorization);
      const apiKey = single(headers['x-api-key']);
      if (authorization !== undefined && apiKey !== undefined) {
        throw new UnauthorizedError('send one credential: Authorization or X-API-Key, not both', 'invalid_request');
      }
      if (authorization !== undefined) {
        const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization);
        if (!match) {
          throw new UnauthorizedError("the Authorization header must be 'Bearer <token>'", 'invalid_request');
        }
        return { principal: await verifyJwt(match[1]!), credential: 'bearer' };
      }
      if (apiKey !== undefined) {
        if (!verifyKey) {
          throw new UnauthorizedError('API keys are not accepted by this service; use a bearer token', 'invalid_token');
        }
        return { principal: await verifyKey(apiKey.trim()), credential: 'apiKey' };
      }
      return undefined;
    },
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** One scheme of one security requirement, with the kind of credential that satisfies it. */
export interface RouteSecurityScheme {
  readonly scheme: string;
  /** 'unsupported' schemes (e.g. http basic) are never satisfied: such operations fail closed. */
  readonly kind: CredentialKind | 'unsupported';
  readonly scopes: readonly string[];
}

/** An operation's `security`: alternatives (any one suffices), each a list of schemes (all must hold). [] = public. */
export type RouteSecurity = readonly (readonly RouteSecurityScheme[])[];

/**
 * Checks a (possibly absent) authenticated caller against an operation's requirements:
 * 401 when no alternative accepts the caller's kind of credential, 403 naming the missing scopes
 * when one does but the credential lacks a scope.
 */
export function authorize(security: RouteSecurity, caller: Authenticated | undefined): void {
  if (security.length === 0 || security.some((alt) => alt.length === 0)) {
    return;
  }
  if (!caller) {
    throw new UnauthorizedError('this operation needs credentials: Authorization: Bearer <token> or X-API-Key');
  }
  const granted = new Set(caller.principal.scopes);
  let missing: string[] | undefined;
  for (const alternative of security) {
    if (!alternative.every((s) => s.kind === caller.credential)) {
      continue;
    }
    const lacking = alternative.flatMap((s) => s.scopes.filter((scope) => !granted.has(scope)));
    if (lacking.length === 0) {
      return;
    }
    missing ??= lacking;
  }
  if (!missing) {
    throw new UnauthorizedError(`this operation does not accept ${caller.credential === 'apiKey' ? 'API keys' : 'bearer tokens'}`, 'invalid_token');
  }
  throw new ForbiddenError([...new Set(missing)]);
}
