/** Deprecated operations: the stub announces Deprecation, Sunset and the successor; the client warns once. */
import { HttpClient, type OperationRoute } from '../client';
import { createLogger, createOperationRouter, createServiceApp, listen } from '../index';

const oldRoute: OperationRoute = {
  method: 'get',
  path: '/v1/things',
  headerParams: [],
  requestMediaTypes: [],
  responses: { '200': ['application/json'] },
  deprecated: true,
  deprecation: { since: '@1790812800', sunset: 'Wed, 30 Jun 2027 23:59:59 GMT', successor: '/v2/things' },
};
const spec = {
  openapi: '3.1.0',
  info: { title: 'Versions', version: '2.0.0' },
  paths: {
    '/v1/things': { get: { operationId: 'listThingsV1', deprecated: true, responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array' } } } } } } },
  },
};

test('When a deprecated operation is called, Then the response carries Deprecation, Sunset and a successor Link', async () => {
  const router = createOperationRouter({ spec, operations: { listThingsV1: oldRoute }, handlers: { listThingsV1: async () => ({ status: 200, body: [] }) } });
  const running = await listen(createServiceApp({ name: 'versions', log: createLogger('v', 'silent'), readiness: {}, routers: [router] }), 0);
  try {
    const res = await fetch(`${running.url}/v1/things`);
    expect(res.status).toBe(200);
    expect(res.headers.get('deprecation')).toBe('@1790812800');
    expect(res.headers.get('sunset')).toBe('Wed, 30 Jun 2027 23:59:59 GMT');
    expect(res.headers.get('link')).toBe('</v2/things>; rel="successor-version"');
  } finally {
    await running.close();
  }
});

test('When code calls a deprecated operation twice, Then the client warns once, naming the sunset and successor', async () => {
  const warnings: string[] = [];
  const fetch = (async () => new Response('[]', { headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch;
  const client = new HttpClient({ baseUrl: 'http://x.test', service: 'things', fetch, onDeprecated: (w) => warnings.push(w) });
  await client.call(oldRoute, 'listThingsV1', {});
  await client.call(oldRoute, 'listThingsV1', {});
  expect(warnings).toEqual(['things.listThingsV1 (GET /v1/things) is deprecated; it will be removed after Wed, 30 Jun 2027 23:59:59 GMT; use /v2/things instead']);
});
