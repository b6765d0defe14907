/**
 * A stand-in identity for tests: an ES256 key pair generated per run with jose, its JWKS served
 * on port 0 (fetches counted, so tests can see caching and refetch on rotation), and a minting
 * helper for tokens with any tenant, scopes and claims. Tests need not run the identity service.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { createAuthenticator, type Authenticator, type AuthenticatorOptions, type IntrospectionResult } from '@marquee/runtime';

export const ISSUER = 'marquee-identity';
export const AUDIENCE = 'marquee';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface MintOptions {
  tenant?: string;
  scopes?: string[];
  subject?: string;
  clientId?: string;
  /** Seconds from now; negative for an expired token. Default 300. */
  expiresIn?: number;
  notBefore?: number;
  issuer?: string;
  audience?: string;
  kid?: string;
  extra?: Record<string, unknown>;
}

export interface TestIdentity {
  jwksUrl: string;
  /** How many times the JWKS has been fetched. */
  jwksFetches(): number;
  mint(options?: MintOptions): Promise<string>;
  /** `Authorization: Bearer <token>` for the given tenant and scopes. */
  bearer(tenant: string, scopes: string[]): Promise<Record<string, string>>;
  /** Adds a new signing key to the JWKS and signs with it from now on (the old one stays published). */
  rotate(): Promise<string>;
  /** The current key's public JWK and private key, for attack tests. */
  current(): SigningKey;
  /** Issues an API key (`mqk_<keyId>_<secret>`) for the tenant and scopes; revoke() makes it inactive. */
  issueApiKey(tenant: string, scopes: string[]): { key: string; revoke(): void };
  /** Answers like identity's POST /api-keys/introspect, from the keys issued above. */
  introspect(key: string): Promise<IntrospectionResult>;
  /** The runtime authenticator against this identity's JWKS and API keys. */
  authenticator(options?: Partial<AuthenticatorOptions>): Authenticator;
  close(): Promise<void>;
}

async function newKey(n: number): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `test-key-${n}-${Date.now().toString(36)}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/** `unref`: the JWKS server does not keep the process alive (for a per-file shared identity never closed). */
export async function startTestIdentity(options: { unref?: boolean } = {}): Promise<TestIdentity> {
  const keys: SigningKey[] = [await newKey(1)];
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (options.unref) {
    server.unref();
  }
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  const current = () => keys[keys.length - 1]!;
  const mint = async (o: MintOptions = {}) => {
    const key = current();
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ tenant: o.tenant ?? 'tenant-a', scope: (o.scopes ?? []).join(' '), client_id: o.clientId ?? 'test-client', ...o.extra })
      .setProtectedHeader({ alg: 'ES256', kid: o.kid ?? key.kid, typ: 'JWT' })
      .setIssuer(o.issuer ?? ISSUER)
      .setAudience(o.audience ?? AUDIENCE)
      .setSubject(o.subject ?? o.clientId ?? 'test-client')
      .setIssuedAt(now)
      .setExpirationTime(now + (o.expiresIn ?? 300));
    if (o.notBefore !== undefined) {
      jwt.setNotBefore(now + o.notBefore);
    }
    return jwt.sign(key.privateKey);
  };
  const apiKeys = new Map<string, { tenant: string; scopes: string[]; active: boolean }>();
  const introspect = (key: string): Promise<IntrospectionResult> => {
    const entry = apiKeys.get(key);
    return Promise.resolve(entry?.active ? { active: true, tenantId: entry.tenant, subject: `key-of-${entry.tenant}`, scopes: entry.scopes, expiresAt: null } : { active: false });
  };
  return {
    jwksUrl,
    jwksFetches: () => fetches,
    issueApiKey: (tenant, scopes) => {
      const key = `mqk_${randomBytes(6).toString('hex')}_${randomBytes(18).toString('base64url')}`;
      const entry = { tenant, scopes, active: true };
      apiKeys.set(key, entry);
      return { key, revoke: () => { entry.active = false; } };
    },
    introspect,
    mint,
    bearer: async (tenant, scopes) => ({ authorization: `Bearer ${await mint({ tenant, scopes })}` }),
    rotate: async () => {
      const key = await newKey(keys.length + 1);
      keys.push(key);
      return key.kid;
    },
    current,
    authenticator: (options = {}) => createAuthenticator({ jwksUrl, introspect, apiKeyCacheMs: 0, ...options }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
