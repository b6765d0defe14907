/** API keys: create (shown once), list (never the secret), introspect, revoke, expire (issue #10). */
import { http, startIdentity, type Started } from '../../../test/support/platform';
import { bearer, createTenant, seedToken, startWithAdmin } from './helpers';

let identity: Started;
let admin: string;
let services: string;
beforeAll(async () => {
  ({ identity, admin } = await startWithAdmin());
  services = await seedToken(identity.url, 'marquee-services');
});
afterAll(() => identity.stop());

const introspect = (key: string, token = services) => http(`${identity.url}/api-keys/introspect`, { method: 'POST', headers: bearer(token), json: { key } });
const createKey = (body: Record<string, unknown>) => http(`${identity.url}/api-keys`, { method: 'POST', headers: bearer(admin), json: body });

describe('API key lifecycle', () => {
  it('creates a key shown once, lists it without the secret, introspects it active, and revoked it is inactive', async () => {
    const tenantId = await createTenant(identity.url, admin, 'keys');
    const created = await createKey({ tenantId, name: 'nightly-export', scopes: ['audience:read'] });
    expect(created.status).toBe(201);
    const { key, keyId } = created.body;
    expect(key).toMatch(new RegExp(`^mqk_${keyId}_[A-Za-z0-9_-]{43}$`));
    expect(created.body).toMatchObject({ tenantId, name: 'nightly-export', scopes: ['audience:read'], expiresAt: null, revokedAt: null });

    const listed = await http(`${identity.url}/api-keys?tenantId=${tenantId}`, { headers: bearer(admin) });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].keyId).toBe(keyId);
    // The secret is everything after `mqk_<keyId>_` (it may itself contain `_`).
    const secret = (key as string).slice(`mqk_${keyId}_`.length);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const active = await introspect(key);
    expect(active.status).toBe(200);
    expect(active.body).toEqual({ active: true, tenantId, subject: `apikey:${keyId}`, scopes: ['audience:read'], expiresAt: null });

    const wrongSecret = await introspect(`${key.slice(0, -4)}AAAA`);
    expect(wrongSecret.body).toEqual({ active: false });

    expect((await http(`${identity.url}/api-keys/${keyId}`, { method: 'DELETE', headers: bearer(admin) })).status).toBe(204);
    expect((await introspect(key)).body).toEqual({ active: false });
    expect((await http(`${identity.url}/api-keys/${keyId}`, { method: 'DELETE', headers: bearer(admin) })).status).toBe(204);
    const relisted = await http(`${identity.url}/api-keys?tenantId=${tenantId}`, { headers: bearer(admin) });
    expect(relisted.body.items[0].revokedAt).toEqual(expect.any(String));
  });

  it('an expired key is inactive', async () => {
    const tenantId = await createTenant(identity.url, admin, 'expiry');
    const created = await createKey({ tenantId, name: 'short-lived', scopes: ['catalog:read'], expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect(created.status).toBe(201);
    expect((await introspect(created.body.key)).body.active).toBe(true);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await introspect(created.body.key)).body).toEqual({ active: false });
  });

  it('a key with identity:admin works as X-API-Key on identity itself', async () => {
    const created = await createKey({ tenantId: 'marquee-platform', name: 'ops-script', scopes: ['identity:admin'] });
    const tenants = await http(`${identity.url}/tenants?limit=1`, { headers: { 'x-api-key': created.body.key } });
    expect(tenants.status).toBe(200);
    await http(`${identity.url}/api-keys/${created.body.keyId}`, { method: 'DELETE', headers: bearer(admin) });
    expect((await http(`${identity.url}/tenants?limit=1`, { headers: { 'x-api-key': created.body.key } })).status).toBe(401);
  });

  it('answers unknown, malformed and unknown-tenant requests precisely', async () => {
    expect((await introspect('not-a-key')).body).toEqual({ active: false });
    expect((await introspect('mqk_k0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).body).toEqual({ active: false });
    const unknownTenant = await createKey({ tenantId: 'no-such-tenant-here', name: 'x', scopes: [] });
    expect(unknownTenant.status).toBe(422);
    expect(unknownTenant.body.errors[0].pointer).toBe('/tenantId');
    const past = await createKey({ tenantId: 'northstar-cinemas', name: 'x', scopes: [], expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].pointer).toBe('/expiresAt');
    const badScope = await createKey({ tenantId: 'northstar-cinemas', name: 'x', scopes: ['not a scope'] });
    expect(badScope.status).toBe(400);
    expect(badScope.body.errors[0].pointer).toBe('/scopes/0');
    expect((await http(`${identity.url}/api-keys?tenantId=no-such-tenant-here`, { headers: bearer(admin) })).status).toBe(404);
    expect((await http(`${identity.url}/api-keys/k0000000000000000`, { method: 'DELETE', headers: bearer(admin) })).status).toBe(404);
  });
});

describe('POST /api-keys/introspect', () => {
  it('needs the identity:introspect scope', async () => {
    const demo = await seedToken(identity.url, 'northstar-demo');
    expect((await http(`${identity.url}/api-keys/introspect`, { method: 'POST', json: { key: 'x' } })).status).toBe(401);
    expect((await introspect('x', demo)).status).toBe(403);
  });

  it('is rate-limited per calling client', async () => {
    const limited = await startIdentity({ extra: { INTROSPECT_RATE_PER_MINUTE: '2' } });
    try {
      const token = await seedToken(limited.url, 'marquee-services');
      const call = () => http(`${limited.url}/api-keys/introspect`, { method: 'POST', headers: bearer(token), json: { key: 'x' } });
      const statuses = [(await call()).status, (await call()).status];
      const third = await call();
      expect([...statuses, third.status]).toEqual([200, 200, 429]);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.stop();
    }
  });
});
