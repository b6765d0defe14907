/** The TypeScript SDK emitter's spec-driven choices: security schemes, pagination, ESM specifiers. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitSdkSources, isCursorPaginated, sdkSecurity } from '../src/emit/sdk';
import { buildIR } from '../src/ir';
import type { JsonObject } from '@marquee/openapi';
import { withJsExtensions } from '../src/sdk/package';

const ROOT = join(__dirname, '../..');

describe('sdkSecurity', () => {
  test('When the spec declares oauth2 client credentials and a header API key, Then both are supported with their header, token URL and scopes', () => {
    const doc = {
      components: {
        securitySchemes: {
          oauth2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'http://127.0.0.1:4000/oauth/token', scopes: { 'catalog:read': 'r', 'catalog:write': 'w' } } } },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    } as unknown as JsonObject;
    expect(sdkSecurity(doc)).toEqual({ bearer: true, apiKeyHeader: 'X-API-Key', tokenUrl: 'http://127.0.0.1:4000/oauth/token', scopes: ['catalog:read', 'catalog:write'] });
  });

  test('When only a query API key is declared, Then neither bearer nor a header key is offered', () => {
    const doc = { components: { securitySchemes: { k: { type: 'apiKey', in: 'query', name: 'key' } } } } as unknown as JsonObject;
    expect(sdkSecurity(doc)).toEqual({ bearer: false, scopes: [] });
  });
});

describe('isCursorPaginated', () => {
  test('When catalog operations are classified, Then exactly the cursor-paginated lists are', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'generated/catalog/openapi.json'), 'utf8')) as JsonObject;
    const ir = buildIR('catalog', doc);
    expect(ir.operations.filter((op) => isCursorPaginated(op, ir.schemas)).map((op) => op.operationId)).toEqual(['listFilms', 'listCircuits', 'listCinemas']);
  });
});

describe("operation names that are the package's own exports", () => {
  test("When an operation is called createClient (identity's), Then its function is createClientOperation and the factory stays createClient", () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'generated/identity/openapi.json'), 'utf8')) as JsonObject;
    const index = emitSdkSources(buildIR('identity', doc), 'identity', sdkSecurity(doc)).find((f) => f.path === 'src/index.ts')!.content;
    expect(index.match(/^export function createClient\(/gm)).toHaveLength(1);
    expect(index).toMatch(/^export function createClientOperation\(client: SdkTransport/m);
    expect(index).toMatch(/^ {2}createClient\(request: ops\.CreateClientRequest, options\?: CallOptions\)[^{]*\{\n {4}return createClientOperation\(this\.transport/m);
  });
});

describe('withJsExtensions', () => {
  test('When core sources are copied, Then relative specifiers get .js and package ones do not', () => {
    expect(withJsExtensions("import { a } from './wire';\nimport type { B } from '../x/route';\nimport c from 'node:fs';\nexport * from './y.js';")).toBe(
      "import { a } from './wire.js';\nimport type { B } from '../x/route.js';\nimport c from 'node:fs';\nexport * from './y.js';",
    );
  });
});
