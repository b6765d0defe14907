/**
 * Identity and catalog together over HTTP, as `make up` runs them: catalog's generated stub
 * verifies identity's tokens through identity's JWKS and checks API keys with identity's
 * introspection, using the seeded service client; a key rotation fails no request (issue #10).
 */
import { createServiceAuthenticator } from '@marquee/runtime';
import { http, startCatalog, startIdentity, type Started } from '../../../test/support/platform';
import { bearer, seedClient, seedToken } from './helpers';

let identity: Started;
let catalog: Started;
beforeAll(async () => {
  identity = await startIdentity({ extra: { KEY_PUBLISH_SECONDS: '2', TOKEN_RATE_PER_MINUTE: '100000' } });
  const services = seedClient('marquee-services');
  const auth = createServiceAuthenticator(
    { IDENTITY_URL: identity.url, AUTH_JWKS_URL: `${identity.url}/.well-known/jwks.json`, SERVICE_CLIENT_ID: services.clientId, SERVICE_CLIENT_SECRET: services.secret, RATE_LIMIT_PER_SECOND: 0, RATE_LIMIT_BURST: 1 },
    { apiKeyCacheMs: 0, jwksCooldownMs: 1000 },
  );
  catalog = await startCatalog({ auth });
}, 60_000);
afterAll(async () => {
  await catalog.stop();
  await identity.stop();
});

it('a token from identity reads the catalog; one without catalog:read is refused', async () => {
  const films = await http(`${catalog.url}/films?limit=1`, { headers: bearer(await seedToken(identity.url, 'northstar-demo')) });
  expect(films.status).toBe(200);
  const audienceOnly = await http(`${catalog.url}/films?limit=1`, { headers: bearer(await seedToken(identity.url, 'northstar-demo', 'audience:read')) });
  expect(audienceOnly.status).toBe(403);
});

it('an API key from identity works on catalog until it is revoked', async () => {
  const admin = await seedToken(identity.url, 'marquee-admin');
  const created = await http(`${identity.url}/api-keys`, { method: 'POST', headers: bearer(admin), json: { tenantId: 'northstar-cinemas', name: 'catalog-e2e', scopes: ['catalog:read'] } });
  expect((await http(`${catalog.url}/films?limit=1`, { headers: { 'x-api-key': created.body.key } })).status).toBe(200);
  await http(`${identity.url}/api-keys/${created.body.keyId}`, { method: 'DELETE', headers: bearer(admin) });
  expect((await http(`${catalog.url}/films?limit=1`, { headers: { 'x-api-key': created.body.key } })).status).toBe(401);
});

it('a key rotation fails no request: catalog knows the new key before its first token', async () => {
  const admin = await seedToken(identity.url, 'marquee-admin');
  const statuses: number[] = [];
  const kids = new Set<string>();
  const call = async () => {
    const token = await seedToken(identity.url, 'northstar-demo', 'catalog:read');
    kids.add(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid);
    statuses.push((await http(`${catalog.url}/films?limit=1`, { headers: bearer(token) })).status);
  };
  await call(); // catalog has fetched the JWKS (old key only)
  const rotated = await http(`${identity.url}/keys/rotate`, { method: 'POST', headers: bearer(admin) });
  expect(rotated.status).toBe(201);
  const until = Date.parse(rotated.body.activatesAt) + 1500;
  while (Date.now() < until) {
    await call();
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(kids.size).toBe(2);
  expect(kids.has(rotated.body.kid)).toBe(true);
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
});
