/**
 * Per-client rate limits on secured operations, over HTTP: past its burst a client gets 429
 * problem+json with Retry-After, while other clients and tenants are unaffected, and the bucket
 * refills with time. Unit checks of the bucket arithmetic with a fake clock.
 */
import { createRateLimiter, RateLimitedError, type Principal } from '@marquee/runtime';
import { http, startCatalog, testIdentity, type Started } from '../support/platform';

let catalog: Started;
beforeAll(async () => {
  catalog = await startCatalog({ env: { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' } });
});
afterAll(() => catalog.stop());

const tokens = new Map<string, string>();

/** Tokens are minted once per caller beforehand, so the requests themselves follow each other quickly. */
async function get(tenant: string, clientId: string): Promise<{ status: number; headers: Headers; body: any }> {
  const id = `${tenant}/${clientId}`;
  if (!tokens.has(id)) tokens.set(id, await (await testIdentity()).mint({ tenant, clientId, scopes: ['catalog:read'] }));
  return http(`${catalog.url}/genres`, { headers: { authorization: `Bearer ${tokens.get(id)}` } });
}

test('When a client exceeds its burst, Then 429 with Retry-After for it alone, and it recovers as the bucket refills', async () => {
  for (const [tenant, client] of [['rl-tenant', 'busy-client'], ['rl-tenant', 'quiet-client'], ['rl-other-tenant', 'busy-client']] as const) {
    tokens.set(`${tenant}/${client}`, await (await testIdentity()).mint({ tenant, clientId: client, scopes: ['catalog:read'] }));
  }
  const first = [];
  for (let i = 0; i < 3; i++) first.push((await get('rl-tenant', 'busy-client')).status);
  expect(first).toEqual([200, 200, 200]);
  const limited = await get('rl-tenant', 'busy-client');
  expect(limited.status).toBe(429);
  expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(limited.body).toMatchObject({ status: 429, type: 'https://marquee.dev/problems/rate-limited' });
  // Someone else, and the same client id in another tenant, are not affected.
  expect((await get('rl-tenant', 'quiet-client')).status).toBe(200);
  expect((await get('rl-other-tenant', 'busy-client')).status).toBe(200);
  await new Promise((r) => setTimeout(r, 1100));
  expect((await get('rl-tenant', 'busy-client')).status).toBe(200);
});

test('Then no credentials is still 401 (limits apply to authenticated clients)', async () => {
  expect((await http(`${catalog.url}/genres`)).status).toBe(401);
});

describe('token bucket', () => {
  const who: Principal = { tenantId: 't', subject: 'c', clientId: 'c', scopes: [], kind: 'client' };

  test('Given 10/s with a burst of 5, Then 5 pass at once, the 6th waits 1 s, and 100 ms later one more passes', () => {
    let now = 0;
    const limit = createRateLimiter({ perSecond: 10, burst: 5, now: () => now });
    for (let i = 0; i < 5; i++) limit(who);
    expect(() => limit(who)).toThrow(RateLimitedError);
    now += 100;
    expect(() => limit(who)).not.toThrow();
    expect(() => limit(who)).toThrow(expect.objectContaining({ status: 429, retryAfter: 1 }));
  });

  test('Given perSecond 0, Then nothing is limited', () => {
    const limit = createRateLimiter({ perSecond: 0 });
    for (let i = 0; i < 1000; i++) limit(who);
  });

  test('Given more clients than it tracks, Then the least recently seen is forgotten (and starts again with a full burst)', () => {
    const now = 0;
    const limit = createRateLimiter({ perSecond: 1, burst: 1, maxClients: 2, now: () => now });
    const c = (id: string): Principal => ({ ...who, clientId: id });
    limit(c('a'));
    limit(c('b'));
    limit(c('c')); // forgets a
    expect(() => limit(c('a'))).not.toThrow();
    expect(() => limit(c('c'))).toThrow(RateLimitedError);
  });
});
