/** Edge cases found by fuzzing the live services: no Content-Type, and an empty cursor. */
import { createLogger, createOperationRouter, createServiceApp, decodeCursor, listen } from '../index';
import type { OperationTable } from '../client';

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
    },
  },
};
const operations = {
  createNote: { method: 'post', path: '/notes', headerParams: [], requestMediaTypes: ['application/json'], responses: { '204': [] }, deprecated: false },
} as const satisfies OperationTable;

test.each([
  { given: 'no Content-Type', headers: {}, want: /no Content-Type header/ },
  { given: 'text/csv', headers: { 'content-type': 'text/csv' }, want: /Content-Type 'text\/csv' is not accepted/ },
])('When a body comes with $given, Then 415 names the content-type header and leaks no JavaScript value', async ({ headers, want }) => {
  const router = createOperationRouter({ spec, operations, handlers: { createNote: async () => ({ status: 204 }) } });
  const running = await listen(createServiceApp({ name: 'edges', log: createLogger('edges', 'silent'), readiness: {}, routers: [router] }), 0);
  try {
    // A Blob without a type makes fetch send no Content-Type at all.
    const res = await fetch(`${running.url}/notes`, { method: 'POST', headers, body: new Blob(['{"text":"hi"}']) });
    const problem = (await res.json()) as { detail: string; errors: unknown[] };
    expect(res.status).toBe(415);
    expect(problem.detail).toMatch(want);
    expect(problem.detail).not.toMatch(/undefined/);
    expect(problem.errors).toEqual([{ location: 'header', pointer: '/content-type', detail: problem.detail }]);
  } finally {
    await running.close();
  }
});

test('When the cursor is empty (cursor=), Then it means the first page, as the spec allows', () => {
  expect(decodeCursor('', ['id'])).toBeUndefined();
  expect(() => decodeCursor('x', ['id'])).toThrow(/cursor/);
});
