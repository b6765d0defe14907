/**
 * Unit tests of the generator's pure steps: lint, bundle, IR and the code emitters. No child
 * processes; nothing here loads openapi-typescript (its dynamic import needs
 * --experimental-vm-modules under jest), so emitTypes is covered by features/corpus tests.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { bundleSpec, SpecLoadError, type JsonObject } from '@marquee/openapi';
import { emitClient } from '../src/emit/client';
import { emitOperations } from '../src/emit/operations';
import { emitServer } from '../src/emit/server';
import { buildIR, synthesizeId, toIdentifier, type IRService } from '../src/ir';
import { lintSpec } from '../src/lint';

const REPO = resolve(__dirname, '../..');
const FIXTURES = join(__dirname, 'fixtures');

/** The one shared helper: a minimal OpenAPI document around `paths` (plus any top-level extras). */
function spec(paths: JsonObject, extra: JsonObject = {}): JsonObject {
  return { openapi: '3.1.0', info: { title: 'T', version: '1.0.0' }, paths, ...extra };
}

const ok = { '200': { description: 'OK' } };

describe('lint', () => {
  const findings = lintSpec(join(FIXTURES, 'lint/bad.yaml'));
  const where = (file: string) => relative(FIXTURES, resolve(file));

  it.each([
    // rule, severity, file, line: where the finding points (path items and parameters from other files point there)
    { rule: 'parameter-described', severity: 'error', file: 'lint/shared.yaml', line: 4 },
    { rule: 'parameter-example', severity: 'warning', file: 'lint/shared.yaml', line: 4 },
    { rule: 'no-inline-response-object', severity: 'error', file: 'lint/bad.yaml', line: 19 },
    { rule: 'operation-id-unique', severity: 'error', file: 'lint/bad.yaml', line: 29 },
    { rule: 'problem-4xx', severity: 'error', file: 'lint/bad.yaml', line: 32 },
    { rule: 'operation-id', severity: 'error', file: 'lint/bad.yaml', line: 36 },
    { rule: 'operation-described', severity: 'error', file: 'lint/bad.yaml', line: 36 },
    { rule: 'parameter-example', severity: 'warning', file: 'lint/bad.yaml', line: 39 },
    { rule: 'operation-id-case', severity: 'error', file: 'lint/bad.yaml', line: 49 },
    { rule: 'parameter-described', severity: 'error', file: 'lint/bad.yaml', line: 53 },
    { rule: 'problem-4xx', severity: 'error', file: 'lint/paths/parts.yaml', line: 14 },
    // Thing is only reachable through a schema $ref, and still linted.
    { rule: 'schema-described', severity: 'error', file: 'lint/shared.yaml', line: 10 },
    { rule: 'schema-example', severity: 'error', file: 'lint/shared.yaml', line: 10 },
    // Security: declared (own or root), public only when marked, schemes defined.
    { rule: 'public-marked', severity: 'error', file: 'lint/bad.yaml', line: 69 },
    { rule: 'public-security-empty', severity: 'error', file: 'lint/bad.yaml', line: 73 },
    { rule: 'security-scheme-known', severity: 'error', file: 'lint/bad.yaml', line: 87 },
  ])('$rule fires at $file:$line', (want) => {
    const got = findings.filter((f) => f.rule === want.rule && where(f.file) === want.file && f.line === want.line);
    expect(got).toHaveLength(1);
    expect(got[0]!.severity).toBe(want.severity);
  });

  it('operation-security fires for every operation without security, and only those', () => {
    const lines = findings.filter((f) => f.rule === 'operation-security').map((f) => `${where(f.file)}:${f.line}`);
    expect(lines).toEqual(['lint/bad.yaml:8', 'lint/bad.yaml:28', 'lint/bad.yaml:36', 'lint/bad.yaml:48', 'lint/paths/parts.yaml:2']);
  });

  it('reports exactly those findings, each with a position and a fix', () => {
    expect(findings).toHaveLength(13 + 3 + 5 + 9); // + transport-responses on each of the 9 operations (lint-transport.test.ts)
    for (const f of findings) {
      expect(f.column).toBeGreaterThan(0);
      expect(f.fix.length).toBeGreaterThan(5);
      expect(f.message.length).toBeGreaterThan(5);
    }
  });

  it('suggests an operationId from the method and path', () => {
    expect(findings.find((f) => f.rule === 'operation-id')!.fix).toBe('add `operationId: getThing`');
  });

  it.each(['catalog', 'audience', 'identity', 'ingest', 'campaigns', 'insights'])('specs/%s has no lint errors', (service) => {
    expect(lintSpec(join(REPO, 'specs', service, 'openapi.yaml')).filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('bundle', () => {
  const bundled = bundleSpec(join(FIXTURES, 'bundle/root.yaml'));
  const components = bundled.document.components as Record<string, JsonObject>;
  const schemas = components.schemas!;
  const refAt = (...keys: string[]) => keys.reduce<unknown>((node, k) => (node as JsonObject)[k], bundled.document);

  it.each([
    { given: "the root's own #/components/schemas/Money", at: ['components', 'schemas', 'Page', 'properties', 'price', '$ref'], want: '#/components/schemas/Money' },
    { given: 'a.yaml Money (clashes with the root one)', at: ['components', 'schemas', 'Page', 'properties', 'priceA', '$ref'], want: '#/components/schemas/Money2' },
    { given: 'b.yaml Money (clashes with both)', at: ['components', 'schemas', 'Page', 'properties', 'priceB', '$ref'], want: '#/components/schemas/Money3' },
    { given: 'a.yaml Money again (imported once)', at: ['components', 'schemas', 'Page', 'properties', 'priceAgain', '$ref'], want: '#/components/schemas/Money2' },
    { given: 'a whole-file ref (c.yaml)', at: ['components', 'schemas', 'Page', 'properties', 'note', '$ref'], want: '#/components/schemas/c' },
    { given: 'a non-component target under a property named headers', at: ['components', 'schemas', 'Page', 'properties', 'headers', '$ref'], want: '#/components/schemas/Header' },
    { given: 'the root file by name (root.yaml#/...)', at: ['components', 'schemas', 'Node', 'properties', 'next', '$ref'], want: '#/components/schemas/Node' },
    { given: 'a parameter in a.yaml', at: ['paths', '/things', 'get', 'parameters', '0', '$ref'], want: '#/components/parameters/Limit' },
    { given: "a local ref inside a.yaml (to a.yaml's Money)", at: ['components', 'parameters', 'Limit', 'schema', '$ref'], want: '#/components/schemas/Money2' },
    { given: 'a self-recursive schema in a.yaml', at: ['components', 'schemas', 'Tree', 'properties', 'children', 'items', '$ref'], want: '#/components/schemas/Tree' },
    { given: 'mutual recursion a.yaml -> b.yaml', at: ['components', 'schemas', 'Ping', 'properties', 'pong', '$ref'], want: '#/components/schemas/Pong' },
    { given: 'mutual recursion b.yaml -> a.yaml', at: ['components', 'schemas', 'Pong', 'properties', 'ping', '$ref'], want: '#/components/schemas/Ping' },
    { given: 'b.yaml back into the root', at: ['components', 'schemas', 'Pong', 'properties', 'node', '$ref'], want: '#/components/schemas/Node' },
    { given: 'a ref inside an inlined path item file', at: ['paths', '/pings', 'get', 'responses', '200', 'content', 'application/json', 'schema', '$ref'], want: '#/components/schemas/Ping' },
  ])('$given -> $want', ({ at, want }) => {
    expect(refAt(...at)).toBe(want);
  });

  it('imports external targets into components under deduped names', () => {
    expect(Object.keys(schemas).sort()).toEqual(['Header', 'Money', 'Money2', 'Money3', 'Node', 'Page', 'Ping', 'Pong', 'Tree', 'c']);
    expect([schemas.Money, schemas.Money2, schemas.Money3]).toEqual([{ type: 'integer' }, { type: 'string' }, { type: 'number' }]);
    expect(Object.keys(components)).toEqual(['schemas', 'parameters', 'responses']);
  });

  it('inlines path items kept in other files', () => {
    expect(refAt('paths', '/pings', 'get', 'operationId')).toBe('listPings');
  });

  it('leaves only local refs and lists every file it read', () => {
    const refs = JSON.stringify(bundled.document).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => !r.startsWith('"$ref":"#/components/'))).toEqual([]);
    expect(bundled.files.map((f) => relative(FIXTURES, resolve(f)))).toEqual(['bundle/a.yaml', 'bundle/b.yaml', 'bundle/c.yaml', 'bundle/paths/pings.yaml', 'bundle/root.yaml']);
  });

  it('treats a response called `default` as a response, not a default value', () => {
    expect(refAt('paths', '/things', 'get', 'responses', 'default')).toEqual({ $ref: '#/components/responses/Failure' });
    expect(refAt('components', 'responses', 'Failure', 'content', 'application/json', 'schema')).toEqual({ $ref: '#/components/schemas/Money2' });
  });

  it('keeps `$ref` keys inside literal data (examples, default, const, enum, x-) as data', () => {
    const doc = bundleSpec(join(FIXTURES, 'bundle/literal-refs.yaml')).document as any;
    const body = doc.paths['/schemas'].post.requestBody.content['application/json'];
    expect(body.example).toEqual({ $ref: './nowhere.yaml#/Thing' });
    expect(body.examples.pointer.value).toEqual({ $ref: '#/definitions/Missing' });
    expect(body.examples.shared).toEqual({ $ref: '#/components/examples/Shared' });
    expect(doc.paths['/schemas'].post['x-sample-request']).toEqual({ $ref: 'https://example.com/not-fetched.json' });
    expect(doc.components.examples.Shared.value).toEqual({ nested: { $ref: 'other.json#/x' } });
    const schema = doc.components.schemas.SchemaDoc;
    expect([schema.default, schema.examples, schema.properties.kind.const, schema.properties.options.enum]).toEqual([
      { $ref: 'defaults.json' },
      [{ $ref: 'array-example.json' }],
      { $ref: 'const.json' },
      [{ $ref: 'enum.json' }],
    ]);
  });

  it.each([
    { given: 'missing-target.yaml', want: /\$ref target '.*a\.yaml#\/components\/schemas\/Nope' does not exist/ },
    { given: 'remote.yaml', want: /remote \$ref 'https:\/\/example\.com\/schemas\.yaml#\/Thing' is not supported/ },
  ])('$given fails with a SpecLoadError', ({ given, want }) => {
    const run = () => bundleSpec(join(FIXTURES, 'bundle', given));
    expect(run).toThrow(SpecLoadError);
    expect(run).toThrow(want);
  });
});

describe('IR', () => {
  it('carries security: the root default, an operation override, public operations, and a kind per scheme', () => {
    const schemes = {
      oauth2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'http://x/token', scopes: { 'a:read': 'r' } } } },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      basic: { type: 'http', scheme: 'basic' },
    };
    const ir = buildIR(
      't',
      spec(
        {
          '/a': {
            get: { operationId: 'readA', responses: ok },
            post: { operationId: 'writeA', security: [{ oauth2: ['a:write'] }, { apiKey: ['a:write'] }], responses: ok },
            put: { operationId: 'basicA', security: [{ basic: [] }], responses: ok },
          },
          '/health': { get: { operationId: 'health', security: [], 'x-public': true, responses: ok } },
        },
        { security: [{ oauth2: ['a:read'] }], components: { securitySchemes: schemes } },
      ),
    );
    const byId = Object.fromEntries(ir.operations.map((op) => [op.operationId, op]));
    expect(byId.readA!.security).toEqual([[{ scheme: 'oauth2', kind: 'bearer', scopes: ['a:read'] }]]);
    expect(byId.writeA!.security).toEqual([[{ scheme: 'oauth2', kind: 'bearer', scopes: ['a:write'] }], [{ scheme: 'apiKey', kind: 'apiKey', scopes: ['a:write'] }]]);
    expect(byId.basicA!.security).toEqual([[{ scheme: 'basic', kind: 'unsupported', scopes: [] }]]);
    expect(byId.health).toMatchObject({ security: [], public: true });
    const operations = emitOperations(ir)[0]!.content;
    expect(operations).toContain('export interface ReadAInput {\n  principal: Principal;\n}');
    expect(operations).not.toMatch(/HealthInput \{[^}]*principal/);
    expect(emitServer(ir, 't')[0]!.content).toContain('options: OperationRouterOptions<OperationId> & { auth: Authenticator }');
  });

  it.each([
    { method: 'get', path: '/films/{filmId}', want: 'getFilmsFilmId' },
    { method: 'post', path: '/', want: 'post' },
    { method: 'DELETE', path: '/v1/user-groups/{group_id}/members', want: 'deleteV1UserGroupsGroupIdMembers' },
    { method: 'get', path: '/items/{item-id}/files/{file.name}.{ext}', want: 'getItemsItemIdFilesFileNameExt' },
  ])('synthesizeId($method, $path) = $want', ({ method, path, want }) => {
    expect(synthesizeId(method, path)).toBe(want);
  });

  it.each([
    { given: 'listFilms', want: 'listFilms' },
    { given: 'ListFilms', want: 'listFilms' },
    { given: 'find pets', want: 'findPets' },
    { given: 'pet.find-by-id', want: 'petFindById' },
    { given: 'items.files/get-one', want: 'itemsFilesGetOne' },
    { given: '1st delete', want: 'op1stDelete' },
    { given: 'snake_case_id', want: 'snake_case_id' },
    { given: '---', want: 'operation' },
  ])('toIdentifier($given) = $want', ({ given, want }) => {
    expect(toIdentifier(given)).toBe(want);
  });

  it.each([
    { given: [undefined], want: ['getThings'] },
    { given: ['get-things', 'getThings'], want: ['getThings', 'getThings2'] },
    { given: [undefined, 'getThings'], want: ['getThings', 'getThings2'] },
    { given: ['constructor', 'http', '__proto__'], want: ['constructor2', 'http2', '__proto__2'] },
    { given: ['', 'find pets'], want: ['getThings', 'findPets'] },
  ])('operationIds $given become $want', ({ given, want }) => {
    const methods = ['get', 'put', 'post', 'delete'] as const;
    const item = Object.fromEntries(given.map((id, i) => [methods[i]!, { ...(id === undefined ? {} : { operationId: id }), responses: ok }]));
    const ids = buildIR('t', spec({ '/things': item })).operations.map((o) => o.operationId);
    expect(ids).toEqual(want);
  });

  describe('parameters', () => {
    const document = spec(
      {
        '/orgs/{orgId}/members': {
          parameters: [
            { $ref: '#/components/parameters/OrgId' },
            { name: 'limit', in: 'query', schema: { type: 'integer' } },
            { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } },
            { name: 'id', in: 'query', schema: { type: 'string' } },
          ],
          get: { operationId: 'listMembers', responses: ok },
          post: {
            operationId: 'addMember',
            parameters: [
              { name: 'limit', in: 'query', required: true, description: 'overrides the path-level one', schema: { type: 'integer' } },
              { name: 'id', in: 'header', schema: { type: 'string' } },
              { name: 'session', in: 'cookie', schema: { type: 'string' } },
            ],
            responses: ok,
          },
        },
      },
      { components: { parameters: { OrgId: { name: 'orgId', in: 'path', schema: { type: 'string' } } } } },
    );
    const ir = buildIR('t', document);
    const summary = (id: string) => {
      const op = ir.operations.find((o) => o.operationId === id)!;
      return Object.fromEntries(Object.entries(op.parameters).map(([loc, ps]) => [loc, ps.map((p) => `${p.name}${p.required ? '!' : ''}`)]));
    };

    it.each([
      { given: 'listMembers (path-level only)', id: 'listMembers', want: { path: ['orgId!'], query: ['limit', 'id'], header: ['X-Tenant!'], cookie: [] } },
      // limit overridden (now required); id in query and id in header are different parameters.
      { given: 'addMember (operation-level overrides)', id: 'addMember', want: { path: ['orgId!'], query: ['id', 'limit!'], header: ['X-Tenant!', 'id'], cookie: ['session'] } },
    ])('$given: merged and grouped by location', ({ id, want }) => {
      expect(summary(id)).toEqual(want);
    });

    it('keeps the overriding definition, and resolves $refs', () => {
      const add = ir.operations.find((o) => o.operationId === 'addMember')!;
      expect(add.parameters.query.find((p) => p.name === 'limit')).toMatchObject({ required: true, description: 'overrides the path-level one' });
      expect(add.parameters.path[0]).toMatchObject({ name: 'orgId', in: 'path', required: true, schema: { type: 'string' } });
    });
  });

  it('resolves responses, keeps default and ranges, skips x- extensions', () => {
    const ir = buildIR(
      't',
      spec(
        {
          '/x': {
            get: {
              operationId: 'getX',
              responses: {
                '200': { $ref: '#/components/responses/Ok' },
                '4XX': { description: 'Client error.', content: { 'text/plain': {} } },
                default: { description: 'Other.' },
                'x-internal': 'not a response',
              },
            },
          },
        },
        { components: { responses: { Ok: { description: 'Fine.', headers: { ETag: { required: true, schema: { type: 'string' } } }, content: { 'application/json': { schema: { type: 'string' } } } } } } },
      ),
    );
    const responses = ir.operations[0]!.responses;
    expect(responses.map((r) => [r.status, r.description, r.contents.map((c) => c.mediaType)])).toEqual([
      ['200', 'Fine.', ['application/json']],
      ['4XX', 'Client error.', ['text/plain']],
      ['default', 'Other.', []],
    ]);
    expect(responses[0]!.headers).toEqual([{ name: 'ETag', required: true, schema: { type: 'string' }, kind: 'string' }]);
  });

  it.each<{ given: string; schema: JsonObject | undefined; want: string }>([
    { given: 'an integer (Retry-After)', schema: { type: 'integer' }, want: 'integer' },
    { given: 'a number', schema: { type: 'number' }, want: 'number' },
    { given: 'a boolean', schema: { type: 'boolean' }, want: 'boolean' },
    { given: 'a 3.1 nullable integer', schema: { type: ['integer', 'null'] }, want: 'integer' },
    { given: 'a $ref to an integer schema', schema: { $ref: '#/components/schemas/Seconds' }, want: 'integer' },
    { given: 'an array of integers (simple style)', schema: { type: 'array', items: { type: 'integer' } }, want: 'integer[]' },
    { given: 'an array without item type', schema: { type: 'array' }, want: 'string[]' },
    { given: 'a string', schema: { type: 'string', format: 'uri' }, want: 'string' },
    { given: 'an object (read as the raw string)', schema: { type: 'object' }, want: 'string' },
    { given: 'no schema', schema: undefined, want: 'string' },
  ])('reads a response header declared as $given as $want', ({ schema, want }) => {
    const header: JsonObject = schema === undefined ? { content: { 'text/plain': {} } } : { schema };
    const document = spec({ '/x': { get: { operationId: 'getX', responses: { '200': { description: 'ok', headers: { 'X-H': header } } } } } }, { components: { schemas: { Seconds: { type: 'integer', minimum: 0 } } } });
    expect(buildIR('t', document).operations[0]!.responses[0]!.headers[0]!.kind).toBe(want);
  });

  it.each([
    { given: 'webhooks', document: spec({}, { webhooks: { a: { post: { responses: ok } }, b: { post: { responses: ok } } } }), want: ['webhooks are not supported yet; skipped 2 webhook(s)'] },
    {
      given: 'callbacks',
      document: spec({ '/s': { post: { operationId: 'sub', responses: ok, callbacks: { ev: { '{$request.body#/url}': { post: { responses: ok } } } } } } }),
      want: ['sub: callbacks are not supported yet; skipped'],
    },
    {
      given: 'links (through a $ref response)',
      document: spec({ '/s': { get: { operationId: 'getS', responses: { '200': { $ref: '#/components/responses/L' } } } } }, { components: { responses: { L: { description: 'x', links: { Self: { operationId: 'getS' } } } } } }),
      want: [],
    },
    {
      given: 'a link naming an operationId nobody declares',
      document: spec({ '/s': { get: { operationId: 'getS', responses: { '200': { description: 'x', links: { Next: { operationId: 'getT' } } } } } } }),
      want: ["getS: response 200 link 'Next' names operationId 'getT', which no operation declares"],
    },
    { given: 'none of them', document: spec({ '/s': { get: { operationId: 'getS', responses: ok } } }), want: [] },
  ])('$given -> warnings $want', ({ document, want }) => {
    expect(buildIR('t', document).warnings).toEqual(want);
  });

  it('keeps response links (through a $ref) with their target and parameters', () => {
    const links = { Self: { operationId: 'getS', parameters: { id: '$response.body#/id' }, description: 'Read it back.' } };
    const document = spec({ '/s': { get: { operationId: 'getS', responses: { '200': { $ref: '#/components/responses/L' } } } } }, { components: { responses: { L: { description: 'x', links } } } });
    expect(buildIR('t', document).operations[0]!.responses[0]!.links).toEqual([{ name: 'Self', operationId: 'getS', parameters: { id: '$response.body#/id' }, description: 'Read it back.' }]);
  });

  it('copes with a document without paths or components', () => {
    const ir = buildIR('bare', { openapi: '3.1.0', info: { title: 'Bare', version: '0' } });
    expect(ir).toMatchObject({ title: 'Bare', operations: [], schemas: {}, warnings: [] });
  });
});

