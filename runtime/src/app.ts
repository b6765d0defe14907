/**
 * The service skeleton every Marquee service starts from: request ids, structured request
 * logs, /healthz (live) and /readyz (the service's own datastores), problem+json errors, and
 * an HTTP server that drains in-flight requests on shutdown.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { REQUEST_ID } from './fast/dispatch';
import type { Logger } from './logger';
import { problemHandler } from './problem';
import type { DispatchEnv, FastPath } from './fast/dispatch';
import { fastPathOf } from './operation-router';

export type ReadinessCheck = () => Promise<void>;

export interface ServiceApp {
  /** The Express app: health, readiness, and every request the precompiled dispatch does not own. */
  app: Express;
  /**
   * The request listener listen() serves: operations of the routers go straight to their
   * precompiled dispatch (fast/dispatch.ts); everything else goes to `app`.
   */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Resolves once every router's validators are compiled (requests before that take the Express chain). */
  ready: Promise<void>;
  /** Marks the service as draining: /readyz answers 503 and responses carry Connection: close. */
  setDraining(): void;
}


export function createServiceApp(args: {
  name: string;
  log: Logger;
  readiness: Record<string, ReadinessCheck>;
  routers: Router[];
}): ServiceApp {
  const { name, log, readiness, routers } = args;
  const env: DispatchEnv = { log, draining: false };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  app.use(requestContext(log, () => env.draining));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: name });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    let ready = !env.draining;
    await Promise.all(
      Object.entries(readiness).map(async ([dependency, check]) => {
        try {
          await withTimeout(check(), 2000, dependency);
          checks[dependency] = 'ok';
        } catch (err) {
          ready = false;
          checks[dependency] = err instanceof Error ? err.message : String(err);
        }
      }),
    );
    if (!ready) {
      res.setHeader('retry-after', '5');
    }
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : env.draining ? 'draining' : 'unavailable', service: name, checks });
  });
  for (const router of routers) {
    app.use(router);
  }
  app.use(problemHandler);
  // A plain router (e.g. identity's audit of denials) sees every request after it: dispatch only the
  // generated routers that come before the first plain one, so none is bypassed.
  const fastPaths: FastPath[] = [];
  for (const router of routers) {
    const fast = fastPathOf(router);
    if (!fast) break;
    fastPaths.push(fast);
  }
  const handle =
    fastPaths.length === 0
      ? app
      : fastPaths.length === 1
      ? (req: IncomingMessage, res: ServerResponse) => {
          if (!fastPaths[0]!.handle(req, res, env)) app(req, res);
        }
      : (req: IncomingMessage, res: ServerResponse) => {
          for (const fast of fastPaths) {
            if (fast.handle(req, res, env)) return;
          }
          app(req, res);
        };
  return {
    app,
    handle,
    ready: Promise.all(fastPaths.map((f) => f.ready)).then(() => undefined),
    setDraining: () => {
      env.draining = true;
    },
  };
}

function requestContext(log: Logger, isDraining: () => boolean): RequestHandler {
  return (req, res, next) => {
    const inbound = req.headers['x-request-id'];
    const requestId = typeof inbound === 'string' && REQUEST_ID.test(inbound) ? inbound : randomUUID();
    const started = process.hrtime.bigint();
    res.setHeader('x-request-id', requestId);
    if (isDraining()) {
      res.setHeader('connection', 'close');
    }
    const child = log.child({ requestId });
    (req as { log?: Logger }).log = child;
    res.on('finish', () => {
      if (req.path === '/healthz' || req.path === '/readyz') {
        return;
      }
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      child.info({ method: req.method, path: req.originalUrl, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10 }, 'request');
    });
    next();
  };
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting connections, waits for in-flight requests (up to drainMs), then closes the rest. */
  close(drainMs?: number): Promise<void>;
}

export async function listen(service: ServiceApp, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  const server = createServer(service.handle);
  server.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  await service.ready; // every operation's validators compiled: no request pays for it
  server.keepAliveTimeout = 5000;
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  return {
    server,
    url,
    port: address.port,
    close: (drainMs = 10_000) => {
      service.setDraining();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), drainMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

/** SIGTERM/SIGINT: drain, run the service's own cleanup, exit. Called only from start.ts. */
export function exitOnSignals(args: { log: Logger; running: RunningServer; cleanup: () => Promise<void> }): void {
  const { log, running, cleanup } = args;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info({ signal }, 'shutting down: draining in-flight requests');
    running
      .close()
      .then(cleanup)
      .then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          log.error({ err }, 'error during shutdown');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
