/**
 * The service skeleton every Marquee service starts from: request ids, structured request
 * logs, /healthz (live) and /readyz (the service's own datastores), problem+json errors, and
 * an HTTP server that drains in-flight requests on shutdown.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { REQUEST_ID } from './fast/dispatch';
import type { Logger } from './logger';
import { problemHandler, writeJsonRaw } from './problem';
import { PROBLEM_BASE } from './problem-types';
import type { DispatchEnv, FastPath } from './fast/dispatch';
import { fastPathOf } from './operation-router';

export type ReadinessCheck = () => Promise<void>;

/** Sees a request before it is served (createServiceApp's `observe`). */
export type RequestObserver = (req: IncomingMessage, res: ServerResponse) => void;

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


/**
 * res.json's response for the probes, written on the plain Node response: Express's
 * res.set('Content-Type') looks the charset up in mime-types, whose tables the vendor bundle
 * builds on first use (scripts/lib/service-bundles.cjs), so probes never build them.
 */
function writeJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  writeJsonRaw(res, status, 'application/json; charset=utf-8', body, req.method === 'HEAD');
}

export function createServiceApp(args: {
  name: string;
  log: Logger;
  readiness: Record<string, ReadinessCheck>;
  routers: Router[];
  /**
   * Sees every request first, whichever path serves it (the precompiled dispatch or Express):
   * e.g. a hook on the response's 'finish' (identity audits its 401s and 403s so). A plain
   * router in `routers` would also see every request, but only by keeping the generated routers
   * after it off the precompiled dispatch.
   */
  observe?: RequestObserver;
}): ServiceApp {
  const { name, log, readiness, routers, observe } = args;
  const env: DispatchEnv = { log, draining: false };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  app.use(requestContext(log, () => env.draining));
  app.get('/healthz', (req, res) => {
    writeJson(req, res, 200, { status: 'ok', service: name });
  });
  app.get('/readyz', async (req, res) => {
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
    writeJson(req, res, ready ? 200 : 503, { status: ready ? 'ready' : env.draining ? 'draining' : 'unavailable', service: name, checks });
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
  const dispatch =
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
  const handle = observe
    ? (req: IncomingMessage, res: ServerResponse) => {
        observe(req, res);
        dispatch(req, res);
      }
    : dispatch;
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

/**
 * Slow-client limits (slowloris): a request's headers must arrive within HTTP_HEADERS_TIMEOUT_MS
 * (default 10 s) and the whole request within HTTP_REQUEST_TIMEOUT_MS (default 300 s: imports
 * stream large files); Node checks them every second. Past either the client gets a 408.
 * `options.requestTimeoutMs` overrides the whole-request limit for one server (0 = no limit): a
 * service taking streamed uploads of any size (ingest) sets 0, or Node would cut an upload still
 * streaming after the limit. Headers must still arrive within HTTP_HEADERS_TIMEOUT_MS.
 */
function serverLimits(env: NodeJS.ProcessEnv): { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number; idleCloseMs: number } {
  const ms = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 100) {
      throw new TypeError(`${name} must be a whole number of milliseconds >= 100 (got ${JSON.stringify(env[name])})`);
    }
    return value;
  };
  const headersTimeout = ms('HTTP_HEADERS_TIMEOUT_MS', 10_000);
  return {
    headersTimeout,
    requestTimeout: Math.max(headersTimeout, ms('HTTP_REQUEST_TIMEOUT_MS', 300_000)),
    connectionsCheckingInterval: Math.min(1000, headersTimeout),
    idleCloseMs: Math.max(KEEP_ALIVE_HINT_MS + 1000, ms('HTTP_IDLE_CLOSE_MS', 65_000)),
  };
}

/** What responses advertise (`Keep-Alive: timeout=5`): clients stop reusing an idle connection after it, less their margin. */
const KEEP_ALIVE_HINT_MS = 5000;

/**
 * Idle keep-alive connections are closed by the client, never by the server under a client's
 * feet. Node closes a connection 1 s after the advertised hint, and it did so with a request
 * already in the socket: when a process stalls (a CPU-starved machine, a long GC pause) the
 * request and the idle timer are both due when it wakes, and libuv runs timers before it reads
 * sockets, so the request was thrown away and its client got ECONNRESET; and a client waking from
 * its own stall reused a connection the server had just closed (UND_ERR_SOCKET "other side
 * closed"). That is how the 10-minute soak of 2026-12-02 lost 29 requests (bench/RELIABILITY.md).
 * So responses still advertise 5 s (undici, Node's agent and the generated clients drop the
 * connection after 3-4 s), the server keeps an idle connection HTTP_IDLE_CLOSE_MS (default 65 s,
 * above nginx's 60 s upstream keepalive_timeout in deploy/edge), and it closes one only after
 * the event loop has polled the socket (setImmediate runs after the poll phase) and found
 * nothing new: bytes that arrived meanwhile are a request, which Node then serves.
 */
function closeIdleConnectionsSafely(server: Server, idleCloseMs: number): void {
  server.keepAliveTimeout = KEEP_ALIVE_HINT_MS;
  // Node's own timer fires at the hint + 1 s; this listener replaces its immediate destroy.
  const grace = idleCloseMs - KEEP_ALIVE_HINT_MS - 1000;
  const bytesAtFirstTimeout = new WeakMap<Socket, number>();
  server.on('timeout', (socket: Socket) => {
    const read = socket.bytesRead;
    if (bytesAtFirstTimeout.get(socket) !== read) {
      // First timeout of this idle period: wait out the rest (a new request clears the timer).
      bytesAtFirstTimeout.set(socket, read);
      socket.setTimeout(grace);
      return;
    }
    setImmediate(() => {
      if (socket.bytesRead === read) socket.destroy();
    });
  });
}

const CLIENT_ERRORS: Record<string, { status: number; title: string; type: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, title: 'Request header fields too large', type: 'headers-too-large', detail: 'the request line and headers exceed 16 KB; send fewer or shorter headers and query parameters' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, title: 'Request timeout', type: 'request-timeout', detail: 'the request did not arrive in time' },
};

/**
 * Requests Node's parser refuses before Express sees them (headers over 16 KB, a malformed
 * request line, a client too slow) still get a problem+json answer, then the connection closes.
 */
function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const known = CLIENT_ERRORS[err.code ?? ''] ?? { status: 400, title: 'Bad request', type: 'bad-request', detail: 'the request is not valid HTTP/1.1' };
    const body = JSON.stringify({ type: `${PROBLEM_BASE}${known.type}`, title: known.title, status: known.status, detail: known.detail });
    socket.end(`HTTP/1.1 ${known.status} ${known.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

export async function listen(service: ServiceApp, port: number, host = '127.0.0.1', options: { requestTimeoutMs?: number } = {}): Promise<RunningServer> {
  const { idleCloseMs, ...limits } = serverLimits(process.env);
  const server = createServer(limits, service.handle);
  if (options.requestTimeoutMs !== undefined) server.requestTimeout = options.requestTimeoutMs;
  answerClientErrors(server);
  closeIdleConnectionsSafely(server, idleCloseMs);
  server.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  await service.ready; // every operation's validators compiled: no request pays for it
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
