/**
 * Identity's own enforcement of the security its spec declares: a Bearer JWT verified against
 * identity's own key set (no HTTP round trip to itself) or an X-API-Key checked in its own
 * database; 401 without valid credentials, 403 without the operation's scope (audited as
 * access.denied). Handlers read the caller with `principalOf(ctx)`.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { AppError, toExpressPath, type RequestContext } from '@marquee/runtime';
import { AUDIENCE, ISSUER } from '../config';
import type { AuditLog } from '../data-access/audit-log';
import type { SigningKeys } from '../data-access/signing-keys';
import type { ApiKeyVerifier } from '../domain/api-key-verifier';

export interface Principal {
  tenantId: string;
  subject: string;
  scopes: string[];
  kind: 'user' | 'client' | 'apiKey' | 'service';
}

type Requirement = { scheme: string; scopes: string[] };

const JWKS_CACHE_MS = 5_000;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export const unauthorized = (detail: string): AppError => new AppError('unauthorized', 401, 'Unauthorized', { detail });
export const forbidden = (detail: string): AppError => new AppError('forbidden', 403, 'Forbidden', { detail });

export class Guard {
  private readonly principals = new Map<string, Principal>();
  private jwks: { set: ReturnType<typeof createLocalJWKSet>; until: number } | undefined;

  constructor(
    private readonly deps: { keys: SigningKeys; apiKeys: ApiKeyVerifier; audit: AuditLog },
  ) {}

  /** Express middleware enforcing each operation's `security` from the bundled spec. */
  router(spec: { paths?: Record<string, Record<string, { security?: Record<string, string[]>[] } | unknown>> }): Router {
    const router = express.Router();
    for (const [path, item] of Object.entries(spec.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method] as { security?: Record<string, string[]>[] } | undefined;
        const alternatives = (op?.security ?? []).map((req): Requirement[] => Object.entries(req).map(([scheme, scopes]) => ({ scheme, scopes })));
        if (!op || alternatives.length === 0 || alternatives.some((a) => a.length === 0)) {
          continue; // public
        }
        router[method](toExpressPath(path), (req, res, next) => {
          this.enforce(req, res, alternatives).then(() => next(), next as (err: unknown) => void);
        });
      }
    }
    return router;
  }

  principalOf(ctx: RequestContext): Principal | undefined {
    return this.principals.get(ctx.requestId);
  }

  private async enforce(req: Request, res: Response, alternatives: Requirement[][]): Promise<void> {
    const principal = await this.authenticate(req, res);
    const operation = `${req.method} ${req.baseUrl}${req.route ? String((req.route as { path: string }).path) : req.path}`;
    const allowed = alternatives.some((all) => all.every((r) => r.scopes.every((s) => principal.scopes.includes(s))));
    if (!allowed) {
      const needed = [...new Set(alternatives.flatMap((all) => all.flatMap((r) => r.scopes)))].join(' or ');
      await this.deps.audit.tryRecord({ type: 'access.denied', tenantId: principal.tenantId, actor: principal.subject, target: operation, detail: `missing scope ${needed}` });
      throw forbidden(`this operation needs scope ${needed}`);
    }
    const requestId = String(res.getHeader('x-request-id') ?? '');
    this.principals.set(requestId, principal);
    res.on('close', () => this.principals.delete(requestId));
  }

  private async authenticate(req: Request, res: Response): Promise<Principal> {
    const authorization = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    res.setHeader('www-authenticate', 'Bearer realm="marquee"');
    if (typeof authorization === 'string' && /^Bearer\s+/i.test(authorization)) {
      const principal = await this.verifyJwt(authorization.replace(/^Bearer\s+/i, '').trim());
      if (!principal) {
        res.setHeader('www-authenticate', 'Bearer realm="marquee", error="invalid_token"');
        await this.deps.audit.tryRecord({ type: 'access.denied', target: `${req.method} ${req.path}`, detail: 'invalid bearer token' });
        throw unauthorized('the bearer token is not valid (malformed, expired, wrong issuer or audience, or unknown key)');
      }
      res.removeHeader('www-authenticate');
      return principal;
    }
    if (typeof apiKey === 'string' && apiKey !== '') {
      const check = await this.deps.apiKeys.check(apiKey);
      if (!check.active) {
        await this.deps.audit.tryRecord({ type: 'access.denied', tenantId: check.tenantId ?? null, actor: check.keyId ? `apikey:${check.keyId}` : null, target: `${req.method} ${req.path}`, detail: 'inactive API key' });
        throw unauthorized('the API key is not valid (unknown, revoked or expired)');
      }
      res.removeHeader('www-authenticate');
      return { tenantId: check.record.tenantId, subject: `apikey:${check.record.keyId}`, scopes: check.record.scopes, kind: 'apiKey' };
    }
    throw unauthorized('credentials required: a Bearer token from POST /oauth/token or an X-API-Key');
  }

  private async verifyJwt(token: string): Promise<Principal | undefined> {
    for (const refresh of [false, true]) {
      try {
        const { payload } = await jwtVerify(token, await this.keySet(refresh), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], requiredClaims: ['sub', 'exp', 'iat'] });
        if (typeof payload.tenant !== 'string' || typeof payload.scope !== 'string' || typeof payload.sub !== 'string') {
          return undefined;
        }
        return { tenantId: payload.tenant, subject: payload.sub, scopes: payload.scope.split(' ').filter(Boolean), kind: 'client' };
      } catch (err) {
        if ((err as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY' || refresh) {
          return undefined;
        }
      }
    }
    return undefined;
  }

  private async keySet(refresh: boolean): Promise<ReturnType<typeof createLocalJWKSet>> {
    if (refresh || !this.jwks || this.jwks.until < Date.now()) {
      const keys = (await this.deps.keys.publicKeys()) as JSONWebKeySet['keys'];
      this.jwks = { set: createLocalJWKSet({ keys }), until: Date.now() + JWKS_CACHE_MS };
    }
    return this.jwks.set;
  }
}

export type GuardMiddleware = (req: Request, res: Response, next: NextFunction) => void;
