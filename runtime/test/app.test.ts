/** The service skeleton: health, readiness, request ids, problem mapping and draining on close. */
import express from 'express';
import { AppError, createLogger, createServiceApp, listen } from '../index';

const log = createLogger('test', 'silent');

function build(readiness: Record<string, () => Promise<void>> = {}) {
  const router = express.Router();
  router.get('/slow', async (_req, res) => {
    await new Promise((r) => setTimeout(r, 300));
    res.json({ done: true });
  });
  router.get('/boom', () => {
    throw new Error('secret internals');
  });
  router.get('/teapot', () => {
    throw new AppError('teapot', 418, 'I am a teapot', { detail: 'short and stout' });
  });
  return createServiceApp({ name: 'test', log, readiness, routers: [router] });
}

test('When a dependency check fails, Then /readyz is 503 naming it while /healthz stays 200', async () => {
  const running = await listen(build({ mysql: () => Promise.reject(new Error('connect ECONNREFUSED')) }), 0);
  try {
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', checks: { mysql: 'connect ECONNREFUSED' } });
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  } finally {
    await running.close();
  }
});

test('When a handler throws, Then unknown errors are a generic 500 and AppErrors keep their status', async () => {
  const running = await listen(build(), 0);
  try {
    const boom = await fetch(`${running.url}/boom`);
    expect(boom.status).toBe(500);
    expect(boom.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await boom.text()).not.toContain('secret internals');
    const teapot = await fetch(`${running.url}/teapot`, { headers: { 'x-request-id': 'tea-1' } });
    expect(await teapot.json()).toMatchObject({ status: 418, title: 'I am a teapot', detail: 'short and stout', requestId: 'tea-1', type: 'https://marquee.dev/problems/teapot' });
  } finally {
    await running.close();
  }
});

test('When the server closes during a request, Then the request completes, readiness drops and new connections are refused', async () => {
  const running = await listen(build(), 0);
  const inFlight = fetch(`${running.url}/slow`);
  await new Promise((r) => setTimeout(r, 50));
  const closing = running.close(5000);
  const response = await inFlight;
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ done: true });
  await closing;
  await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
});
