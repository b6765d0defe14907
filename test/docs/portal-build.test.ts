/**
 * The docs portal build over a repository with release tags: every release and the working
 * copy get a reference with code samples, the changelog carries migration notes for the
 * breaking release, the search index spans services and versions, the graph comes from the
 * registry, and the server serves the files and nothing outside them.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { servePortal } from '../../codegen/src/portal/serve';
import type { SearchEntry } from '../../codegen/src/portal/search-index';
import { buildFixturePortal } from './portal-fixture';

interface OperationWithSamples {
  operationId: string;
  security?: unknown[];
  'x-public'?: boolean;
  'x-codeSamples': { source: string }[];
}

describe('docs portal build', () => {
  let built: ReturnType<typeof buildFixturePortal>;
  const read = (path: string) => readFileSync(join(built.out, path), 'utf8');

  beforeAll(() => {
    built = buildFixturePortal();
  }, 60_000);
  afterAll(() => rmSync(built.repo, { recursive: true, force: true }));

  test('every service gets every release (oldest first) and the working copy', () => {
    expect(built.services).toEqual([
      { name: 'identity', versions: ['1.0.0', 'current'] },
      { name: 'catalog', versions: ['1.0.0', '2.0.0', 'current'] },
      { name: 'audience', versions: ['1.0.0', 'current'] },
      { name: 'ingest', versions: ['current'] }, // the enricher has no HTTP API (AsyncAPI only): no reference
      { name: 'campaigns', versions: ['current'] },
      { name: 'insights', versions: ['current'] },
    ]);
    for (const path of ['identity/1.0.0/index.html', 'identity/current/openapi.json', 'changelog/identity.html', 'catalog/1.0.0/index.html', 'catalog/2.0.0/openapi.json', 'audience/current/index.html', 'own/catalog/index.html', 'graph/index.html', 'compare/index.html']) {
      expect(existsSync(join(built.out, path))).toBe(true);
    }
    expect(JSON.parse(read('catalog/1.0.0/openapi.json')).paths['/genres']).toBeDefined();
    expect(JSON.parse(read('catalog/2.0.0/openapi.json')).paths['/genres']).toBeUndefined();
    expect(read('catalog/2.0.0/index.html')).toContain('assets/scalar/standalone.js');
    expect(read('catalog/2.0.0/index.html')).not.toMatch(/https?:\/\/(cdn|unpkg|fonts)/);
  });

  test('each operation carries TypeScript SDK, curl and Python samples built from its examples', () => {
    const spec = JSON.parse(read('audience/current/openapi.json'));
    const count = spec.paths['/audience/count'].post['x-codeSamples'] as { lang: string; source: string }[];
    expect(count.map((s) => s.lang)).toEqual(['typescript', 'shell', 'python']);
    expect(count[0]!.source).toContain("import { AudienceClient } from '@marquee/audience-sdk'");
    expect(count[0]!.source).toContain('client.countAudience(');
    expect(count[1]!.source).toMatch(/^curl -X POST 'http:\/\/127\.0\.0\.1:4020\/audience\/count'/);
    expect(count[2]!.source).toContain('requests.post(');
    const getFilm = JSON.parse(read('catalog/current/openapi.json')).paths['/films/{filmId}'].get['x-codeSamples'][1].source as string;
    expect(getFilm).not.toContain('{filmId}');
    // specs/ itself is untouched
    expect(readFileSync(join(built.repo, 'specs/audience/openapi.yaml'), 'utf8')).not.toContain('x-codeSamples');
  });

  test('the landing page lists the security schemes; samples send credentials where the spec asks for them', () => {
    const landing = read('index.html');
    expect(landing).toContain('http://127.0.0.1:4000/oauth/token');
    expect(landing).toContain('catalog:read, catalog:write');
    expect(landing).toContain('identity:read, identity:write, identity:admin, identity:introspect');
    expect(landing).toContain('header <code>X-API-Key</code>');
    const listFilms = JSON.parse(read('catalog/2.0.0/openapi.json')).paths['/films'].get['x-codeSamples'] as { source: string }[];
    expect(listFilms.every((s) => s.source.includes('MARQUEE_TOKEN'))).toBe(true);
    const listFilmsV1 = JSON.parse(read('catalog/1.0.0/openapi.json')).paths['/films'].get['x-codeSamples'] as { source: string }[];
    expect(listFilmsV1.some((s) => s.source.includes('MARQUEE_TOKEN'))).toBe(false);
    expect(read('changelog/catalog.html')).toContain('security-requirement-added');
  });

  test('public operations (security: [], x-public) get samples without credentials, every other operation with them', () => {
    const kinds = built.services.flatMap(({ name }) => {
      const spec = JSON.parse(read(`${name}/current/openapi.json`)) as { paths: Record<string, Record<string, OperationWithSamples>> };
      return Object.values(spec.paths).flatMap((item) =>
        Object.values(item)
          .filter((op) => Array.isArray(op['x-codeSamples']))
          .map((op) => {
            const isPublic = Array.isArray(op.security) && op.security.length === 0;
            expect({ operationId: op.operationId, isPublic }).toEqual({ operationId: op.operationId, isPublic: op['x-public'] === true });
            const withToken = op['x-codeSamples'].filter((s) => s.source.includes('MARQUEE_TOKEN')).length;
            expect({ operationId: op.operationId, withToken }).toEqual({ operationId: op.operationId, withToken: isPublic ? 0 : 3 });
            return `${name} ${isPublic ? 'public' : 'secured'}`;
          }),
      );
    });
    // Both kinds are there: identity's token and JWKS endpoints are public, the rest need credentials.
    expect(kinds.filter((k) => k === 'identity public')).toHaveLength(2);
    expect(kinds).toContain('identity secured');
    expect(kinds).toContain('catalog secured');
    expect(kinds).toContain('audience secured');
    const issueToken = JSON.parse(read('identity/current/openapi.json')).paths['/oauth/token'].post['x-codeSamples'] as { source: string }[];
    expect(issueToken.some((s) => /Authorization|X-API-Key/.test(s.source))).toBe(false);
  });

  test('the changelog has migration notes for the breaking release and lists additions', () => {
    const html = read('changelog/catalog.html');
    const v2 = html.slice(html.indexOf('id="v-2.0.0"'), html.indexOf('id="v-1.0.0"'));
    expect(v2).toContain('Breaking changes and migration notes');
    expect(v2).toContain('GET /genres');
    expect(v2).toMatch(/What to change:<\/strong> Stop calling GET \/genres/);
    expect(v2).toContain('studio');
    expect(html).toContain('id="v-current"');
    expect(html.indexOf('id="v-current"')).toBeLessThan(html.indexOf('id="v-2.0.0"'));
  });

  test('the search index spans services and versions and links into the references', () => {
    const index = JSON.parse(read('search-index.json')) as SearchEntry[];
    const count = index.filter((e) => e.operationId === 'countAudience').map((e) => e.version);
    expect(count).toEqual(['1.0.0', 'current']);
    const genres = index.filter((e) => e.operationId === 'listGenres').map((e) => e.version);
    expect(genres).toEqual(['1.0.0']);
    expect(index.find((e) => e.operationId === 'countAudience' && e.version === 'current')!.href).toBe('audience/current/index.html#tag/queries/POST/audience/count');
  });

  test('the dependency graph draws the registry calls', () => {
    const html = read('graph/index.html');
    expect(html).toContain('<title>audience calls catalog</title>');
    expect(html).toContain('href="../catalog/current/index.html"');
  });

  test('the server serves the portal and nothing outside it', async () => {
    const { server, url } = await servePortal(built.out, 0);
    try {
      const landing = await fetch(`${url}/`);
      expect(landing.status).toBe(200);
      expect(landing.headers.get('content-type')).toContain('text/html');
      expect(await landing.text()).toContain('id="search"');
      expect((await fetch(`${url}/search-index.json`)).headers.get('content-type')).toContain('application/json');
      expect((await fetch(`${url}/%2e%2e/specs/catalog/openapi.yaml`)).status).toBe(404);
      expect((await fetch(`${url}/nope.html`)).status).toBe(404);
      expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(405);
    } finally {
      server.close();
    }
  });
});
