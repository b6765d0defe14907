/**
 * Identity handlers: thin translations between the generated contract and the repositories.
 * Every security event goes to the audit log with ids only, never a secret or token.
 */
import { randomBytes } from 'node:crypto';
import { conflict, decodeCursor, encodeCursor, notFound, unprocessable } from '@marquee/runtime';
import type { IdentityHandlers } from '@marquee/generated/identity/server.gen';
import type { ApiKeysRepository } from '../data-access/api-keys-repository';
import type { AuditLog } from '../data-access/audit-log';
import { isDuplicateKey } from '../data-access/rows';
import type { SigningKeys } from '../data-access/signing-keys';
import type { TenantsRepository } from '../data-access/tenants-repository';
import { newApiKey, type ApiKeyVerifier } from '../domain/api-key-verifier';
import type { RateLimiter } from '../domain/rate-limiter';
import { hashSecret, randomSecret, sha256Hex } from '../domain/secrets';
import type { TokenIssuer } from '../domain/token-issuer';
import { createTokenEndpoint, tooManyRequests } from './token-endpoint';

export interface IdentityDeps {
  tenants: TenantsRepository;
  apiKeys: ApiKeysRepository;
  verifier: ApiKeyVerifier;
  keys: SigningKeys;
  issuer: TokenIssuer;
  audit: AuditLog;
  tokenLimiter: RateLimiter;
  introspectLimiter: RateLimiter;
  clock?: () => Date;
}

