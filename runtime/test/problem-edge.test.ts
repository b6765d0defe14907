/**
 * Edge cases found by fuzzing the live services: no Content-Type, and an empty cursor. Each runs
 * on both request paths: the precompiled dispatch (runtime/src/fast) and the Express chain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { load } from 'js-yaml';
import { createLogger, createOperationRouter, createServiceApp, decodeCursor, fastPathOf, listen } from '../index';
import type { OperationTable } from '../client';

/** The Cursor parameter exactly as specs/common declares it, so spec and runtime cannot drift apart. */
const components = load(readFileSync(join(__dirname, '../../specs/common/components.yaml'), 'utf8')) as { components: { parameters: { Cursor: object } } };
const spec = {
  openapi: '3.1.0',
  info: { title: 'Edges', version: '1.0.0' },
  paths: {
    '/notes': {
      post: {
        operationId: 'createNote',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { text: { type: 'string' } } } } } },
        responses: { '204': { description: 'Stored.' } },
      },
      get: {
        operationId: 'listNotes',
        parameters: [components.components.parameters.Cursor],
        responses: { '200': { description: 'A page.', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
};
const operations = {
  createNote: { method: 'post', path: '/notes', headerParams: [], requestMediaTypes: ['application/json'], responses: { '204': [] }, deprecated: false },
  listNotes: { method: 'get', path: '/notes', headerParams: [], requestMediaTypes: [], responses: { '200': ['application/json'] }, deprecated: false },
} as const satisfies OperationTable;

const handlers = {
  createNote: async () => ({ status: 204 }),
  listNotes: async (input: { query: { cursor?: string } }) => ({ status: 200, body: { first: decodeCursor(input.query.cursor, ['id']) === undefined } }),
};

/** A service on port 0 whose generated router is dispatched directly ('fast') or behind a plain router ('express'). */
async function serve(path: 'fast' | 'express'): Promise<{ url: string; owned: () => number; close: () => Promise<void> }> {
  const router = createOperationRouter({ spec, operations, handlers });
  const fast = fastPathOf(router)!;
  const own = fast.handle.bind(fast);
  let owned = 0;
  fast.handle = (req, res, env) => (own(req, res, env) ? (owned++, true) : false);
  const routers = path === 'fast' ? [router] : [express.Router(), router];
  const running = await listen(createServiceApp({ name: 'edges', log: createLogger('edges', 'silent'), readiness: {}, routers }), 0);
  await running.ready;
  return { url: running.url, owned: () => owned, close: () => running.close(0) };
}

describe.each(['fast', 'express'] as const)('on the %s path', (path) => {
  let service: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    service = await serve(path);
  });
  afterAll(() => service.close());

  test.each([
    { given: 'no Content-Type', headers: {}, want: /no Content-Type header/ },
    { given: 'text/csv', headers: { 'content-type': 'text/csv' }, want: /Content-Type 'text\/csv' is not accepted/ },
  ])('When a body comes with $given, Then 415 names the content-type header and leaks no JavaScript value', async ({ headers, want }) => {
    // A Blob without a type makes fetch send no Content-Type at all.
    const res = await fetch(`${service.url}/notes`, { method: 'POST', headers, body: new Blob(['{"text":"hi"}']) });
    const problem = (await res.json()) as { detail: string; errors: unknown[] };
    expect(res.status).toBe(415);
    expect(problem.detail).toMatch(want);
    expect(problem.detail).not.toMatch(/undefined/);
    expect(problem.errors).toEqual([{ location: 'header', pointer: '/content-type', detail: problem.detail }]);
  });

  test.each(['cursor=', 'cursor', ''])('When the query is ?%s, Then it is the first page (the spec allows an empty cursor)', async (query) => {
    const res = await fetch(`${service.url}/notes?${query}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ first: true });
  });

  test('When the cursor is not one the service issued, Then 400 names it', async () => {
    const res = await fetch(`${service.url}/notes?cursor=x`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ location: 'query', pointer: '/cursor' })]);
  });

  afterAll(() => {
    // The JSON and bodiless requests above are the fast path's; the Express chain serves everything behind a plain router.
    if (path === 'express') {
      expect(service.owned()).toBe(0);
    } else {
      expect(service.owned()).toBeGreaterThan(0);
    }
  });
});

test('When the cursor is empty (cursor=), Then decodeCursor means the first page', () => {
  expect(decodeCursor('', ['id'])).toBeUndefined();
  expect(() => decodeCursor('x', ['id'])).toThrow(/cursor/);
});
