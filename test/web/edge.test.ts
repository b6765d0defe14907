/**
 * The edge proxy (Debian's nginx, config from codegen/src/deploy/edge.ts) in front of a real
 * HTTP upstream: prefix stripping, request ids, streamed bodies, the single-page fallback,
 * cache and security headers, the docs folder, and a problem+json 503 when a service is down.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitEdge } from '../../codegen/src/deploy/edge';
import { loadRegistry } from '../../codegen/src/deploy';
import { startEdge, type RunningEdge } from '../../scripts/edge/nginx';
import { freePort } from '../../scripts/lib/ports';

let dir: string;
let upstream: Server;
let edge: RunningEdge;
const seen: { url: string; headers: IncomingMessage['headers']; bytes: number }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marquee-edge-'));
  mkdirSync(join(dir, 'web/assets'), { recursive: true });
  mkdirSync(join(dir, 'docs'), { recursive: true });
  writeFileSync(join(dir, 'web/index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dir, 'web/assets/app-1234.js'), 'console.log(1)');
  writeFileSync(join(dir, 'docs/index.html'), '<title>portal</title>');
  upstream = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      seen.push({ url: req.url!, headers: req.headers, bytes });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, bytes }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const { port } = upstream.address() as { port: number };
  const dead = await freePort();
  edge = await startEdge({
    listen: `127.0.0.1:${await freePort()}`,
    services: [{ name: 'audience', upstream: `http://127.0.0.1:${port}` }, { name: 'gone', upstream: `http://127.0.0.1:${dead}` }],
    webRoot: join(dir, 'web'),
    docs: { root: join(dir, 'docs') },
    runtimeDir: join(dir, 'run'),
  });
}, 30_000);

afterAll(async () => {
  await edge?.stop();
  upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('/api/<service>/ reaches the service with the prefix stripped, a request id and the forwarded prefix', async () => {
  const res = await fetch(`${edge.url}/api/audience/segments?limit=2`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ url: '/segments?limit=2', bytes: 0 });
  const hit = seen.at(-1)!;
  expect(hit.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  expect(hit.headers['x-forwarded-prefix']).toBe('/api/audience');
  await fetch(`${edge.url}/api/audience/x`, { headers: { 'x-request-id': 'caller-id-1' } });
  expect(seen.at(-1)!.headers['x-request-id']).toBe('caller-id-1');
});

test('a large body is passed through whole (no edge cap; the service enforces its own limit)', async () => {
  const body = Buffer.alloc(3 * 1024 * 1024, 97);
  const res = await fetch(`${edge.url}/api/audience/imports/1/data`, { method: 'PUT', body, headers: { 'content-type': 'application/x-ndjson' } });
  expect((await res.json()).bytes).toBe(body.length);
});

test('the web app: index.html with CSP, single-page fallback, immutable assets', async () => {
  const index = await fetch(`${edge.url}/`);
  expect(index.status).toBe(200);
  expect(await index.text()).toContain('<title>app</title>');
  expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
  const deep = await fetch(`${edge.url}/segments/123`);
  expect(deep.status).toBe(200);
  expect(await deep.text()).toContain('<title>app</title>');
  const asset = await fetch(`${edge.url}/assets/app-1234.js`);
  expect(asset.headers.get('cache-control')).toContain('immutable');
  expect(asset.headers.get('content-type')).toContain('javascript');
  expect((await fetch(`${edge.url}/assets/missing.js`)).status).toBe(404);
});

test('the docs portal under /docs/', async () => {
  const docs = await fetch(`${edge.url}/docs/`);
  expect(docs.status).toBe(200);
  expect(await docs.text()).toContain('portal');
});

test('a service that is down: 503 problem+json with Retry-After, not an HTML error page', async () => {
  const res = await fetch(`${edge.url}/api/gone/films`);
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('retry-after')).toBe('5');
  expect((await res.json()).status).toBe(503);
});

test('the generated deploy config routes every HTTP service of the registry by DNS name', () => {
  const registry = loadRegistry(join(__dirname, '../../services/registry.yaml'));
  const [conf] = emitEdge(registry);
  expect(conf!.path).toBe('edge/nginx.conf');
  for (const s of registry.services.filter((x) => x.spec.endsWith('openapi.yaml'))) {
    expect(conf!.content).toContain(`upstream api_${s.name} {\n    server ${s.name}:${s.port};\n    keepalive 16;`);
    expect(conf!.content).toContain(`location /api/${s.name}/ {\n      proxy_pass http://api_${s.name}/;`);
  }
  expect(conf!.content).not.toContain('/api/enricher/');
});
