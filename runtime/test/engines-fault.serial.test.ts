/**
 * Fault test over the real engines: stop one while a service runs; its readiness fails and its
 * requests that need the engine answer 503 problem+json with Retry-After; restart the engine
 * and the same service heals without a restart. Runs after the parallel suite (`*.serial.test.ts`),
 * because it stops engines other tests use.
 */
import express from 'express';
import { createKafka, createLogger, createSearch, createServiceApp, kafkaReadiness, listen, searchReadiness, type RunningServer } from '../index';
import { ELASTICSEARCH_URL, engine, eventually, KAFKA_BROKERS } from '../../test/support/engines';

const log = createLogger('fault-test', 'silent');

let running: RunningServer;
const search = createSearch({ node: ELASTICSEARCH_URL, requestTimeoutMs: 2000 });
const kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: 'fault-test', log });
const kafkaReady = kafkaReadiness(kafka);

beforeAll(async () => {
  const router = express.Router();
  router.get('/search', async (_req, res) => {
    const result = await search.count({ index: '_all' });
    res.json({ count: result.count });
  });
  router.get('/topics', async (_req, res) => {
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      res.json({ topics: (await admin.listTopics()).length });
    } finally {
      await admin.disconnect();
    }
  });
  running = await listen(createServiceApp({ name: 'fault', log, readiness: { elasticsearch: searchReadiness(search), kafka: kafkaReady }, routers: [router] }), 0);
});

afterAll(async () => {
  engine('up', 'elasticsearch');
  engine('up', 'kafka');
  await running.close();
  await kafkaReady.close();
  await search.close();
});

const get = async (path: string) => {
  const res = await fetch(`${running.url}${path}`);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type'), body: (await res.json()) as Record<string, any> };
};

test.each([
  ['elasticsearch', '/search'],
  ['kafka', '/topics'],
] as const)('When %s stops and comes back, Then readiness and requests fail with 503 and then heal by themselves', async (name, path) => {
  expect((await get('/readyz')).status).toBe(200);
  expect((await get(path)).status).toBe(200);

  engine('down', name);
  const notReady = await get('/readyz');
  expect(notReady).toMatchObject({ status: 503, retryAfter: '5' });
  expect(notReady.body.checks[name]).not.toBe('ok');
  const failing = await get(path);
  expect(failing).toMatchObject({ status: 503, retryAfter: '5', body: { status: 503 } });
  expect(failing.type).toMatch(/^application\/problem\+json/);

  engine('up', name);
  await eventually(async () => (await get('/readyz')).status === 200, 60_000);
  await eventually(async () => (await get(path)).status === 200, 30_000);
}, 180_000);
