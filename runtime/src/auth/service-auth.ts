/**
 * Wiring for services: the auth settings every service reads from its environment, the
 * authenticator built from them, and a cached OAuth2 client-credentials token for the service's
 * own identity (used to introspect API keys and as a configured service credential for clients).
 */
import type { ClientCredentials } from '../client/http-client';
import { env } from '../config';
import { createAuthenticator, type Authenticator, type AuthenticatorOptions } from './authenticator';

/** Environment of a secured service; spread into its loadConfig schema. */
export function authEnv() {
  return {
    /** Identity's base URL (token endpoint, API key introspection). */
    IDENTITY_URL: env.url({ default: 'http://127.0.0.1:4000' }),
    /** Where identity publishes its signing keys. Default: {IDENTITY_URL}/.well-known/jwks.json. */
    AUTH_JWKS_URL: env.optional(),
    /** This service's own OAuth2 client (scope identity:introspect); without it API keys are refused. */
    SERVICE_CLIENT_ID: env.optional(),
    SERVICE_CLIENT_SECRET: env.optional(),
    /** Per-client limit on secured operations, per replica: sustained requests per second (0 = off) and burst. */
    RATE_LIMIT_PER_SECOND: env.int({ default: 100, min: 0 }),
    RATE_LIMIT_BURST: env.int({ default: 200, min: 1 }),
  };
}

export interface AuthSettings {
  IDENTITY_URL: string;
  AUTH_JWKS_URL: string | undefined;
  SERVICE_CLIENT_ID: string | undefined;
  SERVICE_CLIENT_SECRET: string | undefined;
  RATE_LIMIT_PER_SECOND: number;
  RATE_LIMIT_BURST: number;
}

/** The router's rate-limit options from the settings. */
export function rateLimitFrom(settings: Pick<AuthSettings, 'RATE_LIMIT_PER_SECOND' | 'RATE_LIMIT_BURST'>): { perSecond: number; burst: number } {
  return { perSecond: settings.RATE_LIMIT_PER_SECOND, burst: settings.RATE_LIMIT_BURST };
}

/** The authenticator a service's generated router uses, from its settings (overrides for tests). */
export function createServiceAuthenticator(settings: AuthSettings, overrides: Partial<AuthenticatorOptions> = {}): Authenticator {
  const serviceToken =
    settings.SERVICE_CLIENT_ID && settings.SERVICE_CLIENT_SECRET
      ? clientCredentialsToken({ tokenUrl: `${settings.IDENTITY_URL}/oauth/token`, clientId: settings.SERVICE_CLIENT_ID, clientSecret: settings.SERVICE_CLIENT_SECRET, scope: 'identity:introspect' })
      : undefined;
  const jwksUrl = settings.AUTH_JWKS_URL ?? `${settings.IDENTITY_URL}/.well-known/jwks.json`;
  return createAuthenticator({ jwksUrl, identityUrl: settings.IDENTITY_URL, ...(serviceToken ? { serviceToken } : {}), ...overrides });
}

/**
 * Credentials for a generated client calling a sibling as this service (its own OAuth2 client,
 * with the given scopes), used when there is no caller to forward: consumers, jobs, startup.
 * Inside a handled request the caller's credential is still forwarded first. Without
 * SERVICE_CLIENT_ID/SECRET: forwarding only.
 */
export function serviceCredentials(settings: AuthSettings, scope: string): ClientCredentials {
  if (!settings.SERVICE_CLIENT_ID || !settings.SERVICE_CLIENT_SECRET) {
    return { forwardCaller: true };
  }
  return {
    forwardCaller: true,
    token: clientCredentialsToken({ tokenUrl: `${settings.IDENTITY_URL}/oauth/token`, clientId: settings.SERVICE_CLIENT_ID, clientSecret: settings.SERVICE_CLIENT_SECRET, scope }),
  };
}

/**
 * An OAuth2 client-credentials token provider (RFC 6749 §4.4): fetches a token, reuses it until
 * 30 s before it expires, shares one fetch between concurrent callers.
 */
export function clientCredentialsToken(args: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string; fetch?: typeof fetch; now?: () => number }): () => Promise<string> {
  const now = args.now ?? Date.now;
  const doFetch = args.fetch ?? fetch;
  let cached: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...(args.scope ? { scope: args.scope } : {}) });
    const basic = Buffer.from(`${encodeURIComponent(args.clientId)}:${encodeURIComponent(args.clientSecret)}`).toString('base64');
    const response = await doFetch(args.tokenUrl, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body, signal: AbortSignal.timeout(5000) });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`token endpoint ${args.tokenUrl} answered ${response.status} for client ${args.clientId}`);
    }
    const json = (await response.json()) as { access_token?: string; expires_in?: number };
    if (typeof json.access_token !== 'string') {
      throw new Error(`token endpoint ${args.tokenUrl} returned no access_token`);
    }
    cached = { token: json.access_token, until: now() + Math.max(0, (json.expires_in ?? 300) - 30) * 1000 };
    return json.access_token;
  };
  return () => {
    if (cached && cached.until > now()) {
      return Promise.resolve(cached.token);
    }
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
