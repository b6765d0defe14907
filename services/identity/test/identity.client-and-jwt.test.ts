/**
 * The generated IdentityClient gets tokens (form body, Basic) and manages keys; identity's own
 * verifier rejects the classic JWT attacks (issue #10).
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { IdentityClient } from '@marquee/generated/identity/client.gen';
import { http, type Started } from '../../../test/support/platform';
import { bearer, seedClient, seedToken, startWithAdmin } from './helpers';

let identity: Started;
let admin: string;
beforeAll(async () => ({ identity, admin } = await startWithAdmin()));
afterAll(() => identity.stop());

describe('generated IdentityClient', () => {
  it('gets a token with a form body and with HTTP Basic, and reads RFC 6749 errors as typed responses', async () => {
    const demo = seedClient('northstar-demo');
    const client = new IdentityClient({ baseUrl: identity.url });
    const form = await client.issueToken({ body: { grant_type: 'client_credentials', client_id: demo.clientId, client_secret: demo.secret, scope: 'catalog:read' } });
    expect(form.status).toBe(200);
    if (form.status === 200) expect(form.body.scope).toBe('catalog:read');
    const basic = await client.issueToken({ headers: { Authorization: `Basic ${Buffer.from(`${demo.clientId}:${demo.secret}`).toString('base64')}` }, body: { grant_type: 'client_credentials' } });
    expect(basic.status).toBe(200);
    const refused = await client.issueToken({ body: { grant_type: 'client_credentials', client_id: demo.clientId, client_secret: 'wrong' } });
    expect(refused.status).toBe(401);
    if (refused.status === 401) expect(refused.body.error).toBe('invalid_client');
  });

  it('creates and introspects an API key with the service identity', async () => {
    const adminClient = new IdentityClient({ baseUrl: identity.url, headers: bearer(admin) });
    const created = await adminClient.createApiKey({ body: { tenantId: 'northstar-cinemas', name: 'client-test', scopes: ['catalog:read'] } });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const services = new IdentityClient({ baseUrl: identity.url, headers: bearer(await seedToken(identity.url, 'marquee-services')) });
    const result = await services.introspectApiKey({ body: { key: created.body.key } });
    expect(result.status).toBe(200);
    if (result.status === 200) expect(result.body).toMatchObject({ active: true, tenantId: 'northstar-cinemas', scopes: ['catalog:read'] });
    await adminClient.revokeApiKey({ path: { keyId: created.body.keyId } });
  });
});

describe('identity rejects forged and stale tokens', () => {
  const claims = { tenant: 'marquee-platform', scope: 'identity:admin', client_id: 'marquee-admin' };
  const status = async (token: string) => (await http(`${identity.url}/tenants?limit=1`, { headers: bearer(token) })).status;
  const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const realKid = () => JSON.parse(Buffer.from(admin.split('.')[0]!, 'base64url').toString()).kid as string;

  it('accepts the genuine token (control)', async () => {
    expect(await status(admin)).toBe(200);
  });

  it('alg none', async () => {
    const unsigned = `${segment({ alg: 'none', typ: 'JWT' })}.${segment(payloadOf(admin))}.`;
    expect(await status(unsigned)).toBe(401);
  });

  it('HS256 signed with the public key (algorithm confusion)', async () => {
    const jwks = await http(`${identity.url}/.well-known/jwks.json`);
    const header = segment({ alg: 'HS256', typ: 'JWT', kid: realKid() });
    const body = segment(payloadOf(admin));
    const signature = createHmac('sha256', JSON.stringify(jwks.body.keys[0])).update(`${header}.${body}`).digest('base64url');
    expect(await status(`${header}.${body}.${signature}`)).toBe(401);
  });

  it('RS256 with an attacker key, and ES256 with an attacker key claiming a real kid', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rs = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: realKid() }).setIssuer('marquee-identity').setAudience('marquee').setSubject('marquee-admin').setIssuedAt().setExpirationTime('5m').sign(rsa.privateKey);
    expect(await status(rs)).toBe(401);
    const { privateKey } = await generateKeyPair('ES256');
    const es = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: realKid() }).setIssuer('marquee-identity').setAudience('marquee').setSubject('marquee-admin').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    expect(await status(es)).toBe(401);
  });

  it('tampered payload, wrong audience or issuer, expired, not yet valid (signed with identity own key)', async () => {
    const [h, , s] = admin.split('.');
    expect(await status(`${h}.${segment({ ...payloadOf(admin), scope: 'identity:admin audience:write' })}.${s}`)).toBe(401);
    // Sign with identity's real active key (read from its database, as an insider could) to prove the claim checks themselves.
    const service = (identity as Started & { service: { keys: { active(): Promise<{ kid: string; privateKey: Parameters<SignJWT['sign']>[0] }> } } }).service;
    const key = await service.keys.active();
    const sign = (mutate: (j: SignJWT) => SignJWT) =>
      mutate(new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: key.kid }).setSubject('marquee-admin')).sign(key.privateKey);
    const now = Math.floor(Date.now() / 1000);
    expect(await status(await sign((j) => j.setIssuer('marquee-identity').setAudience('marquee').setIssuedAt(now).setExpirationTime(now + 300)))).toBe(200); // control
    expect(await status(await sign((j) => j.setIssuer('marquee-identity').setAudience('someone-else').setIssuedAt(now).setExpirationTime(now + 300)))).toBe(401);
    expect(await status(await sign((j) => j.setIssuer('evil').setAudience('marquee').setIssuedAt(now).setExpirationTime(now + 300)))).toBe(401);
    expect(await status(await sign((j) => j.setIssuer('marquee-identity').setAudience('marquee').setIssuedAt(now - 1000).setExpirationTime(now - 100)))).toBe(401);
    expect(await status(await sign((j) => j.setIssuer('marquee-identity').setAudience('marquee').setIssuedAt(now).setNotBefore(now + 600).setExpirationTime(now + 900)))).toBe(401);
  });

  it('a JWK from the set cannot sign (it has no private part)', async () => {
    const jwks = await http(`${identity.url}/.well-known/jwks.json`);
    const jwk = jwks.body.keys[0] as JWK;
    expect(jwk.d).toBeUndefined();
    await expect(importJWK(jwk, 'ES256').then((k) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).sign(k))).rejects.toThrow();
    expect(await exportJWK((await generateKeyPair('ES256')).publicKey)).not.toHaveProperty('d');
  });
});
