/**
 * Identity under concurrent writes (issue #13: a 500 on POST /tenants seen once): racing creates
 * of one tenant are one 201 and 409s, and racing key rotations leave a key that signs.
 */
import { decodeProtectedHeader } from 'jose';
import { http, startIdentity, type Started } from '../../../test/support/platform';
import { bearer, seedToken, startWithAdmin, uniqueTenantId } from './helpers';

let identity: Started;
let admin: string;
beforeAll(async () => ({ identity, admin } = await startWithAdmin()));
afterAll(() => identity.stop());

test('When 20 requests create the same tenant at once, Then one is a 201 and the others the declared 409 problem, never a 5xx', async () => {
  const id = uniqueTenantId('race');
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => http(`${identity.url}/tenants`, { method: 'POST', headers: bearer(admin), json: { id, name: `Race ${i}`, kind: 'studio' } })));
  expect(results.map((r) => r.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
  for (const r of results.filter((x) => x.status === 409)) expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const created = await http(`${identity.url}/audit-events?type=tenant.created&tenantId=${id}`, { headers: bearer(admin) });
  expect(created.body.items).toHaveLength(1);
});

test('When keys are rotated concurrently, Then once they activate a key still signs: the newest, and tokens are issued (no "none is active" 500)', async () => {
  const rotating = await startIdentity({ extra: { KEY_PUBLISH_SECONDS: '1' } });
  try {
    const rotator = await seedToken(rotating.url, 'marquee-admin');
    const rotations = await Promise.all(Array.from({ length: 4 }, () => http(`${rotating.url}/keys/rotate`, { method: 'POST', headers: bearer(rotator) })));
    expect(rotations.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const last = Math.max(...rotations.map((r) => Date.parse(r.body.activatesAt)));
    await new Promise((r) => setTimeout(r, last - Date.now() + 11_000)); // past activation and the signing key's 10 s cache
    const token = await http(`${rotating.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'northstar-demo', client_secret: 'northstar-demo-local-dev-secret' }).toString(),
    });
    expect(token.status).toBe(200);
    const newest = rotations.map((r) => r.body as { kid: string; activatesAt: string }).sort((a, b) => Date.parse(a.activatesAt) - Date.parse(b.activatesAt) || a.kid.localeCompare(b.kid)).pop()!;
    expect(decodeProtectedHeader(token.body.access_token as string).kid).toBe(newest.kid);
  } finally {
    await rotating.stop();
  }
}, 40_000);
