/**
 * No token or API key reaches the logs: the catalog runs with every log line captured at trace
 * level while it is called with valid, expired, forged and under-scoped tokens and with live and
 * revoked API keys; then the captured lines are searched for each credential and its secret part.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { listen, type RunningServer } from '@marquee/runtime';
import { loadCatalogConfig } from '../../services/catalog/src/config';
import { buildCatalogService, type CatalogService } from '../../services/catalog/src/server';
import { testEnv } from '../support/databases';
import { http, testIdentity } from '../support/platform';

const lines: string[] = [];
let service: CatalogService;
let running: RunningServer;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level: 'trace', base: { service: 'catalog' } }, sink);
  const identity = await testIdentity();
  service = buildCatalogService({ config: loadCatalogConfig(testEnv('catalog')), log, auth: identity.authenticator() });
  running = await listen(service, 0);
});
afterAll(async () => {
  await running.close(1000);
  await service.db.destroy();
});

test('When credentials of every kind are used, accepted or refused, Then none of them appears in any log line', async () => {
  const identity = await testIdentity();
  const tokens = [
    await identity.mint({ tenant: 'logs', scopes: ['catalog:read'] }),
    await identity.mint({ tenant: 'logs', scopes: ['catalog:read'], expiresIn: -600 }),
    await identity.mint({ tenant: 'logs', scopes: [] }),
    `${(await identity.mint({ tenant: 'logs' })).slice(0, -4)}AAAA`,
  ];
  const live = identity.issueApiKey('logs', ['catalog:read']);
  const revoked = identity.issueApiKey('logs', ['catalog:read']);
  revoked.revoke();
  const statuses: number[] = [];
  for (const token of tokens) {
    statuses.push((await http(`${running.url}/films?limit=1`, { headers: { authorization: `Bearer ${token}` } })).status);
    statuses.push((await http(`${running.url}/films`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, json: { title: 'x' } })).status);
  }
  for (const { key } of [live, revoked]) {
    statuses.push((await http(`${running.url}/films?limit=1`, { headers: { 'x-api-key': key } })).status);
  }
  expect(statuses).toEqual([200, 403, 401, 401, 403, 403, 401, 401, 200, 401]);
  expect(lines.length).toBeGreaterThanOrEqual(statuses.length);
  const secrets = [...tokens, ...tokens.map((t) => t.split('.')[2]!), live.key, revoked.key, ...[live.key, revoked.key].map((k) => k.split('_').slice(2).join('_'))]; // mqk_<keyId>_<secret>: the secret may contain '_'
  const leaks = secrets.filter((secret) => lines.some((line) => line.includes(secret)));
  expect(leaks).toEqual([]);
});
