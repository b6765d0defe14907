/**
 * One benchmark server in its own process (so the load generator never shares its event loop).
 * Started by http-bench.ts with an IPC channel:
 *
 *   node --import tsx bench/lib/server-child.ts <generated|generated-resval|generated-auth|bare|fastify>
 *
 * Parent -> child messages: cpu (reply: process CPU time so far), profile-start / profile-stop
 * (V8 CPU profile of just the load window, written to the given path), stop (exit 0).
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Session } from 'node:inspector';
import { findSourceMap } from 'node:module';
import express from 'express';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { createAuthenticator, createLogger, createServiceApp, listen, type Authenticator } from '@marquee/runtime';
import { createCatalogRouter } from '@marquee/generated/catalog/server.gen';
import { createInMemoryCatalogHandlers, findFilm, makeFilm, type FilmCreate } from './in-memory-catalog';
import { startFastify } from './fastify-server';
import { isServerMode, type ChildMessage, type ParentMessage, type ServerMode } from './protocol';

/** Skips verification: every request is a fixed caller with every catalog scope (the 'no auth' baseline). */
const trusting: Authenticator = {
  authenticate: () => Promise.resolve({ credential: 'bearer', principal: { tenantId: 'bench', subject: 'bench', scopes: ['catalog:read', 'catalog:write'], kind: 'client' } }),
};

/** Real ES256 verification against a local key set, and a token for the parent to send. */
async function verifying(): Promise<{ auth: Authenticator; token: string }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-1', alg: 'ES256' };
  const token = await new SignJWT({ tenant: 'bench', scope: 'catalog:read catalog:write', client_id: 'bench' })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench-1' })
    .setIssuer('marquee-identity')
    .setAudience('marquee')
    .setSubject('bench')
    .setExpirationTime('2h')
    .sign(privateKey);
  return { auth: createAuthenticator({ keys: createLocalJWKSet({ keys: [jwk] }) }), token };
}

async function start(mode: ServerMode): Promise<{ port: number; token?: string }> {
  if (mode === 'fastify') {
    return { port: await startFastify() };
  }
  if (mode === 'bare') {
    const app = express();
    app.use(express.json({ limit: '100kb' }));
    app.get('/films/:filmId', (req, res) => {
      res.json(findFilm(req.params.filmId));
    });
    app.post('/films', (req, res) => {
      const film = makeFilm(req.body as FilmCreate);
      res.status(201).setHeader('location', `/films/${film.id}`);
      res.json(film);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    server.keepAliveTimeout = 5000; // as runtime listen() does
    return { port: (server.address() as AddressInfo).port };
  }
  const { auth, token } = mode === 'generated-auth' ? await verifying() : { auth: trusting, token: undefined };
  const service = createServiceApp({
    name: 'catalog-bench',
    log: createLogger('bench', 'silent'),
    readiness: {},
    routers: [createCatalogRouter(createInMemoryCatalogHandlers(), { validateResponses: mode === 'generated-resval', auth })],
  });
  return { port: (await listen(service, 0)).port, ...(token ? { token } : {}) };
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** tsx compiles each .ts file onto a couple of long lines; map profile frames back to the .ts source lines. */
function toOriginalPositions(frames: { url: string; lineNumber: number; columnNumber: number }[]): void {
  for (const frame of frames) {
    if (!/^file:.*\.ts$/.test(frame.url) || frame.lineNumber < 0) continue;
    const entry = findSourceMap(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalLine' in entry) {
      frame.lineNumber = entry.originalLine;
      frame.columnNumber = entry.originalColumn;
    }
  }
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (!isServerMode(mode) || !process.send) {
    throw new Error('usage: node --import tsx bench/lib/server-child.ts <generated|generated-resval|generated-auth|bare|fastify> (with an IPC channel)');
  }
  const { port, token } = await start(mode);
  const session = new Session();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => {
      session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T)));
    });
  process.on('message', (raw: ParentMessage) => {
    void (async () => {
      switch (raw.type) {
        case 'cpu': {
          const { user, system } = process.cpuUsage();
          send({ type: 'cpu', userUs: user, systemUs: system });
          break;
        }
        case 'profile-start':
          session.connect();
          await post('Profiler.enable');
          await post('Profiler.setSamplingInterval', { interval: 200 });
          await post('Profiler.start');
          send({ type: 'profile-started' });
          break;
        case 'profile-stop': {
          const { profile } = await post<{ profile: { nodes: { callFrame: { url: string; lineNumber: number; columnNumber: number } }[] } }>('Profiler.stop');
          session.disconnect();
          toOriginalPositions(profile.nodes.map((n) => n.callFrame));
          writeFileSync(raw.path, JSON.stringify(profile));
          send({ type: 'profile-stopped', path: raw.path });
          break;
        }
        case 'stop':
          process.exit(0);
      }
    })().catch((err: unknown) => {
      process.stderr.write(`server-child: ${String(err)}\n`);
      process.exit(1);
    });
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port, pid: process.pid, ...(token ? { token } : {}) });
}

main().catch((err: unknown) => {
  process.stderr.write(`server-child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
