/**
 * The service skeleton every Marquee service starts from: request ids, structured request
 * logs, /healthz (live) and /readyz (the service's own datastores), problem+json errors, and
 * an HTTP server that drains in-flight requests on shutdown.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { runWithContext } from './context';
import type { Logger } from './logger';
import { problemHandler } from './problem';

export type ReadinessCheck = () => Promise<void>;

export interface ServiceApp {
  app: Express;
  /** Marks the service as draining: /readyz answers 503 and responses carry Connection: close. */
  setDraining(): void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function createServiceApp(args: {
  name: string;
  log: Logger;
  readiness: Record<string, ReadinessCheck>;
  routers: Router[];
}): ServiceApp {
  const { name, log, readiness, routers } = args;
  let draining = false;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  app.use(requestContext(log, () => draining));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: name });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    let ready = !draining;
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
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : draining ? 'draining' : 'unavailable', service: name, checks });
  });
  for (const router of routers) {
    app.use(router);
  }
  app.use(problemHandler);
  return {
    app,
    setDraining: () => {
      draining = true;
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
    runWithContext({ requestId }, next);
  };
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting connections, waits for in-flight requests (up to drainMs), then closes the rest. */
  close(drainMs?: number): Promise<void>;
}

/**
 * `requestTimeoutMs`: how long one request may take to arrive whole (Node's default 300 s; 0 = no
 * limit). A service taking streamed uploads of any size (ingest) sets 0: Node would otherwise cut
 * an upload still streaming after 5 minutes. Headers must still arrive within Node's headersTimeout.
 */
export async function listen(service: ServiceApp, port: number, host = '127.0.0.1', options: { requestTimeoutMs?: number } = {}): Promise<RunningServer> {
  const server = service.app.listen(port, host);
  if (options.requestTimeoutMs !== undefined) server.requestTimeout = options.requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
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
