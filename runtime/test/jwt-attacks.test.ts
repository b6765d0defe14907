/**
 * The runtime authenticator against forged and broken tokens: every attack answers 401 with an
 * RFC 6750 challenge, and a rotated signing key is picked up with one JWKS refetch and no
 * failed request.
 */
import { createHmac } from 'node:crypto';
import { SignJWT, exportSPKI, generateKeyPair, importJWK } from 'jose';
import { UnauthorizedError, type Authenticator } from '@marquee/runtime';
import { startTestIdentity, type TestIdentity } from '../../test/support/test-identity';

let identity: TestIdentity;
let auth: Authenticator;

beforeAll(async () => {
  identity = await startTestIdentity();
  auth = identity.authenticator({ jwksCooldownMs: 0 });
});
afterAll(() => identity.close());

const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function rejected(token: string): Promise<UnauthorizedError> {
  const err = await auth.authenticate(bearer(token)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnauthorizedError);
  const e = err as UnauthorizedError;
  expect(e.status).toBe(401);
  expect(e.headers['www-authenticate']).toMatch(/^Bearer realm="marquee", error="invalid_(token|request)"/);
  return e;
}

describe('JWT attacks on the runtime authenticator', () => {
  test('Given a valid token, Then the principal carries tenant, subject, scopes and kind', async () => {
    const token = await identity.mint({ tenant: 'aurora', scopes: ['catalog:read', 'audience:read'], clientId: 'c-1' });
    expect(await auth.authenticate(bearer(token))).toEqual({
      credential: 'bearer',
      principal: { tenantId: 'aurora', subject: 'c-1', clientId: 'c-1', scopes: ['catalog:read', 'audience:read'], kind: 'client' },
    });
  });

  test('alg none (unsigned) -> 401', async () => {
    const header = b64({ alg: 'none', typ: 'JWT', kid: identity.current().kid });
    const now = Math.floor(Date.now() / 1000);
    const payload = b64({ iss: 'marquee-identity', aud: 'marquee', sub: 'x', tenant: 'aurora', scope: 'catalog:write', exp: now + 300 });
    await rejected(`${header}.${payload}.`);
  });

  test('HS256 signed with the public key (algorithm confusion) -> 401', async () => {
    const { kid, publicJwk } = identity.current();
    const pem = await exportSPKI((await importJWK(publicJwk, 'ES256')) as CryptoKey);
    const now = Math.floor(Date.now() / 1000);
    const signingInput = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64({ iss: 'marquee-identity', aud: 'marquee', sub: 'x', tenant: 'aurora', scope: 'catalog:write', exp: now + 300 })}`;
    for (const secret of [pem, JSON.stringify(publicJwk)]) {
      const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
      await rejected(`${signingInput}.${signature}`);
    }
  });

  test('signed by another key under a published kid -> 401', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ tenant: 'aurora', scope: 'catalog:write' })
      .setProtectedHeader({ alg: 'ES256', kid: identity.current().kid })
      .setIssuer('marquee-identity')
      .setAudience('marquee')
      .setSubject('x')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await rejected(forged)).message).toMatch(/signature/);
  });

  test('signed by another key under an unknown kid -> 401', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ tenant: 'aurora' }).setProtectedHeader({ alg: 'ES256', kid: 'attacker' }).setIssuer('marquee-identity').setAudience('marquee').setSubject('x').setExpirationTime('5m').sign(privateKey);
    await rejected(forged);
  });

  test.each([
    ['expired (beyond the clock tolerance)', { expiresIn: -60 }, /expired/],
    ['not yet valid (nbf in the future)', { notBefore: 120 }, /not valid/],
    ['for another audience', { audience: 'someone-else' }, /not valid/],
    ['from another issuer', { issuer: 'evil-identity' }, /not valid/],
    ['without a tenant', { extra: { tenant: undefined } }, /tenant/],
  ])('%s -> 401', async (_name, options, message) => {
    expect((await rejected(await identity.mint(options))).message).toMatch(message);
  });

  test('tampered payload (scope widened after signing) -> 401', async () => {
    const token = await identity.mint({ tenant: 'aurora', scopes: ['catalog:read'] });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    await rejected(`${header}.${b64({ ...claims, scope: 'catalog:read catalog:write identity:admin' })}.${signature}`);
    await rejected(`${header}.${b64({ ...claims, tenant: 'borealis' })}.${signature}`);
  });

  test.each([['garbage'], ['a.b'], ['a.b.c.d.e']])('malformed token %s -> 401', async (token) => {
    await rejected(token);
  });

  test('a non-Bearer Authorization scheme, or both credentials at once -> 401 invalid_request', async () => {
    const basic = await auth.authenticate({ authorization: 'Basic dXNlcjpwYXNz' }).catch((e: unknown) => e);
    expect(basic).toMatchObject({ status: 401, headers: { 'www-authenticate': expect.stringContaining('invalid_request') } });
    const both = await auth.authenticate({ ...bearer(await identity.mint()), 'x-api-key': 'mqk_a_b' }).catch((e: unknown) => e);
    expect(both).toMatchObject({ status: 401 });
  });

  test('no credentials -> undefined (the stub decides: 401 for secured operations)', async () => {
    expect(await auth.authenticate({})).toBeUndefined();
  });
});

describe('identity unreachable', () => {
  test('Given the JWKS cannot be fetched, Then 503 with Retry-After (the service\'s problem), not 401', async () => {
    const gone = await startTestIdentity();
    const token = await gone.mint();
    const verifier = gone.authenticator({ jwksTimeoutMs: 1000 });
    await gone.close();
    const err = await verifier.authenticate(bearer(token)).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503, retryAfter: 5, dependency: 'identity' });
  });
});

describe('key rotation', () => {
  test('Given tokens signed by a new key, Then the unknown kid triggers exactly one JWKS refetch and no request fails', async () => {
    const rotating = await startTestIdentity();
    try {
      const verifier = rotating.authenticator({ jwksCooldownMs: 0 });
      await verifier.authenticate(bearer(await rotating.mint({ tenant: 'aurora' })));
      await verifier.authenticate(bearer(await rotating.mint({ tenant: 'aurora' })));
      expect(rotating.jwksFetches()).toBe(1); // cached
      const oldToken = await rotating.mint({ tenant: 'aurora' });
      await rotating.rotate();
      const newToken = await rotating.mint({ tenant: 'aurora' });
      const results = await Promise.all([verifier.authenticate(bearer(newToken)), verifier.authenticate(bearer(oldToken)), verifier.authenticate(bearer(newToken))]);
      expect(results.map((r) => r?.principal.tenantId)).toEqual(['aurora', 'aurora', 'aurora']);
      expect(rotating.jwksFetches()).toBe(2);
      await verifier.authenticate(bearer(await rotating.mint({ tenant: 'aurora' })));
      expect(rotating.jwksFetches()).toBe(2);
    } finally {
      await rotating.close();
    }
  });

  test('Given the default cooldown, Then a flood of unknown kids does not refetch the JWKS each time', async () => {
    const flooded = await startTestIdentity();
    try {
      const verifier = flooded.authenticator();
      await verifier.authenticate(bearer(await flooded.mint()));
      const { privateKey } = await generateKeyPair('ES256');
      for (let i = 0; i < 5; i++) {
        const forged = await new SignJWT({ tenant: 'aurora' }).setProtectedHeader({ alg: 'ES256', kid: `junk-${i}` }).setIssuer('marquee-identity').setAudience('marquee').setSubject('x').setExpirationTime('5m').sign(privateKey);
        await verifier.authenticate(bearer(forged)).catch(() => undefined);
      }
      expect(flooded.jwksFetches()).toBe(1);
    } finally {
      await flooded.close();
    }
  });
});
