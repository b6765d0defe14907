/** A `$ref` key inside example data is data: the router must start and validate, never resolve it. */
import { createLogger, createOperationRouter, createServiceApp, listen } from '../index';
import type { OperationTable } from '../client';
import { withoutLiteralRefs } from '../spec-literals';

const schemaDoc = {
  type: 'object',
  required: ['title'],
  properties: { title: { type: 'string', minLength: 1 }, document: { type: 'object', examples: [{ $ref: './missing.yaml#/A' }] } },
  example: { title: 'T', document: { $ref: 'https://example.com/never-fetched.json' } },
};
const spec = {
  openapi: '3.1.0',
  info: { title: 'Literal refs', version: '1.0.0' },
  paths: {
    '/schemas': {
      post: {
        operationId: 'putSchema',
        'x-sample': { $ref: '#/nowhere' },
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/SchemaDoc' },
              examples: { pointer: { value: { title: 'P', document: { $ref: '#/definitions/Missing' } } } },
            },
          },
        },
        responses: { '204': { description: 'Stored.' } },
      },
    },
  },
  components: { schemas: { SchemaDoc: schemaDoc } },
};
const operations = {
  putSchema: { method: 'post', path: '/schemas', headerParams: [], requestMediaTypes: ['application/json'], responses: { '204': [] }, deprecated: false },
} as const satisfies OperationTable;

test('When a spec has $ref keys inside examples and x- extensions, Then the router validates requests and never resolves them', async () => {
  const router = createOperationRouter({ spec, operations, handlers: { putSchema: async () => ({ status: 204 }) } });
  const running = await listen(createServiceApp({ name: 'literal', log: createLogger('literal', 'silent'), readiness: {}, routers: [router] }), 0);
  try {
    const post = (body: unknown) => fetch(`${running.url}/schemas`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ title: 'A JSON Schema', document: { $ref: '#/x' } })).status).toBe(204);
    const bad = await post({ title: '' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ location: 'body', pointer: '/title' }] });
  } finally {
    await running.close();
  }
});

test('When literals hold a $ref key, Then only those literals are dropped and everything else is kept', () => {
  const stripped = withoutLiteralRefs(spec);
  expect(stripped.paths['/schemas'].post).not.toHaveProperty('x-sample');
  expect(stripped.paths['/schemas'].post.requestBody.content['application/json'].examples.pointer).toEqual({});
  expect(stripped.components.schemas.SchemaDoc).toEqual({ type: 'object', required: ['title'], properties: { title: { type: 'string', minLength: 1 }, document: { type: 'object' } } });
  expect(withoutLiteralRefs({ enum: ['a', 'b'], default: 'a', example: { id: 1 }, 'x-k': 1 })).toEqual({ enum: ['a', 'b'], default: 'a', example: { id: 1 }, 'x-k': 1 });
  expect(spec.components.schemas.SchemaDoc.example.document).toEqual({ $ref: 'https://example.com/never-fetched.json' });
});

test('When a map names an entry like a keyword (a default response, an enum property), Then the entry is structure, not data', () => {
  const doc = {
    paths: { '/a': { get: { responses: { default: { $ref: '#/components/responses/Problem' }, 'x-note': { $ref: '#/x' } } } } },
    components: {
      schemas: { Thing: { type: 'object', properties: { enum: { $ref: '#/components/schemas/Other' }, default: { type: 'string', default: 'a' } } } },
      responses: { default: { description: 'd', headers: { const: { $ref: '#/components/headers/H' } } } },
    },
  };
  const stripped = withoutLiteralRefs(doc);
  expect(stripped.paths['/a'].get.responses).toEqual({ default: { $ref: '#/components/responses/Problem' } });
  expect(stripped.components).toEqual(doc.components);
});
