/**
 * API keys through the default introspector: a real HTTP endpoint standing in for identity's
 * POST /api-keys/introspect (called with the service's own bearer token), answers cached briefly
 * and never past the key's expiry; and the OAuth2 client-credentials token provider.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientCredentialsToken, createApiKeyVerifier, createAuthenticator, httpIntrospector, serviceCredentials, type IntrospectionResult } from '@marquee/runtime';

interface Seen {
  path: string;
  authorization: string | undefined;
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
const keys = new Map<string, IntrospectionResult>();

async function read(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void read(req).then((body) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      if (req.url === '/api-keys/introspect') {
        if (req.headers.authorization !== 'Bearer service-token') {
          res.writeHead(401).end();
          return;
        }
        const { key } = JSON.parse(body) as { key: string };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keys.get(key) ?? { active: false }));
        return;
      }
      if (req.url === '/oauth/token') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `tok-${seen.length}`, token_type: 'Bearer', expires_in: 300 }));
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
});

const KEY = 'mqk_k1_s3cr3tSecretSecret';

describe('API keys', () => {
  test('Given an active key, Then the principal is the key\'s tenant and scopes, and repeated calls hit identity once', async () => {
    keys.set(KEY, { active: true, tenantId: 'aurora', subject: 'key-k1', scopes: ['catalog:read'], expiresAt: null });
    const auth = createAuthenticator({ keys: () => Promise.reject(new Error('no JWTs here')), identityUrl: base, serviceToken: () => 'service-token' });
    for (let i = 0; i < 3; i++) {
      expect(await auth.authenticate({ 'x-api-key': KEY })).toEqual({ credential: 'apiKey', principal: { tenantId: 'aurora', subject: 'key-k1', scopes: ['catalog:read'], kind: 'apiKey' } });
    }
    expect(seen).toEqual([{ path: '/api-keys/introspect', authorization: 'Bearer service-token', body: JSON.stringify({ key: KEY }) }]);
  });

  test('Given a revoked key, Then 401 once the short cache expires', async () => {
    let now = 1_000_000;
    keys.set(KEY, { active: true, tenantId: 'aurora', subject: 'key-k1', scopes: [], expiresAt: null });
    const verify = createApiKeyVerifier(httpIntrospector({ identityUrl: base, serviceToken: () => 'service-token' }), { cacheMs: 5000, now: () => now });
    await expect(verify(KEY)).resolves.toMatchObject({ tenantId: 'aurora' });
    keys.set(KEY, { active: false });
    now += 5001;
    await expect(verify(KEY)).rejects.toMatchObject({ status: 401 });
  });

  test('Given a key that expires in 1 s, Then the cached answer is not used past its expiry', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    keys.set(KEY, { active: true, tenantId: 'aurora', subject: 'key-k1', scopes: [], expiresAt: new Date(now + 1000).toISOString() });
    const verify = createApiKeyVerifier(httpIntrospector({ identityUrl: base, serviceToken: () => 'service-token' }), { cacheMs: 60_000, now: () => now });
    await expect(verify(KEY)).resolves.toMatchObject({ tenantId: 'aurora' });
    now += 1500;
    await expect(verify(KEY)).rejects.toMatchObject({ status: 401 });
  });

  test.each([['not-a-key'], ['mqk_only-one-part'], ['mqk_a_b c']])('Given a malformed key %s, Then 401 without asking identity', async (key) => {
    const verify = createApiKeyVerifier(httpIntrospector({ identityUrl: base, serviceToken: () => 'service-token' }));
    await expect(verify(key)).rejects.toMatchObject({ status: 401 });
    expect(seen).toEqual([]);
  });

  test('Given identity refuses the service token, Then 503 (our problem, not the caller\'s)', async () => {
    const verify = createApiKeyVerifier(httpIntrospector({ identityUrl: base, serviceToken: () => 'wrong' }));
    await expect(verify(KEY)).rejects.toMatchObject({ status: 503 });
  });

  test('Given a service without introspection, Then an API key is refused with 401', async () => {
    const auth = createAuthenticator({ keys: () => Promise.reject(new Error('unused')) });
    await expect(auth.authenticate({ 'x-api-key': KEY })).rejects.toMatchObject({ status: 401 });
  });
});

describe('client-credentials token provider', () => {
  test('Then one token is fetched with Basic client auth and reused by concurrent and later callers', async () => {
    const token = clientCredentialsToken({ tokenUrl: `${base}/oauth/token`, clientId: 'audience', clientSecret: 's3cret', scope: 'identity:introspect' });
    const [a, b] = await Promise.all([token(), token()]);
    expect(a).toBe(b);
    expect(await token()).toBe(a);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from('audience:s3cret').toString('base64')}`);
    expect(new URLSearchParams(seen[0]!.body).get('grant_type')).toBe('client_credentials');
  });

  test('Given SERVICE_CLIENT_ID/SECRET, Then serviceCredentials forwards callers first and otherwise uses the service\'s own token; without them, forwarding only', async () => {
    const settings = { IDENTITY_URL: base, AUTH_JWKS_URL: undefined, SERVICE_CLIENT_ID: 'enricher', SERVICE_CLIENT_SECRET: 's', RATE_LIMIT_PER_SECOND: 0, RATE_LIMIT_BURST: 1 };
    const creds = serviceCredentials(settings, 'catalog:read');
    expect(creds.forwardCaller).toBe(true);
    expect(await creds.token!()).toMatch(/^tok-/);
    expect(new URLSearchParams(seen[0]!.body).get('scope')).toBe('catalog:read');
    expect(serviceCredentials({ ...settings, SERVICE_CLIENT_ID: undefined }, 'catalog:read')).toEqual({ forwardCaller: true });
  });
});
