/**
 * Identity's own authorization matrix, generated from its spec like test/security's for catalog
 * and audience, but with real identity credentials: every secured operation answers 401 without
 * credentials, 403 to a token lacking its scope, neither to the right scope by token and by API
 * key, 401 to that key once revoked; public operations need nothing; every declared path answers
 * an undeclared method with 405 and `Allow` (issue #10).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIR, type IROperation } from '../../../codegen/src/ir';
import type { JsonObject } from '@marquee/openapi';
import { http, startIdentity, type Started } from '../../../test/support/platform';
import { bearer, seedToken } from './helpers';

const ir = buildIR('identity', JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'generated', 'identity', 'openapi.json'), 'utf8')) as JsonObject);
const secured = ir.operations
  .filter((op) => op.security && op.security.length > 0)
  .map((op) => ({ op, id: op.operationId, scopes: [...new Set(op.security!.flatMap((alt) => alt.flatMap((s) => s.scopes)))] }));
const publicOps = ir.operations.filter((op) => op.public);

let identity: Started;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  identity = await startIdentity();
  tokens.admin = await seedToken(identity.url, 'marquee-admin', 'identity:admin');
  tokens.services = await seedToken(identity.url, 'marquee-services');
  tokens.demo = await seedToken(identity.url, 'northstar-demo');
});
afterAll(async () => {
  await identity.stop();
});

/** The token of a seeded client holding exactly what the operation needs. */
const tokenWith = (scopes: string[]) => (scopes.includes('identity:admin') ? tokens.admin! : tokens.services!);

function urlOf(op: IROperation): string {
  return identity.url + op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(op.parameters.path.find((p) => p.name === name)?.example ?? 'x')));
}

function call(op: IROperation, headers: Record<string, string>) {
  return http(urlOf(op), { method: op.method.toUpperCase(), headers, ...(op.requestBody ? { json: {} } : {}) });
}

describe('identity authorization matrix (from its spec)', () => {
  test('every operation declares security or is public; the public ones are the token endpoint and the JWKS', () => {
    for (const op of ir.operations) expect({ op: op.operationId, declared: op.security !== undefined && (op.security.length > 0 || op.public === true) }).toEqual({ op: op.operationId, declared: true });
    expect(publicOps.map((o) => o.operationId).sort()).toEqual(['getJwks', 'issueToken']);
    expect(secured.length).toBe(13);
  });

  test.each(secured)('$id: no credentials -> 401 with a Bearer challenge', async ({ op }) => {
    const res = await call(op, {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="marquee"/);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test.each(secured)('$id: a token without its scope -> 403 naming the scope', async ({ op, scopes }) => {
    const res = await call(op, bearer(tokens.demo!));
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain(scopes[0]);
    expect(res.headers.get('www-authenticate')).toContain('insufficient_scope');
  });

  test.each(secured)('$id: the right scope (token, then API key) -> neither 401 nor 403; the key revoked -> 401', async ({ op, scopes }) => {
    const byToken = await call(op, bearer(tokenWith(scopes)));
    expect([401, 403]).not.toContain(byToken.status);
    const created = await http(`${identity.url}/api-keys`, { method: 'POST', headers: bearer(tokens.admin!), json: { tenantId: 'marquee-platform', name: `matrix ${op.operationId}`, scopes } });
    expect(created.status).toBe(201);
    const byKey = await call(op, { 'x-api-key': created.body.key });
    expect([401, 403]).not.toContain(byKey.status);
    expect((await http(`${identity.url}/api-keys/${created.body.keyId}`, { method: 'DELETE', headers: bearer(tokens.admin!) })).status).toBe(204);
    expect((await call(op, { 'x-api-key': created.body.key })).status).toBe(401);
  });

  test('public operations need no credentials', async () => {
    expect((await http(`${identity.url}/.well-known/jwks.json`)).status).toBe(200);
    expect((await http(`${identity.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).status).toBe(401); // invalid_client, not a Bearer challenge
  });
});

describe('405 with Allow on every declared path of identity', () => {
  const byPath = new Map<string, IROperation[]>();
  for (const op of ir.operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  const paths = [...byPath.entries()].map(([path, ops]) => ({ path, ops }));

  test.each(paths)('$path: an undeclared method -> 405 with Allow listing the declared ones', async ({ ops }) => {
    const declared = ops.map((o) => o.method.toUpperCase());
    const method = ['PUT', 'PATCH', 'DELETE', 'POST'].find((m) => !declared.includes(m))!;
    const res = await http(urlOf(ops[0]!), { method, headers: bearer(tokens.admin!) });
    expect(res.status).toBe(405);
    expect((res.headers.get('allow') ?? '').split(/,\s*/).sort()).toEqual([...declared].sort());
  });

  test('a method declared by an overlapping path is not a 405: POST /api-keys/introspect next to DELETE /api-keys/{keyId}', async () => {
    const res = await http(`${identity.url}/api-keys/introspect`, { method: 'POST', headers: bearer(tokens.services!), json: { key: 'x' } });
    expect(res.status).toBe(200);
    expect((await http(`${identity.url}/api-keys/k0123456789abcdef`, { method: 'POST', headers: bearer(tokens.admin!), json: {} })).status).toBe(405);
  });
});
