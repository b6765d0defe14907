/**
 * POST /oauth/token, client-credentials grant (RFC 6749 §4.4). Errors are RFC 6749 §5.2 JSON,
 * not problem+json: 400 invalid_request / unsupported_grant_type / invalid_scope, 401
 * invalid_client with WWW-Authenticate. The rate limit is taken per asserted client id before
 * the (deliberately slow) secret check, so guessing secrets is throttled too.
 */
import { AppError } from '@marquee/runtime';
import type { IssueTokenInput, IssueTokenResponse } from '@marquee/generated/identity/operations.gen';
import type { AuditLog } from '../data-access/audit-log';
import type { TenantsRepository } from '../data-access/tenants-repository';
import type { RateLimiter } from '../domain/rate-limiter';
import { VerifiedSecrets, decoyHash, verifySecret } from '../domain/secrets';
import type { TokenIssuer } from '../domain/token-issuer';

type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

function oauthError(error: Exclude<OAuthErrorCode, 'invalid_client'>, description: string): IssueTokenResponse {
  return { status: 400, body: { error, error_description: description }, headers: NO_STORE };
}

function invalidClient(description: string): IssueTokenResponse {
  return { status: 401, body: { error: 'invalid_client', error_description: description }, headers: { ...NO_STORE, 'WWW-Authenticate': 'Basic realm="marquee"' } };
}

export const tooManyRequests = (retryAfter: number, detail: string): AppError => new AppError('rate-limited', 429, 'Too many requests', { detail, retryAfter });

/** Client credentials from `Authorization: Basic` (form-urlencoded id and secret, RFC 6749 §2.3.1). */
function basicCredentials(header: string): { clientId: string; clientSecret: string } | 'malformed' {
  const decoded = Buffer.from(header.replace(/^Basic\s+/i, '').trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) {
    return 'malformed';
  }
  try {
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

export function createTokenEndpoint(deps: { tenants: TenantsRepository; issuer: TokenIssuer; limiter: RateLimiter; audit: AuditLog }) {
  const { tenants, issuer, limiter, audit } = deps;
  const verified = new VerifiedSecrets();

  return async function issueToken({ headers, body }: IssueTokenInput): Promise<IssueTokenResponse> {
    const authorization = headers.Authorization;
    if (authorization !== undefined && authorization.length > 1024) {
      return oauthError('invalid_request', 'the Authorization header is longer than 1024 characters');
    }
    const basic = authorization !== undefined && /^Basic\s/i.test(authorization) ? basicCredentials(authorization) : undefined;
    if (basic === 'malformed') {
      return invalidClient('the Basic credentials are malformed');
    }
    if (basic && (body.client_secret !== undefined || (body.client_id !== undefined && body.client_id !== basic.clientId))) {
      return oauthError('invalid_request', 'use one client authentication method: HTTP Basic or client_id/client_secret in the body, not both');
    }
    if (body.grant_type === undefined || body.grant_type === '') {
      return oauthError('invalid_request', 'grant_type is required');
    }
    if (body.grant_type !== 'client_credentials') {
      return oauthError('unsupported_grant_type', `grant_type '${body.grant_type.slice(0, 40)}' is not supported; use client_credentials`);
    }
    const clientId = basic?.clientId ?? body.client_id;
    const clientSecret = basic?.clientSecret ?? body.client_secret;
    if (!clientId || clientSecret === undefined) {
      return invalidClient('client authentication is required (HTTP Basic, or client_id and client_secret)');
    }
    const wait = limiter.take(`token:${clientId}`);
    if (wait > 0) {
      await audit.tryRecord({ type: 'ratelimit.exceeded', actor: `client:${clientId.slice(0, 63)}`, target: 'POST /oauth/token', detail: `retry after ${wait}s` });
      throw tooManyRequests(wait, `too many token requests for this client; retry after ${wait} s`);
    }
    const client = await tenants.getClient(clientId);
    const secretOk = client ? await verified.verify(client.clientId, clientSecret, client.secretHash) : await verifySecret(clientSecret, await decoyHash());
    if (!client || !secretOk) {
      await audit.record({ type: 'token.refused', tenantId: client?.tenantId ?? null, actor: `client:${clientId.slice(0, 63)}`, detail: 'invalid client credentials' });
      return invalidClient('unknown client or wrong secret');
    }
    const requested = (body.scope ?? '').split(' ').filter(Boolean);
    const refused = requested.filter((s) => !client.allowedScopes.includes(s));
    if (refused.length > 0 || (requested.length === 0 && client.allowedScopes.length === 0)) {
      const detail = refused.length > 0 ? `scope ${refused.map((s) => `'${s.slice(0, 64)}'`).join(', ')} is not allowed for this client` : 'this client has no scopes';
      await audit.record({ type: 'token.refused', tenantId: client.tenantId, actor: `client:${client.clientId}`, detail });
      return oauthError('invalid_scope', detail);
    }
    const scopes = requested.length > 0 ? [...new Set(requested)] : client.allowedScopes;
    const service = (await tenants.getTenant(client.tenantId))?.kind === 'platform';
    const token = await issuer.issue({ clientId: client.clientId, tenantId: client.tenantId, scopes, service });
    await audit.record({ type: 'token.issued', tenantId: client.tenantId, actor: `client:${client.clientId}`, target: `jti:${token.jti}`, detail: `kid=${token.kid} scope=${scopes.join(' ')}` });
    return {
      status: 200,
      body: { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn, scope: scopes.join(' ') },
      headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    };
  };
}
