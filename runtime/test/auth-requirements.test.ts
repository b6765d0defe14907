/**
 * Security requirements as the stubs evaluate them (OpenAPI: alternatives, each a set of
 * schemes that must all hold), and what generated clients send for them.
 */
import { authorize, ForbiddenError, UnauthorizedError, type Authenticated, type RouteSecurity } from '@marquee/runtime';
import { HttpClient, type OperationRoute } from '../client';
import { runWithContext, setCallerCredential } from '../src/context';

const caller = (credential: Authenticated['credential'], scopes: string[]): Authenticated => ({ credential, principal: { tenantId: 't', subject: 's', scopes, kind: credential === 'apiKey' ? 'apiKey' : 'client' } });
const read: RouteSecurity = [[{ scheme: 'oauth2', kind: 'bearer', scopes: ['catalog:read'] }], [{ scheme: 'apiKey', kind: 'apiKey', scopes: ['catalog:read'] }]];

describe('authorize', () => {
  test.each([
    ['a token with the scope', read, caller('bearer', ['catalog:read']), undefined],
    ['an API key with the scope', read, caller('apiKey', ['catalog:read']), undefined],
    ['no credential', read, undefined, UnauthorizedError],
    ['a token without the scope', read, caller('bearer', ['catalog:write']), ForbiddenError],
    ['a public operation, no credential', [] as RouteSecurity, undefined, undefined],
    ['anonymous as one alternative', [[], ...read] as RouteSecurity, undefined, undefined],
    ['a bearer-only operation called with an API key', [read[0]!] as RouteSecurity, caller('apiKey', ['catalog:read']), UnauthorizedError],
    ['an unsupported scheme (fails closed)', [[{ scheme: 'basic', kind: 'unsupported', scopes: [] }]] as RouteSecurity, caller('bearer', ['catalog:read']), UnauthorizedError],
    ['two schemes that must both hold, only one credential kind', [[{ scheme: 'oauth2', kind: 'bearer', scopes: [] }, { scheme: 'apiKey', kind: 'apiKey', scopes: [] }]] as RouteSecurity, caller('bearer', []), UnauthorizedError],
  ])('%s', (_name, security, who, error) => {
    if (error) {
      expect(() => authorize(security, who)).toThrow(error);
    } else {
      expect(() => authorize(security, who)).not.toThrow();
    }
  });

  test('Then a 403 names every missing scope of the closest alternative, in the challenge too', () => {
    const both: RouteSecurity = [[{ scheme: 'oauth2', kind: 'bearer', scopes: ['audience:read', 'catalog:read'] }]];
    const err = (() => {
      try {
        authorize(both, caller('bearer', ['audience:read']));
      } catch (e) {
        return e as ForbiddenError;
      }
      throw new Error('no error');
    })();
    expect(err.missingScopes).toEqual(['catalog:read']);
    expect(err.headers['www-authenticate']).toBe('Bearer realm="marquee", error="insufficient_scope", error_description="needs scope catalog:read", scope="catalog:read"');
  });
});

describe('client credentials', () => {
  const secured: OperationRoute = { method: 'get', path: '/films', headerParams: [], requestMediaTypes: [], responses: { '200': ['application/json'] }, deprecated: false, security: read };
  const open: OperationRoute = { ...secured, path: '/status', security: [] };

  function recorder() {
    const seen: Headers[] = [];
    const fetch = (async (_url: string, init?: RequestInit) => {
      seen.push(new Headers(init?.headers));
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    return { seen, fetch };
  }

  test('Given a token provider, Then secured calls carry a fresh Bearer token and public ones none', async () => {
    const { seen, fetch } = recorder();
    let n = 0;
    const client = new HttpClient({ baseUrl: 'http://svc.test', fetch, credentials: { token: async () => `tok-${++n}` } });
    await client.call(secured, 'listFilms', {});
    await client.call(secured, 'listFilms', {});
    await client.call(open, 'status', {});
    expect(seen.map((h) => h.get('authorization'))).toEqual(['Bearer tok-1', 'Bearer tok-2', null]);
  });

  test('Given an API key, Then it travels as X-API-Key', async () => {
    const { seen, fetch } = recorder();
    await new HttpClient({ baseUrl: 'http://svc.test', fetch, credentials: { apiKey: 'mqk_k_s' } }).call(secured, 'listFilms', {});
    expect(seen[0]!.get('x-api-key')).toBe('mqk_k_s');
  });

  test('Inside a handled request, Then the caller\'s verified credential is forwarded instead of the configured one, unless forwarding is off', async () => {
    const { seen, fetch } = recorder();
    const forwarding = new HttpClient({ baseUrl: 'http://svc.test', fetch, credentials: { token: () => 'service-token' } });
    const own = new HttpClient({ baseUrl: 'http://svc.test', fetch, credentials: { token: () => 'service-token', forwardCaller: false } });
    await runWithContext({ requestId: 'r1' }, async () => {
      setCallerCredential({ authorization: 'Bearer caller-token' });
      await forwarding.call(secured, 'listFilms', {});
      await own.call(secured, 'listFilms', {});
    });
    await forwarding.call(secured, 'listFilms', {});
    expect(seen.map((h) => h.get('authorization'))).toEqual(['Bearer caller-token', 'Bearer service-token', 'Bearer service-token']);
  });
});
