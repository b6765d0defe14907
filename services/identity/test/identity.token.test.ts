/** The OAuth2 client-credentials endpoint, JWKS and key rotation over real MariaDB (issue #10). */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { Knex } from '@marquee/runtime';
import { http, startIdentity, type Started } from '../../../test/support/platform';
import { DEV_KEY_ENCRYPTION_SECRET } from '../src/config';
import { KeyEncryption } from '../src/domain/key-encryption';
import { bearer, seedClient, seedToken, tokenRequest } from './helpers';

let identity: Started;
beforeAll(async () => {
  identity = await startIdentity();
});
afterAll(async () => {
  await identity.stop();
});

const demo = seedClient('northstar-demo');
const verifyAgainstJwks = (token: string) =>
  jwtVerify(token, createRemoteJWKSet(new URL(`${identity.url}/.well-known/jwks.json`)), { issuer: 'marquee-identity', audience: 'marquee', algorithms: ['ES256'] });

describe('POST /oauth/token', () => {
  it('issues an ES256 JWT whose claims verify against the JWKS', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await tokenRequest(identity.url, { grant_type: 'client_credentials', client_id: demo.clientId, client_secret: demo.secret, scope: 'audience:read catalog:read' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'audience:read catalog:read' });
    const { payload, protectedHeader } = await verifyAgainstJwks(response.body.access_token);
    expect(protectedHeader.alg).toBe('ES256');
    expect(typeof protectedHeader.kid).toBe('string');
    expect(payload).toMatchObject({ iss: 'marquee-identity', aud: 'marquee', sub: 'northstar-demo', client_id: 'northstar-demo', tenant: 'northstar-cinemas', scope: 'audience:read catalog:read' });
    expect(typeof payload.jti).toBe('string');
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp).toBe(payload.iat! + 900);
    expect(payload.kind).toBeUndefined();
  });

  it('marks tokens of the platform tenant clients as service identities (kind: service)', async () => {
    const services = seedClient('marquee-services');
    const response = await tokenRequest(identity.url, { grant_type: 'client_credentials' }, { id: services.clientId, secret: services.secret });
    const { payload } = await verifyAgainstJwks(response.body.access_token);
    expect(payload).toMatchObject({ kind: 'service', tenant: 'marquee-platform', scope: services.allowedScopes.join(' ') });
  });

  it('accepts HTTP Basic client authentication and grants every allowed scope when none is asked for', async () => {
    const response = await tokenRequest(identity.url, { grant_type: 'client_credentials' }, { id: demo.clientId, secret: demo.secret });
    expect(response.status).toBe(200);
    expect(response.body.scope.split(' ').sort()).toEqual([...demo.allowedScopes].sort());
  });

  it('answers 401 invalid_client with WWW-Authenticate for a wrong secret or an unknown client', async () => {
    for (const [id, secret] of [[demo.clientId, 'not-the-secret'], ['no-such-client', 'whatever']] as const) {
      const response = await tokenRequest(identity.url, { grant_type: 'client_credentials' }, { id, secret });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    }
    const noAuth = await tokenRequest(identity.url, { grant_type: 'client_credentials' });
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.error).toBe('invalid_client');
  });

  it('answers 400 unsupported_grant_type for another grant and invalid_request without one', async () => {
    const password = await tokenRequest(identity.url, { grant_type: 'password', client_id: demo.clientId, client_secret: demo.secret });
    expect(password.status).toBe(400);
    expect(password.body.error).toBe('unsupported_grant_type');
    const missing = await tokenRequest(identity.url, { client_id: demo.clientId, client_secret: demo.secret });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
  });

  it('refuses scopes beyond the client allowed set with invalid_scope', async () => {
    const response = await tokenRequest(identity.url, { grant_type: 'client_credentials', client_id: demo.clientId, client_secret: demo.secret, scope: 'audience:read identity:admin' });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_scope');
    expect(response.body.error_description).toContain('identity:admin');
  });

  it('refuses two client authentication methods at once', async () => {
    const response = await tokenRequest(identity.url, { grant_type: 'client_credentials', client_secret: demo.secret }, { id: demo.clientId, secret: demo.secret });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
  });

  it('answers 415 problem+json for a JSON body', async () => {
    const response = await http(`${identity.url}/oauth/token`, { method: 'POST', json: { grant_type: 'client_credentials' } });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('is public, cacheable and holds only public EC keys', async () => {
    const response = await http(`${identity.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.body.keys.length).toBeGreaterThan(0);
    for (const key of response.body.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key.d).toBeUndefined();
    }
  });
});

describe('POST /keys/rotate', () => {
  it('publishes the new key first, signs with it from activatesAt on, and tokens of the old key still verify', async () => {
    const rotating = await startIdentity({ extra: { KEY_PUBLISH_SECONDS: '1' } });
    try {
      const admin = await seedToken(rotating.url, 'marquee-admin');
      const oldToken = await seedToken(rotating.url, 'northstar-demo');
      const oldKid = decodeProtectedHeader(oldToken).kid;

      const rotated = await http(`${rotating.url}/keys/rotate`, { method: 'POST', headers: bearer(admin) });
      expect(rotated.status).toBe(201);
      expect(rotated.body).toMatchObject({ alg: 'ES256', active: false });
      expect(rotated.body.kid).not.toBe(oldKid);
      expect(Date.parse(rotated.body.activatesAt) - Date.parse(rotated.body.createdAt)).toBe(1000);

      // Published at once, not signing yet.
      const published = await http(`${rotating.url}/.well-known/jwks.json`);
      expect(published.body.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotated.body.kid]));
      expect(decodeProtectedHeader(await seedToken(rotating.url, 'northstar-demo')).kid).toBe(oldKid);

      await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(rotated.body.activatesAt) - Date.now()) + 50));
      const newToken = await seedToken(rotating.url, 'northstar-demo');
      expect(decodeProtectedHeader(newToken).kid).toBe(rotated.body.kid);
      const jwks = createRemoteJWKSet(new URL(`${rotating.url}/.well-known/jwks.json`));
      const verify = (token: string) => jwtVerify(token, jwks, { issuer: 'marquee-identity', audience: 'marquee', algorithms: ['ES256'] });
      await expect(verify(oldToken)).resolves.toBeDefined();
      await expect(verify(newToken)).resolves.toBeDefined();
      // The admin token was signed by the old key too: identity itself still accepts it.
      expect((await http(`${rotating.url}/tenants?limit=1`, { headers: bearer(admin) })).status).toBe(200);
      const audit = await http(`${rotating.url}/audit-events?type=key.rotated&limit=5`, { headers: bearer(admin) });
      expect(audit.body.items.map((e: { target: string }) => e.target)).toContain(rotated.body.kid);
    } finally {
      await rotating.stop();
    }
  });

  it('needs identity:admin', async () => {
    const demoToken = await seedToken(identity.url, 'northstar-demo');
    expect((await http(`${identity.url}/keys/rotate`, { method: 'POST' })).status).toBe(401);
    const forbidden = await http(`${identity.url}/keys/rotate`, { method: 'POST', headers: bearer(demoToken) });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client exceeds its token requests per minute', async () => {
    const limited = await startIdentity({ extra: { TOKEN_RATE_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 4; i += 1) {
        last = await tokenRequest(limited.url, { grant_type: 'client_credentials' }, { id: demo.clientId, secret: demo.secret });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(last!.headers.get('content-type')).toMatch(/application\/problem\+json/);
      // Another client has its own bucket.
      const other = seedClient('marquee-services');
      expect((await tokenRequest(limited.url, { grant_type: 'client_credentials' }, { id: other.clientId, secret: other.secret })).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});

describe('signing keys at rest', () => {
  it('stores private keys only encrypted under KEY_ENCRYPTION_SECRET', async () => {
    await seedToken(identity.url, 'northstar-demo'); // makes the first key if the database has none
    const db = (identity as Started & { service: { db: Knex } }).service.db;
    const rows = (await db('signing_keys').select('public_jwk', 'private_jwk_encrypted')) as { public_jwk: string; private_jwk_encrypted: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.private_jwk_encrypted).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(row.private_jwk_encrypted).not.toContain('"d"');
      expect(typeof row.public_jwk === 'string' ? JSON.parse(row.public_jwk) : row.public_jwk).not.toHaveProperty('d');
    }
    const newest = rows[rows.length - 1]!.private_jwk_encrypted;
    expect(JSON.parse(new KeyEncryption(DEV_KEY_ENCRYPTION_SECRET).decrypt(newest))).toHaveProperty('d');
    expect(() => new KeyEncryption('another-secret').decrypt(newest)).toThrow();
  });
});
