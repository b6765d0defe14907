/**
 * Regressions for what fuzzing identity with Schemathesis found (issue #13,
 * scripts/reliability/fuzz.ts): each answer must be one the spec declares, in the media type it declares.
 */
import { http, startIdentity, type Started } from '../../../test/support/platform';
import { bearer, seedToken } from './helpers';

let identity: Started;
let admin: string;
beforeAll(async () => {
  identity = await startIdentity();
  admin = await seedToken(identity.url, 'marquee-admin', 'identity:admin');
});
afterAll(async () => {
  await identity.stop();
});

test('DELETE /api-keys/introspect: the concrete path wins, so it is a 405 with Allow: POST (not a revocation of key "introspect")', async () => {
  const res = await http(`${identity.url}/api-keys/introspect`, { method: 'DELETE', headers: bearer(admin) });
  expect(res.status).toBe(405);
  expect(res.headers.get('allow')).toBe('POST');
  expect(res.headers.get('content-type')).toContain('application/problem+json');
});

test('a token request with an over-long Authorization header is a RFC 6749 invalid_request in application/json, not problem+json', async () => {
  const res = await http(`${identity.url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${'A'.repeat(2000)}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body.error).toBe('invalid_request');
});

test('creating a client whose id exists is the declared 409 problem', async () => {
  const tenant = `fuzz-${Date.now().toString(36)}`;
  expect((await http(`${identity.url}/tenants`, { method: 'POST', headers: bearer(admin), json: { id: tenant, name: 'Fuzz regressions', kind: 'exhibitor' } })).status).toBe(201);
  const client = { clientId: `${tenant}-app`, name: 'App', allowedScopes: ['catalog:read'] };
  expect((await http(`${identity.url}/tenants/${tenant}/clients`, { method: 'POST', headers: bearer(admin), json: client })).status).toBe(201);
  const again = await http(`${identity.url}/tenants/${tenant}/clients`, { method: 'POST', headers: bearer(admin), json: client });
  expect(again.status).toBe(409);
  expect(again.headers.get('content-type')).toContain('application/problem+json');
});

test.each(['bearer', 'apiKey'] as const)('POST /tenants without a body or Content-Type (%s) is a 4xx problem, not a 500', async (kind) => {
  let headers: Record<string, string> = bearer(admin);
  if (kind === 'apiKey') {
    const created = await http(`${identity.url}/api-keys`, { method: 'POST', headers, json: { tenantId: 'marquee-platform', name: 'fuzz regression', scopes: ['identity:admin'] } });
    headers = { 'x-api-key': created.body.key as string };
  }
  const res = await http(`${identity.url}/tenants`, { method: 'POST', headers });
  expect([400, 415]).toContain(res.status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(JSON.stringify(res.body)).not.toContain('undefined');
});
