/**
 * The Prism mock server of every service in the registry: every operation answers a valid
 * request (built from the spec's examples and schemas) with a declared 2xx response whose body
 * validates against the spec; an invalid request gets a 4xx problem. Credentials are a dummy
 * bearer token and API key (Prism checks they are present where the spec declares security).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpServices, loadRegistry } from '../../codegen/src/deploy/registry';
import { buildIR, type IROperation } from '../../codegen/src/ir';
import type { JsonObject } from '@marquee/openapi';
import { codeSamples, encodeRequestBody, queryString, requestParts } from '../../codegen/src/portal/code-samples';
import { declaredResponse, ResponseValidator, startMock, type RunningMock } from './prism';

const ROOT = join(__dirname, '../..');
const CREDENTIALS = { authorization: 'Bearer mock-token', 'x-api-key': 'mqk_mock_secret' };
/**
 * The operation whose generated (dynamic) data is checked per service. Not segments: Prism's
 * generator (json-schema-faker) builds query-DSL `where` trees that break the spec's recursive
 * oneOf (a known limit, see README "Mock servers"); static examples are valid for every operation.
 */
const DYNAMIC_OPERATION: Record<string, string> = { catalog: 'listFilms', audience: 'getSegmentCount' };
const services = httpServices(loadRegistry(join(ROOT, 'services/registry.yaml')).services).map((s) => s.name);

/** JSON bodies are parsed before validation; any other media type (ingest's NDJSON error report) is validated as text. */
function isJsonMedia(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function buildRequest(document: JsonObject, op: IROperation): { url: string; init: RequestInit } {
  const parts = requestParts(document, op);
  // Accept what the operation answers on success (JSON unless declared otherwise) and problems.
  const success = [...new Set(op.responses.filter((r) => r.status.startsWith('2')).flatMap((r) => r.contents.map((m) => m.mediaType)))];
  const accept = [...(success.length > 0 ? success : ['application/json']), 'application/problem+json'].join(', ');
  const headers: Record<string, string> = { ...CREDENTIALS, accept, ...parts.headers };
  if (parts.body) {
    headers['content-type'] = parts.body.mediaType;
  }
  return {
    url: `${parts.path}${queryString(parts.query)}`,
    init: { method: op.method.toUpperCase(), headers, ...(parts.body ? { body: encodeRequestBody(parts.body) } : {}) },
  };
}

describe.each(services)('mock server for %s (Prism)', (service) => {
  const document = JSON.parse(readFileSync(join(ROOT, 'generated', service, 'openapi.json'), 'utf8')) as JsonObject;
  const operations = buildIR(service, document).operations;
  const validator = new ResponseValidator(document);
  let mock: RunningMock;

  beforeAll(async () => {
    mock = await startMock(service);
  }, 120_000);
  afterAll(async () => {
    await mock?.stop();
  });

  test.each(operations.map((op) => [op.operationId, op] as const))('%s: a valid request gets a declared 2xx whose body matches the spec', async (_id, op) => {
    const { url, init } = buildRequest(document, op);
    const response = await fetch(`${mock.url}${url}`, init);
    const text = await response.text();
    const context = `${op.method.toUpperCase()} ${url} -> ${response.status} ${response.headers.get('sl-violations') ?? ''} ${text.slice(0, 300)}`;
    expect({ context, ok: response.status >= 200 && response.status < 300 }).toEqual({ context, ok: true });
    const declared = declaredResponse(op.responses, response.status);
    expect(declared).toBeDefined();
    const media = declared!.contents.find((m) => m.mediaType === response.headers.get('content-type')?.split(';')[0]) ?? declared!.contents[0];
    if (!media || media.schema === undefined) {
      expect(text).toBe('');
      return;
    }
    expect({ context, problems: validator.validate(media.schema, isJsonMedia(media.mediaType) ? JSON.parse(text) : text) }).toEqual({ context, problems: [] });
  });

  test('dynamic data (Prefer: dynamic=true) also matches the spec', async () => {
    const op = operations.find((o) => o.operationId === DYNAMIC_OPERATION[service]) ?? operations.find((o) => o.method === 'get')!;
    const { url, init } = buildRequest(document, op);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${mock.url}${url}`, { ...init, headers: { ...(init.headers as Record<string, string>), prefer: 'dynamic=true' } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as unknown;
      expect(validator.validate(declaredResponse(op.responses, 200)!.contents[0]!.schema!, body)).toEqual([]);
    }
  });

  test("the portal's curl samples, run as they are shown, get a 2xx from the mock", () => {
    const statuses = operations.map((op) => {
      const curl = codeSamples({ service, baseUrl: mock.url, document }, op).find((s) => s.lang === 'shell')!.source;
      const status = execFileSync('bash', ['-c', `${curl} -s -o /dev/null -w '%{http_code}'`], { encoding: 'utf8', env: { ...process.env, MARQUEE_TOKEN: 'mock-token' } });
      return `${op.operationId} ${status[0]}xx`;
    });
    expect(statuses).toEqual(operations.map((op) => `${op.operationId} 2xx`));
  });

  test('an invalid request gets a 4xx problem naming the violation', async () => {
    // A JSON-bodied operation: a form body (identity's token endpoint) has no schema to break (unknown
    // fields are ignored, RFC 6749), and a JSON body there only gets 415.
    const op = operations.find((o) => o.requestBody?.contents.some((m) => /json/i.test(m.mediaType)));
    if (!op) {
      // A query-only API (insights): an integer query parameter given a word instead.
      const target = operations.find((o) => o.parameters.query.some((p) => (p.schema as { type?: string } | undefined)?.type === 'integer'))!;
      const param = target.parameters.query.find((p) => (p.schema as { type?: string } | undefined)?.type === 'integer')!;
      const { url, init } = buildRequest(document, target);
      const [path, query = ''] = url.split('?');
      const params = new URLSearchParams(query);
      params.set(param.name, 'notANumber');
      const response = await fetch(`${mock.url}${path}?${params.toString()}`, init);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('sl-violations')).toContain(param.name);
      return;
    }
    const { url, init } = buildRequest(document, op);
    const response = await fetch(`${mock.url}${url}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'content-type': 'application/json' }, body: '{"notAField":true}' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('sl-violations')).toContain('notAField');
  });
});

