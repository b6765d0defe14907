/**
 * The portal's small pure pieces: example values from schemas, the dependency graph with Kafka
 * topics (the registry has none yet), migration advice per kind of change, Scalar anchors, form
 * bodies in code samples.
 */
import type { ServiceEntry } from '../../codegen/src/deploy/registry';
import type { Change } from '@marquee/diff';
import { buildIR, type IROperation } from '../../codegen/src/ir';
import type { JsonObject } from '@marquee/openapi';
import { migrationAdvice } from '../../codegen/src/portal/changelog';
import { codeSamples, encodeRequestBody } from '../../codegen/src/portal/code-samples';
import { graphEdges, renderGraphSvg } from '../../codegen/src/portal/graph';
import { sampleSchema } from '../../codegen/src/portal/sample';
import { operationAnchor, slug } from '../../codegen/src/portal/search-index';

describe('sampleSchema', () => {
  const document: JsonObject = {
    components: {
      schemas: {
        Id: { type: 'string', format: 'uuid' },
        Named: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 3 } } },
      },
    },
  };
  test.each([
    ['an example wins', { type: 'integer', example: 7 }, 7],
    ['then const, default, enum', { type: 'string', enum: ['b', 'a'] }, 'b'],
    ['formats', { $ref: '#/components/schemas/Id' }, '3f1c2a9e-8b7d-4c6e-9a5f-1d2e3f4a5b6c'],
    ['minimum and multipleOf', { type: 'integer', minimum: 5, multipleOf: 4 }, 8],
    ['minLength', { type: 'string', minLength: 8 }, 'samplexx'],
    ['required properties only', { type: 'object', required: ['a'], properties: { a: { type: 'boolean' }, b: { type: 'string' } } }, { a: true }],
    ['minItems', { type: 'array', minItems: 2, items: { type: 'integer', maximum: 0, minimum: -3 } }, [-3, -3]],
    ['the first non-null variant', { oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/Named' }] }, { name: 'sample' }],
    ['allOf merged', { allOf: [{ $ref: '#/components/schemas/Named' }, { type: 'object', required: ['n'], properties: { n: { type: 'number' } } }] }, { name: 'sample', n: 1 }],
    ['3.1 type lists', { type: ['null', 'string'], format: 'date' }, '2026-01-15'],
  ])('%s', (_name, schema, expected) => {
    expect(sampleSchema(document, schema as JsonObject)).toEqual(expected);
  });
});

describe('dependency graph', () => {
  const service = (name: string, extra: Partial<ServiceEntry>): ServiceEntry =>
    ({ name, description: '', port: 4000, spec: '', calls: [], produces: [], consumes: [], env: {}, replicas: 1, resources: {}, ...extra }) as ServiceEntry;
  const services = [
    service('catalog', {}),
    service('ingest', { produces: ['members.raw'] }),
    service('enricher', { consumes: ['members.raw'], produces: ['profiles.enriched'], calls: ['catalog'] }),
  ];

  test('calls go service to service; topics sit between producers and consumers', () => {
    expect(graphEdges(services)).toEqual([
      { from: 'service:ingest', to: 'topic:members.raw', kind: 'produces' },
      { from: 'service:enricher', to: 'service:catalog', kind: 'calls' },
      { from: 'service:enricher', to: 'topic:profiles.enriched', kind: 'produces' },
      { from: 'topic:members.raw', to: 'service:enricher', kind: 'consumes' },
    ]);
    const svg = renderGraphSvg(services);
    expect(svg).toContain('<title>ingest produces members.raw</title>');
    expect(svg).toContain('<title>members.raw consumes enricher</title>');
    expect(svg.match(/class="async"/g)).toHaveLength(3);
    expect(svg).toContain('href="../enricher/current/index.html"');
  });

  test('names are escaped', () => {
    expect(renderGraphSvg([service('a<b', {})])).toContain('a&lt;b');
  });
});

describe('migration advice', () => {
  const change = (rule: string, extra: Partial<Change['operation']> = {}): Change =>
    ({ rule, severity: 'breaking', message: '', fix: '', operation: { method: 'GET', path: '/films', operationId: 'listFilms', ...extra } }) as Change;
  test.each([
    ['path-removed', /^Stop calling GET \/films \(listFilms\)/],
    ['operation-id-changed', /rename calls to oldName into listFilms/],
    ['request-path-parameter-renamed', /under its new name/],
    ['security-requirement-added', /Send credentials/],
    ['request-parameter-added-required', /Send the now-required value/],
    ['request-property-removed', /^Stop sending the removed property to GET \/films/],
    ['request-enum-value-removed', /^Stop sending the removed enum value to/],
    ['request-constraint-tightened', /Change what you send/],
    ['response-property-removed', /Handle the new response shape/],
    ['webhook-removed', /that webhook/],
  ])('%s', (rule, expected) => {
    expect(migrationAdvice(change(rule, { previousOperationId: 'oldName' }))).toMatch(expected);
  });
});

test('Scalar anchors: first tag slug, upper-case method, path as written', () => {
  expect(slug('Saved Segments & more')).toBe('saved-segments-more');
  const op = { tags: ['Saved Segments'], method: 'get', path: '/segments/{segmentId}/count' } as unknown as IROperation;
  expect(operationAnchor(op)).toBe('tag/saved-segments/GET/segments/{segmentId}/count');
  expect(operationAnchor({ ...op, tags: [] })).toBe('tag/default/GET/segments/{segmentId}/count');
});

describe('form-encoded request bodies (the OAuth2 token endpoint)', () => {
  // Credentials everywhere except on the public token operation.
  const document: JsonObject = {
    openapi: '3.1.0',
    info: { title: 'forms', version: '1.0.0' },
    security: [{ oauth2: [] }],
    paths: {
      '/oauth/token': {
        post: {
          operationId: 'issueToken',
          security: [],
          requestBody: {
            required: true,
            content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' }, example: { grant_type: 'client_credentials', scope: 'a:read b:write' } } },
          },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  };
  const op = buildIR('forms', document).operations[0]!;

  test('curl sends each field with --data-urlencode, Python with data=, and neither sends a token', () => {
    const samples = codeSamples({ service: 'forms', baseUrl: 'http://127.0.0.1:4000', document }, op);
    const curl = samples.find((s) => s.lang === 'shell')!.source;
    expect(curl).toContain("--data-urlencode 'grant_type=client_credentials'");
    expect(curl).toContain("--data-urlencode 'scope=a:read b:write'");
    expect(curl).not.toContain('-d ');
    const python = samples.find((s) => s.lang === 'python')!.source;
    expect(python).toContain('data={');
    expect(python).not.toContain('json=');
    expect(samples.some((s) => s.source.includes('MARQUEE_TOKEN'))).toBe(false);
  });

  test('the bytes sent are URL-encoded for a form and JSON otherwise', () => {
    expect(encodeRequestBody({ mediaType: 'application/x-www-form-urlencoded', value: { scope: 'a:read b:write', n: 2, o: { x: 1 } } })).toBe('scope=a%3Aread+b%3Awrite&n=2&o=%7B%22x%22%3A1%7D');
    expect(encodeRequestBody({ mediaType: 'application/json', value: { scope: 'a' } })).toBe('{"scope":"a"}');
  });
});
