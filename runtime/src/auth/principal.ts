/**
 * Who is calling: the principal every secured operation's handler receives, and the two auth
 * errors the generated stubs answer with (RFC 6750 bearer error codes in WWW-Authenticate).
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
import { AppError } from '../errors';

export type PrincipalKind = 'user' | 'client' | 'apiKey' | 'service';

export interface Principal {
  /** The tenant the caller acts for; every tenant-scoped read and write uses it. */
  tenantId: string;
  /** The user, client or key id (JWT `sub`, API key subject). */
  subject: string;
  scopes: readonly string[];
  kind: PrincipalKind;
  /** OAuth2 client id when the credential was a client-credentials token. */
  clientId?: string;
}

/** One alternative of an operation's `security` array: every scheme in it must hold (OpenAPI 3.1 §4.8.30). */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

const quote = (value: string): string => `"${value.replace(/["\\]/g, '\\$&')}"`;

/** RFC 6750 challenge: `Bearer realm="marquee", error="invalid_token", error_description="..."`. */
export function bearerChallenge(error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope', description?: string, scope?: string): string {
  const params = [`realm=${quote('marquee')}`];
  if (error) params.push(`error=${quote(error)}`);
  if (description) params.push(`error_description=${quote(description.replace(/[^\x20-\x7e]/g, '?'))}`);
  if (scope) params.push(`scope=${quote(scope)}`);
  return `Bearer ${params.join(', ')}`;
}

/** 401: no credentials (no error code, RFC 6750 §3.1) or credentials that did not verify (invalid_token). */
export class UnauthorizedError extends AppError {
  constructor(detail: string, error?: 'invalid_request' | 'invalid_token', cause?: unknown) {
    super('unauthorized', 401, 'Unauthorized', { detail, cause, headers: { 'www-authenticate': bearerChallenge(error, error ? detail : undefined) } });
    this.name = 'UnauthorizedError';
  }
}

/** 403: a valid credential without the scope the operation declares. */
export class ForbiddenError extends AppError {
  readonly missingScopes: readonly string[];

  constructor(missingScopes: readonly string[], detail?: string) {
    const scope = missingScopes.join(' ');
    super('forbidden', 403, 'Forbidden', {
      detail: detail ?? `this operation needs scope '${scope}', which the credential does not carry`,
      headers: { 'www-authenticate': bearerChallenge('insufficient_scope', `needs scope ${scope}`, scope) },
    });
    this.name = 'ForbiddenError';
    this.missingScopes = missingScopes;
  }
}
