/** The router generated code delegates to: request validation always, response validation when asked. */
import { createLogger, createOperationRouter, createServiceApp, listen, type RunningServer } from '../index';
import type { OperationTable } from '../client';

const spec = {
  openapi: '3.1.0',
  info: { title: 'Tiny', version: '1.0.0' },
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['id', 'name'], additionalProperties: false, properties: { id: { type: 'integer' }, name: { type: 'string' } } } } } },
        },
      },
    },
  },
};
const operations = {
  getThing: { method: 'get', path: '/things/{id}', headerParams: [], requestMediaTypes: [], responses: { '200': ['application/json'] }, deprecated: false },
} as const satisfies OperationTable;

/** id 1 answers correctly; any other id answers with a body the spec does not allow. */
const handlers = {
  async getThing(input: { path: { id: number } }) {
    const id = Number(input.path.id);
    return id === 1 ? { status: 200, body: { id, name: 'one' } } : { status: 200, body: { id: String(id), colour: 'red' } };
  },
};

async function serve(validateResponses: boolean): Promise<RunningServer> {
  const router = createOperationRouter({ spec, operations, handlers, options: { validateResponses } });
  return listen(createServiceApp({ name: 'tiny', log: createLogger('tiny', 'silent'), readiness: {}, routers: [router] }), 0);
}

test('When response validation is on, Then a body outside the spec is a 500, and a valid one passes', async () => {
  const running = await serve(true);
  try {
    expect((await fetch(`${running.url}/things/1`)).status).toBe(200);
    const bad = await fetch(`${running.url}/things/2`);
    expect(bad.status).toBe(500);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  } finally {
    await running.close();
  }
});

test('When response validation is off (production), Then the handler body goes out as is', async () => {
  const running = await serve(false);
  try {
    expect(await (await fetch(`${running.url}/things/2`)).json()).toEqual({ id: '2', colour: 'red' });
  } finally {
    await running.close();
  }
});

test('When a path parameter breaks its schema, Then 400 names it', async () => {
  const running = await serve(true);
  try {
    const res = await fetch(`${running.url}/things/0`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ location: 'path', pointer: '/id' }] });
  } finally {
    await running.close();
  }
});
