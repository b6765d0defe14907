/**
 * Request validators compiled at generate time (codegen/src/emit/request-validators.ts): a spec
 * Ajv's standalone code cannot express still generates; its operations are validated by the
 * validator's middleware at run time instead.
 */
import { emitRequestValidators } from '../src/emit/request-validators';

const doc = (schema: object) => ({
  openapi: '3.0.3',
  info: { title: 't', version: '1.0.0' },
  paths: {
    '/notes': {
      post: {
        operationId: 'createNote',
        requestBody: { required: true, content: { 'application/json': { schema } } },
        responses: { '201': { description: 'created' } },
      },
    },
  },
});

beforeAll(() => {
  process.env.MARQUEE_COMPILE_CACHE = '0';
});

test('a plain spec gets its operation precompiled', async () => {
  const [file] = await emitRequestValidators(doc({ type: 'object', required: ['text'], properties: { text: { type: 'string' } } }));
  expect(file!.path).toBe('validators.gen.ts');
  expect(file!.content).toContain('"createNote": {');
  expect(file!.content).not.toContain('could not be compiled');
});

test('an operation whose schema Ajv refuses (OpenAPI 3.0 `nullable` without `type`) is left to the middleware; the file generates', async () => {
  const [file] = await emitRequestValidators(doc({ type: 'object', properties: { text: { nullable: true } } }));
  expect(file!.content).toContain('export const requestValidators');
  expect(file!.content).not.toContain('createNote');
});

test('a readOnly property in one request body (a keyword standalone code cannot write): that operation is left to the middleware, the others are precompiled', async () => {
  const document = doc({ type: 'object', properties: { id: { type: 'string', readOnly: true }, text: { type: 'string' } } });
  (document.paths as Record<string, object>)['/tags'] = {
    get: { operationId: 'listTags', parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } }], responses: { '200': { description: 'tags' } } },
  };
  const [file] = await emitRequestValidators(document);
  expect(file!.content).toContain('"listTags": {');
  expect(file!.content).not.toContain('"createNote": {');
  expect(file!.content).toContain("Left to the validator's middleware at run time (a schema standalone code cannot express): createNote.");
  expect(file!.content).not.toContain('could not be compiled');
});