describe('mock server when the spec declares security (the issue #10 conventions)', () => {
  const document = JSON.parse(readFileSync(join(ROOT, 'generated/catalog/openapi.json'), 'utf8')) as JsonObject;
  const dir = mkdtempSync(join(tmpdir(), 'marquee-mock-'));
  const specFile = join(dir, 'openapi.json');
  const components = (document.components ?? {}) as JsonObject;
  const secured: JsonObject = {
    ...document,
    components: {
      ...components,
      securitySchemes: {
        oauth2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'http://127.0.0.1:4000/oauth/token', scopes: { 'catalog:read': 'Read' } } } },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
    security: [{ oauth2: ['catalog:read'] }, { apiKey: ['catalog:read'] }],
  };
  let mock: RunningMock;

  beforeAll(async () => {
    writeFileSync(specFile, JSON.stringify(secured));
    mock = await startMock('catalog', { MOCK_SPEC: specFile });
  }, 120_000);
  afterAll(async () => {
    await mock?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('no credentials: 401; a dummy bearer token or API key: the example', async () => {
    expect((await fetch(`${mock.url}/films`)).status).toBe(401);
    expect((await fetch(`${mock.url}/films`, { headers: { authorization: CREDENTIALS.authorization } })).status).toBe(200);
    expect((await fetch(`${mock.url}/films`, { headers: { 'x-api-key': CREDENTIALS['x-api-key'] } })).status).toBe(200);
  });
});
