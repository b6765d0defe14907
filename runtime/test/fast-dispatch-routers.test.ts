/** createServiceApp dispatches a generated router's operations directly only when no plain router comes before it. */
import express from 'express';
import { createLogger, createOperationRouter, createServiceApp, fastPathOf, listen } from '../index';
import type { OperationTable } from '../client';

const spec = {
  openapi: '3.1.0',
  info: { title: 'Tiny', version: '1.0.0' },
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
};
const operations = {
  getThing: { method: 'get', path: '/things/{id}', headerParams: [], requestMediaTypes: [], responses: { '200': ['application/json'] }, deprecated: false },
} as const satisfies OperationTable;

function generated(): { router: express.Router; owned: () => number } {
  const router = createOperationRouter({ spec, operations, handlers: { getThing: async (input: { path: { id: number } }) => ({ status: 200, body: { id: input.path.id } }) } });
  const fast = fastPathOf(router)!;
  const own = fast.handle.bind(fast);
  let owned = 0;
  fast.handle = (req, res, env) => (own(req, res, env) ? (owned++, true) : false);
  return { router, owned: () => owned };
}

function plain(seen: string[]): express.Router {
  return express.Router().use((req, res, next) => {
    seen.push(req.path);
    res.setHeader('x-seen-by-plain', 'yes');
    next();
  });
}

test('When a plain router comes first, Then every request passes through it (no direct dispatch)', async () => {
  const seen: string[] = [];
  const g = generated();
  const running = await listen(createServiceApp({ name: 't', log: createLogger('t', 'silent'), readiness: {}, routers: [plain(seen), g.router] }), 0);
  try {
    const res = await fetch(`${running.url}/things/7`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 7 }); // coerced by the validator on the Express chain too
    expect(res.headers.get('x-seen-by-plain')).toBe('yes');
    expect(seen).toEqual(['/things/7']);
    expect(g.owned()).toBe(0);
  } finally {
    await running.close(0);
  }
});

test('When the generated router comes first, Then its operations are dispatched directly, with the same answers, and the rest takes the Express chain', async () => {
  const seen: string[] = [];
  const g = generated();
  const running = await listen(createServiceApp({ name: 't', log: createLogger('t', 'silent'), readiness: {}, routers: [g.router, plain(seen)] }), 0);
  try {
    const ok = await fetch(`${running.url}/things/7`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: 7 }); // coerced to a number by the validator, as through the chain
    const bad = await fetch(`${running.url}/things/0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { location: string; pointer: string }[] }).errors[0]).toMatchObject({ location: 'path', pointer: '/id' });
    expect(g.owned()).toBe(2);
    expect((await fetch(`${running.url}/elsewhere`)).status).toBe(404); // the generated router's chain answers, as before
  } finally {
    await running.close(0);
  }
});

test('When an observer is given, Then it sees every request, those dispatched directly and those on the Express chain, and the operations stay on the direct dispatch', async () => {
  const finished: string[] = [];
  const g = generated();
  const observe = (req: { method?: string; url?: string }, res: { statusCode: number; once(event: 'finish', cb: () => void): unknown }) => {
    res.once('finish', () => finished.push(`${req.method} ${req.url} ${res.statusCode}`));
  };
  const running = await listen(createServiceApp({ name: 't', log: createLogger('t', 'silent'), readiness: {}, routers: [g.router], observe }), 0);
  try {
    expect((await fetch(`${running.url}/things/7`)).status).toBe(200);
    expect((await fetch(`${running.url}/things/0`)).status).toBe(400);
    expect((await fetch(`${running.url}/elsewhere`)).status).toBe(404);
    expect(g.owned()).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toEqual(['GET /things/7 200', 'GET /things/0 400', 'GET /elsewhere 404']);
  } finally {
    await running.close(0);
  }
});