export function createIdentityHandlers(deps: IdentityDeps): IdentityHandlers {
  const { tenants, apiKeys, verifier, keys, issuer, audit } = deps;
  const now = deps.clock ?? (() => new Date());

  const page = <T>(result: { items: T[]; lastId: string | null }) => ({
    items: result.items,
    nextCursor: result.lastId === null ? null : encodeCursor({ id: result.lastId }),
  });
  const afterId = (cursor: string | undefined) => decodeCursor(cursor, ['id'] as const)?.id;
  const requireTenant = async (tenantId: string) => {
    if (!(await tenants.getTenant(tenantId))) throw notFound(`no tenant with id ${tenantId}`);
  };

  return {
    issueToken: createTokenEndpoint({ tenants, issuer, limiter: deps.tokenLimiter, audit }),

    async getJwks() {
      return { status: 200, body: { keys: (await keys.publicKeys()) as { kty: string; kid: string }[] }, headers: { 'Cache-Control': 'public, max-age=300' } };
    },

    async rotateSigningKey({ principal }) {
      const key = await keys.rotate();
      await audit.record({ type: 'key.rotated', actor: principal.subject, target: key.kid, detail: `signs from ${key.activatesAt.toISOString()}` });
      return { status: 201, body: { kid: key.kid, alg: key.alg, createdAt: key.createdAt.toISOString(), activatesAt: key.activatesAt.toISOString(), active: key.activatesAt.getTime() <= now().getTime() } };
    },

    async listTenants({ query }) {
      const after = afterId(query.cursor);
      return { status: 200, body: page(await tenants.listTenants({ limit: query.limit ?? 50, ...(query.kind ? { kind: query.kind } : {}), ...(after ? { afterId: after } : {}) })) };
    },

    async createTenant({ body, principal }) {
      try {
        const tenant = await tenants.createTenant(body, now());
        await audit.record({ type: 'tenant.created', tenantId: tenant.id, actor: principal.subject, target: tenant.id });
        return { status: 201, body: tenant, headers: { Location: `/tenants/${tenant.id}` } };
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict(`a tenant with id '${body.id}' already exists`);
        throw err;
      }
    },

    async getTenant({ path }) {
      const tenant = await tenants.getTenant(path.tenantId);
      if (!tenant) throw notFound(`no tenant with id ${path.tenantId}`);
      return { status: 200, body: tenant };
    },

    async listClients({ path, query }) {
      await requireTenant(path.tenantId);
      const after = afterId(query.cursor);
      return { status: 200, body: page(await tenants.listClients(path.tenantId, { limit: query.limit ?? 50, ...(after ? { afterId: after } : {}) })) };
    },

    async createClient({ path, body, principal }) {
      await requireTenant(path.tenantId);
      const clientId = body.clientId ?? `${path.tenantId.slice(0, 40)}-${randomBytes(6).toString('hex')}`;
      const clientSecret = `mqs_${randomSecret(32)}`;
      try {
        const client = await tenants.createClient({ tenantId: path.tenantId, clientId, name: body.name, allowedScopes: body.allowedScopes, secretHash: await hashSecret(clientSecret) }, now());
        await audit.record({ type: 'client.created', tenantId: path.tenantId, actor: principal.subject, target: clientId, detail: `scopes=${body.allowedScopes.join(' ')}` });
        return { status: 201, body: { ...client, clientSecret } };
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict(`a client with id '${clientId}' already exists`);
        throw err;
      }
    },

    async listUsers({ path, query }) {
      await requireTenant(path.tenantId);
      const after = afterId(query.cursor);
      return { status: 200, body: page(await tenants.listUsers(path.tenantId, { limit: query.limit ?? 50, ...(after ? { afterId: after } : {}) })) };
    },

    async createUser({ path, body, principal }) {
      await requireTenant(path.tenantId);
      try {
        const user = await tenants.createUser(path.tenantId, body, now());
        await audit.record({ type: 'user.created', tenantId: path.tenantId, actor: principal.subject, target: user.id });
        return { status: 201, body: user };
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict(`a user with email '${body.email}' already exists in tenant ${path.tenantId}`);
        throw err;
      }
    },

    async listApiKeys({ query }) {
      await requireTenant(query.tenantId);
      const after = afterId(query.cursor);
      return { status: 200, body: page(await apiKeys.list(query.tenantId, { limit: query.limit ?? 50, ...(after ? { afterId: after } : {}) })) };
    },

    async createApiKey({ body, principal }) {
      const problems = [];
      if (!(await tenants.getTenant(body.tenantId))) {
        problems.push({ location: 'body' as const, pointer: '/tenantId', detail: `no tenant with id '${body.tenantId}'` });
      }
      if (body.expiresAt !== undefined && Date.parse(body.expiresAt) <= now().getTime()) {
        problems.push({ location: 'body' as const, pointer: '/expiresAt', detail: 'expiresAt must be in the future' });
      }
      if (problems.length > 0) throw unprocessable(problems.map((p) => p.detail).join('; '), problems);
      const made = newApiKey();
      const key = await apiKeys.create({ keyId: made.keyId, tenantId: body.tenantId, name: body.name, scopes: body.scopes, expiresAt: body.expiresAt ?? null, secretHash: sha256Hex(made.secret) }, now());
      await audit.record({ type: 'apikey.created', tenantId: body.tenantId, actor: principal.subject, target: made.keyId, detail: `scopes=${body.scopes.join(' ')}` });
      return { status: 201, body: { ...key, key: made.key } };
    },

    async revokeApiKey({ path, principal }) {
      const key = await apiKeys.revoke(path.keyId, now());
      if (!key) throw notFound(`no API key with id ${path.keyId}`);
      await audit.record({ type: 'apikey.revoked', tenantId: key.tenantId, actor: principal.subject, target: key.keyId });
      return { status: 204 };
    },

    async introspectApiKey({ body, principal }) {
      const caller = principal.subject;
      const wait = deps.introspectLimiter.take(`introspect:${caller}`);
      if (wait > 0) {
        await audit.tryRecord({ type: 'ratelimit.exceeded', actor: caller, target: 'POST /api-keys/introspect', detail: `retry after ${wait}s` });
        throw tooManyRequests(wait, `too many introspection requests from this client; retry after ${wait} s`);
      }
      const check = await verifier.check(body.key);
      if (!check.active) {
        return { status: 200, body: { active: false } };
      }
      const { record } = check;
      return { status: 200, body: { active: true, tenantId: record.tenantId, subject: `apikey:${record.keyId}`, scopes: record.scopes, expiresAt: record.expiresAt } };
    },

    async listAuditEvents({ query }) {
      const before = afterId(query.cursor);
      const result = await audit.list({ limit: query.limit ?? 50, ...(query.tenantId ? { tenantId: query.tenantId } : {}), ...(query.type ? { type: query.type } : {}), ...(before ? { beforeId: before } : {}) });
      return { status: 200, body: page(result) };
    },
  };
}