describe('emitters', () => {
  const emitAll = (ir: IRService) => [...emitOperations(ir), ...emitServer(ir, ir.name), ...emitClient(ir, ir.name)];
  const build = (name: string, specPath: string) => buildIR(name, bundleSpec(specPath).document);

  it.each([
    { name: 'catalog', specPath: join(REPO, 'specs/catalog/openapi.yaml') },
    { name: 'audience', specPath: join(REPO, 'specs/audience/openapi.yaml') },
    { name: 'odd-corners', specPath: join(FIXTURES, 'features/odd/openapi.yaml') },
    { name: 'bundle', specPath: join(FIXTURES, 'bundle/root.yaml') },
  ])('$name: emitting twice gives identical bytes', ({ name, specPath }) => {
    const first = emitAll(build(name, specPath));
    const second = emitAll(build(name, specPath));
    expect(first.map((f) => f.path)).toEqual(['operations.gen.ts', 'server.gen.ts', 'client.gen.ts']);
    expect(second).toEqual(first);
  });

  it.each(['catalog', 'audience', 'identity'])('%s: the committed generated/ files are what the emitters produce (run `make generate` if not)', (name) => {
    const document = bundleSpec(join(REPO, 'specs', name, 'openapi.yaml')).document;
    for (const file of emitAll(buildIR(name, document))) {
      expect(file.content).toBe(readFileSync(join(REPO, 'generated', name, file.path), 'utf8'));
    }
    expect(`${JSON.stringify(document, null, 2)}\n`).toBe(readFileSync(join(REPO, 'generated', name, 'openapi.json'), 'utf8'));
  });

  it.each([
    { given: 'a service name with dashes', name: 'odd-corners', want: ['export class OddCornersClient', 'export interface OddCornersHandlers', 'export function createOddCornersRouter('] },
    { given: 'a title that closes a comment', name: 'odd', want: ['/** Operations of Odd *\\/ corners 0.0.1, keyed by operationId. */'] },
    { given: 'non-identifier parameter and header names', name: 'odd', want: ['headerParams: ["X-Request-ID"]', 'queryStyles: { ids: "csv" }', 'headers?: { "X-Rate-Limit-Remaining"?: number }', 'responseHeaders: { "204": { "X-Rate-Limit-Remaining": "integer" } }'] },
    // Literal unions, so `status === 200` still narrows: a range less its own declared codes; default what nothing else covers.
    {
      given: 'default and range responses',
      name: 'odd',
      want: [
        'type Status4XX = 400 | 401 | ',
        '| { status: Status1XX | Status2XX | Status3XX | Status4XX | Status5XX; body: GetOp[\'responses\']["default"]',
        '| { status: Exclude<Status2XX, 200>; body?: undefined }',
        // Bytes arrive as a Blob (runtime/src/client-core/media.ts).
        'body: ItemsFilesGetOneOp[\'responses\'][200][\'content\']["text/csv"] | Blob; contentType?',
        '| { status: Status4XX; body: ItemsFilesGetOneOp[\'responses\']["4XX"]',
      ],
    },
  ])('$given: emitted code contains $want', ({ name, want }) => {
    const code = emitAll(build(name, join(FIXTURES, 'features/odd/openapi.yaml')))
      .map((f) => f.content)
      .join('\n');
    for (const snippet of want) {
      expect(code).toContain(snippet);
    }
  });
});
