/** Tenant administration, users, clients, the audit log, and 401/403 on identity's own endpoints (issue #10). */
import { http, type Started } from '../../../test/support/platform';
import { bearer, createTenant, seedToken, startWithAdmin, tokenFor, uniqueTenantId } from './helpers';

let identity: Started;
let admin: string;
beforeAll(async () => ({ identity, admin } = await startWithAdmin()));
afterAll(() => identity.stop());

describe('tenants', () => {
  it('creates, gets and lists tenants; a taken id is 409', async () => {
    const id = uniqueTenantId('studio');
    const created = await http(`${identity.url}/tenants`, { method: 'POST', headers: bearer(admin), json: { id, name: 'Lumen Studios', kind: 'studio' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/tenants/${id}`);
    expect((await http(`${identity.url}/tenants/${id}`, { headers: bearer(admin) })).body).toMatchObject({ id, name: 'Lumen Studios', kind: 'studio' });
    const again = await http(`${identity.url}/tenants`, { method: 'POST', headers: bearer(admin), json: { id, name: 'Other', kind: 'studio' } });
    expect(again.status).toBe(409);
    const studios = await http(`${identity.url}/tenants?kind=studio&limit=100`, { headers: bearer(admin) });
    expect(studios.body.items.map((t: { id: string }) => t.id)).toContain(id);
    expect(studios.body.items.every((t: { kind: string }) => t.kind === 'studio')).toBe(true);
  });

  it('paginates with a cursor', async () => {
    const first = await http(`${identity.url}/tenants?limit=1`, { headers: bearer(admin) });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await http(`${identity.url}/tenants?limit=1&cursor=${first.body.nextCursor}`, { headers: bearer(admin) });
    expect(second.body.items[0].id > first.body.items[0].id).toBe(true);
  });

  it('tells an unknown tenant (404) from an empty one (200, empty list)', async () => {
    const empty = await createTenant(identity.url, admin, 'empty');
    for (const what of ['clients', 'users']) {
      const listed = await http(`${identity.url}/tenants/${empty}/${what}`, { headers: bearer(admin) });
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({ items: [], nextCursor: null });
      const unknown = await http(`${identity.url}/tenants/no-such-tenant-0/${what}`, { headers: bearer(admin) });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect((await http(`${identity.url}/tenants/no-such-tenant-0`, { headers: bearer(admin) })).status).toBe(404);
  });

  it('names the field of bad input', async () => {
    const bad = await http(`${identity.url}/tenants`, { method: 'POST', headers: bearer(admin), json: { id: 'Bad Id!', name: 'x', kind: 'cinema' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/id', '/kind']);
  });
});

describe('clients and users', () => {
  it('creates a client whose secret (shown once) gets tokens for its tenant and allowed scopes only', async () => {
    const tenantId = await createTenant(identity.url, admin, 'dist', 'distributor');
    const created = await http(`${identity.url}/tenants/${tenantId}/clients`, { method: 'POST', headers: bearer(admin), json: { name: 'Reporting', allowedScopes: ['audience:read'] } });
    expect(created.status).toBe(201);
    const { clientId, clientSecret } = created.body;
    expect(clientSecret).toMatch(/^mqs_/);
    const listed = await http(`${identity.url}/tenants/${tenantId}/clients`, { headers: bearer(admin) });
    expect(listed.body.items).toEqual([{ clientId, tenantId, name: 'Reporting', allowedScopes: ['audience:read'], createdAt: expect.any(String) }]);
    const token = await tokenFor(identity.url, clientId, clientSecret);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ tenant: tenantId, scope: 'audience:read', client_id: clientId });
  });

  it('creates users, a repeated email in the tenant is 409', async () => {
    const tenantId = await createTenant(identity.url, admin, 'users');
    const body = { email: 'ana@example.com', name: 'Ana' };
    expect((await http(`${identity.url}/tenants/${tenantId}/users`, { method: 'POST', headers: bearer(admin), json: body })).status).toBe(201);
    expect((await http(`${identity.url}/tenants/${tenantId}/users`, { method: 'POST', headers: bearer(admin), json: body })).status).toBe(409);
    const users = await http(`${identity.url}/tenants/${tenantId}/users`, { headers: bearer(admin) });
    expect(users.body.items).toHaveLength(1);
  });
});

describe('authentication of identity own endpoints', () => {
  it('401 without or with bad credentials, 403 without the scope', async () => {
    const none = await http(`${identity.url}/tenants`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const garbage = await http(`${identity.url}/tenants`, { headers: bearer('not.a.jwt') });
    expect(garbage.status).toBe(401);
    const tampered = admin.replace(/\.([^.]+)\./, (_, p: string) => `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), tenant: 'x' })).toString('base64url')}.`);
    expect((await http(`${identity.url}/tenants`, { headers: bearer(tampered) })).status).toBe(401);
    const demo = await seedToken(identity.url, 'northstar-demo');
    const forbidden = await http(`${identity.url}/tenants`, { headers: bearer(demo) });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.detail).toContain('identity:admin');
  });
});

describe('GET /audit-events', () => {
  it('records tokens issued, clients created, keys created and revoked, and access denied; newest first, paginated', async () => {
    const tenantId = await createTenant(identity.url, admin, 'audit');
    const client = await http(`${identity.url}/tenants/${tenantId}/clients`, { method: 'POST', headers: bearer(admin), json: { name: 'c', allowedScopes: ['catalog:read'] } });
    const token = await tokenFor(identity.url, client.body.clientId, client.body.clientSecret);
    const key = await http(`${identity.url}/api-keys`, { method: 'POST', headers: bearer(admin), json: { tenantId, name: 'k', scopes: ['catalog:read'] } });
    await http(`${identity.url}/api-keys/${key.body.keyId}`, { method: 'DELETE', headers: bearer(admin) });
    await http(`${identity.url}/tenants`, { headers: bearer(token) }); // 403, audited

    const events = await http(`${identity.url}/audit-events?tenantId=${tenantId}&limit=100`, { headers: bearer(admin) });
    expect(events.status).toBe(200);
    const types = events.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(['access.denied', 'apikey.revoked', 'apikey.created', 'token.issued', 'client.created', 'tenant.created']);
    expect(events.body.items[0]).toMatchObject({ actor: client.body.clientId, target: 'GET /tenants' });
    expect(events.body.items[1]).toMatchObject({ actor: 'marquee-admin', target: key.body.keyId });

    const page1 = await http(`${identity.url}/audit-events?tenantId=${tenantId}&limit=4`, { headers: bearer(admin) });
    const page2 = await http(`${identity.url}/audit-events?tenantId=${tenantId}&limit=4&cursor=${page1.body.nextCursor}`, { headers: bearer(admin) });
    expect([...page1.body.items, ...page2.body.items].map((e: { id: string }) => e.id)).toEqual(events.body.items.map((e: { id: string }) => e.id));
    expect(page2.body.nextCursor).toBeNull();
    const issued = await http(`${identity.url}/audit-events?tenantId=${tenantId}&type=token.issued`, { headers: bearer(admin) });
    expect(issued.body.items).toHaveLength(1);
  });
});
