/**
 * A generated router serves its spec's path keys relative to wherever it is mounted, and
 * validates there: a `servers` URL with a base path (`https://api.example.com/v1`) never
 * switches validation off because the router is mounted somewhere else (or at the root). A
 * path key with a query string, which the generator skips with a lint warning, never stops it starting.
 */
import express from 'express';
import { createLogger, createOperationRouter, createServiceApp, listen } from '../index';
import type { OperationTable } from '../client';

const spec = {
  openapi: '3.1.0',
  info: { title: 'Based', version: '1.0.0' },
  servers: [{ url: 'https://api.example.com/v1' }, { url: '/internal/v1' }],
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } } } } },
      },
    },
  },
};
const operations = {
  getThing: { method: 'get', path: '/things/{id}', headerParams: [], requestMediaTypes: [], responses: { '200': ['application/json'] }, deprecated: false },
} as const satisfies OperationTable;
const handlers = { getThing: async (input: { path: { id: number } }) => ({ status: 200, body: { id: input.path.id } }) };

/** The generated router at the root of createServiceApp (dispatched directly), or under `mount` in a plain router. */
function app(mount: string | undefined): ReturnType<typeof createServiceApp> {
  const router = createOperationRouter({ spec, operations, handlers });
  return createServiceApp({ name: 'based', log: createLogger('based', 'silent'), readiness: {}, routers: [mount === undefined ? router : express.Router().use(mount, router)] });
}

test.each([
  { mountedAt: 'the root, by createServiceApp', mount: undefined, prefix: '' },
  { mountedAt: "the servers URL's base path", mount: '/v1', prefix: '/v1' },
  { mountedAt: 'another base path', mount: '/api/things-service', prefix: '/api/things-service' },
])('When the router is mounted at $mountedAt, Then requests there are validated and coerced', async ({ mount, prefix }) => {
  const running = await listen(app(mount), 0);
  try {
    const ok = await fetch(`${running.url}${prefix}/things/7`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: 7 }); // a number: the validator coerced the path parameter
    const bad = await fetch(`${running.url}${prefix}/things/0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ location: 'path', pointer: '/id' })]);
  } finally {
    await running.close(0);
  }
});

test('When the spec has a path key with a query string (the generator skips it), Then the router still starts and validates the real path', async () => {
  const ok = { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } };
  const odd = {
    openapi: '3.0.3',
    info: { title: 'Odd', version: '1' },
    paths: {
      '/responses': { post: { operationId: 'createResponse', parameters: [{ name: 'n', in: 'query', schema: { type: 'integer' } }], responses: ok } },
      '/responses?beta=true': { post: { operationId: 'createBeta', responses: ok } },
    },
  };
  const route = { method: 'post', path: '/responses', headerParams: [], requestMediaTypes: [], responses: { '200': ['application/json'] }, deprecated: false } as const;
  const router = createOperationRouter({ spec: odd, operations: { createResponse: route }, handlers: { createResponse: async () => ({ status: 200, body: {} }) } });
  const running = await listen(createServiceApp({ name: 'odd', log: createLogger('odd', 'silent'), readiness: {}, routers: [router] }), 0);
  try {
    expect((await fetch(`${running.url}/responses?n=1`, { method: 'POST' })).status).toBe(200);
    const bad = await fetch(`${running.url}/responses?beta=true`, { method: 'POST' });
    expect(bad.status).toBe(400); // undeclared query parameter, named
    expect(((await bad.json()) as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ location: 'query', pointer: '/beta' })]);
  } finally {
    await running.close(0);
  }
});
