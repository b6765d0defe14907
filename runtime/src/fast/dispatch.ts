/**
 * Precompiled dispatch: the request path of every generated operation, on a plain Node request,
 * without Express. One route-table lookup finds the operation; its security, body parser,
 * domain body validator, compiled request validator (compiled-validation.ts), handler and
 * response writer run in a straight line. Errors go through the same problem mapping as the
 * Express chain, so every answer is byte-for-byte what the chain would send.
 *
 * Request validators come compiled from generate time (validators.gen.ts, precompiled-validation.ts);
 * a router given none (a hand-written spec in a test) compiles the validator's own at start-up
 * (compiled-validation.ts).
 *
 * `handle` returns false, touching nothing, for anything it does not own (see route-table.ts,
 * plus: a Content-Type other than JSON, an operation or media type without a validator here,
 * and, without generate-time validators, every request before they are compiled); the service
 * app then runs the Express chain, whose validator middleware is built on its first request.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { parse as parseQuery } from 'qs';
import type { OperationRoute, OperationTable } from '../client/http-client';
import { withoutEmptyLists } from '../query-lists';
import { authorize, type Authenticated, type Authenticator } from '../auth/authenticator';
import type { RateLimiter } from '../auth/rate-limit';
import { badRequest } from '../errors';
import type { Logger } from '../logger';
import { problemFor, sendProblemRaw } from '../problem';
import type { FieldError } from '../problem-types';
import type * as CompiledValidationModule from './compiled-validation';
import type { CompiledOperation, CompiledValidation, ValidatedRequest } from './compiled-validation';
import { contentTypeKey } from './content-type-key';
import type { PrecompiledValidators } from './precompiled-types';
import { precompiledValidation } from './precompiled-validation';
import { createJsonBodyReader } from './json-body';
import { LazyRequestContext } from './request-context';
import { compileRouteTable, type RouteTable } from './route-table';

export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type Next = (err?: unknown) => void;
type Middleware = (req: never, res: never, next: Next) => void;

interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string | number | undefined>;
  contentType?: string;
}

type AnyHandler = (input: never, ctx: LazyRequestContext) => Promise<HandlerResult>;

interface Entry {
  operationId: string;
  route: OperationRoute;
  handler: AnyHandler;
  bodyValidator: ((body: unknown) => FieldError[]) | undefined;
  /** Filled on first use (compiled-validation.ts compiles each operation once). */
  compiled: CompiledOperation | undefined;
}

/** What the service app gives each request it dispatches. */
export interface DispatchEnv {
  log: Logger;
  draining: boolean;
}

export interface FastPath {
  /** Owns and answers the request (true), or leaves it untouched for the Express chain (false). */
  handle(req: IncomingMessage, res: ServerResponse, env: DispatchEnv): boolean;
  /** Resolves once the validators are compiled (before that, every request takes the Express chain). */
  readonly ready: Promise<void>;
}

const JSON_LIKE = /^application\/([a-z0-9.+-]*\+)?json$/i;

/** application/json, with any parameters: what both express.json and the compiled validators take. */
function isJsonContentType(header: string): boolean {
  const semi = header.indexOf(';');
  const media = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
  return media === 'application/json';
}

/** The validator's own machinery (Ajv's compiler, its spec loader): loaded only when something compiles at runtime. */
const compileValidation: typeof CompiledValidationModule.compileValidation = (...args) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./compiled-validation') as typeof CompiledValidationModule).compileValidation(...args);

export function createFastPath(args: {
  spec: object;
  operations: OperationTable;
  handlers: object;
  bodyValidators: Partial<Record<string, (body: unknown) => FieldError[]>>;
  validateResponses: boolean;
  /** Request validators compiled at generate time (validators.gen.ts); without them, they are compiled here at start-up. */
  precompiled?: PrecompiledValidators | undefined;
  auth: Authenticator | undefined;
  limit: RateLimiter | undefined;
  jsonParser: Middleware;
  /** express.json's limit (it reads what the fast reader does not own). */
  bodyLimit: string;
}): FastPath {
  const { operations, handlers, bodyValidators, auth, limit, jsonParser } = args;
  const entries: Entry[] = Object.entries(operations).map(([operationId, route]) => ({
    operationId,
    route,
    handler: (handlers as Record<string, AnyHandler>)[operationId]!,
    bodyValidator: bodyValidators[operationId],
    compiled: undefined,
  }));
  const table: RouteTable<Entry> = compileRouteTable(entries.map((e) => [e.route.method, e.route.path, e] as const));
  let validation: CompiledValidation | undefined;
  let ready: Promise<void>;
  if (args.precompiled) {
    const responses = args.validateResponses ? compileValidation(args.spec, operations, true, false) : undefined;
    const pre = precompiledValidation(args.precompiled, responses);
    validation = pre.validation;
    ready = pre.ready.catch(() => {
      // The validator middleware in the Express chain reports a broken spec on every request.
    });
  } else {
    ready = compileValidation(args.spec, operations, args.validateResponses).then(
      (v) => {
        validation = v;
        return v.warm();
      },
      () => {
        // The validator middleware in the Express chain reports a broken spec on every request; nothing is dispatched here.
      },
    );
  }

  const body = createJsonBodyReader(args.bodyLimit, jsonParser);

  const validateRequest = (middleware: Middleware, req: ValidatedRequest, res: ServerResponse): void => {
    let failure: unknown;
    middleware(req as never, res as never, (err) => {
      failure = err;
    });
    if (failure !== undefined) {
      throw failure;
    }
  };

  async function run(entry: Entry, validate: Middleware, req: ValidatedRequest, res: ServerResponse, requestId: string, env: DispatchEnv): Promise<void> {
    const { route } = entry;
    let caller: Authenticated | undefined;
    if (route.security && route.security.length > 0) {
      caller = await auth!.authenticate(req.headers);
      authorize(route.security, caller);
      if (caller && limit) {
        limit(caller.principal);
      }
    }
    await body.read(req, res);
    // The fast path takes only application/json (or no content type): a parsed body with a type is JSON (no type-is per request).
    if (entry.bodyValidator && req.body !== undefined && req.headers['content-type'] !== undefined) {
      const errors = entry.bodyValidator(req.body);
      if (errors.length > 0) {
        throw badRequest(`${errors.length} field(s) failed validation`, errors);
      }
    }
    const c = entry.compiled!;
    req.openapi = { expressRoute: c.expressRoute, openApiRoute: c.openApiRoute, pathParams: req.params, schema: c.schema, serial: c.serial };
    validateRequest(validate, req, res);
    const credential = caller ? credentialOf(caller, req) : undefined;
    const input = {
      path: req.params,
      query: req.query,
      headers: route.headerParams.length > 0 ? pickHeaders(req, route.headerParams) : {},
      cookies: req.cookies ?? {},
      body: req.body,
      principal: caller?.principal,
    };
    const result = await entry.handler.call(handlers, input as never, new LazyRequestContext(requestId, env.log, req, res, credential));
    send(res, entry, result, req.originalUrl);
  }

  function send(res: ServerResponse, entry: Entry, result: HandlerResult, url: string): void {
    const { route } = entry;
    if (route.deprecation) {
      res.setHeader('deprecation', route.deprecation.since);
      if (route.deprecation.sunset) res.setHeader('sunset', route.deprecation.sunset);
      if (route.deprecation.successor) res.setHeader('link', `<${route.deprecation.successor}>; rel="successor-version"`);
    }
    const headers = result.headers;
    if (headers) {
      for (const name in headers) {
        const value = headers[name];
        if (value !== undefined) {
          res.setHeader(name, String(value));
        }
      }
    }
    const status = result.status;
    const body = result.body;
    if (body === undefined) {
      res.statusCode = status;
      res.end();
      return;
    }
    const declared = route.responses[String(status)] ?? route.responses[`${String(status)[0]}XX`] ?? route.responses.default ?? [];
    const contentType = result.contentType ?? declared[0] ?? 'application/json';
    if (body instanceof Readable) {
      res.statusCode = status;
      res.setHeader('Content-Type', contentType);
      body.pipe(res);
      body.once('error', (err) => res.destroy(err));
      return;
    }
    let text: string | Buffer;
    if (Buffer.isBuffer(body)) {
      text = body;
    } else if (JSON_LIKE.test(contentType) || typeof body === 'object') {
      if (status < 500 && validation && entry.compiled) {
        // As the validator's res.json hook does (it skips 5xx); a failure is a 500 through the problem mapping.
        validation.validateResponse(entry.compiled, body, status, contentType, url);
      }
      text = JSON.stringify(body);
    } else {
      text = String(body);
    }
    const type = Buffer.isBuffer(body) ? contentType : withUtf8(contentType);
    res.statusCode = status;
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', typeof text === 'string' ? Buffer.byteLength(text) : text.length);
    res.end(text);
  }

  function fail(err: unknown, req: ValidatedRequest, res: ServerResponse, requestId: string, env: DispatchEnv): void {
    if (res.headersSent) {
      res.destroy(err instanceof Error ? err : undefined);
      return;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const { problem, headers, cause } = problemFor(err, { instance: q < 0 ? url : url.slice(0, q), requestId, contentType: req.headers['content-type'] });
    if (problem.status >= 500) {
      env.log.child({ requestId })[problem.status === 503 ? 'warn' : 'error']({ err: cause ?? err, status: problem.status }, problem.detail ?? problem.title);
    }
    sendProblemRaw(res, problem, headers);
  }

  return {
    ready,
    handle(req, res, env) {
      if (!validation) {
        return false;
      }
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      const match = table.match(req.method ?? 'GET', path);
      if (!match) {
        return false;
      }
      const entry = match.target;
      if (!entry.compiled && !(entry.compiled = validation.operation(entry.operationId))) {
        return false; // an operation only the validator's middleware chain can serve
      }
      const contentType = req.headers['content-type'];
      if (contentType !== undefined && !isJsonContentType(contentType)) {
        return false; // forms, uploads, odd media types: the Express chain (and the validator's 415)
      }
      // application/json with parameters (a charset): the validator finds the body schema of application/json for it too.
      const validate = entry.compiled.byContentType.get(contentTypeKey(contentType)) ?? (contentType === undefined ? undefined : entry.compiled.byContentType.get('application/json'));
      if (!validate) {
        return false; // e.g. no body where one is required: the Express chain gives the validator's own answer
      }
      const started = performance.now();
      const inbound = req.headers['x-request-id'];
      const requestId = typeof inbound === 'string' && REQUEST_ID.test(inbound) ? inbound : randomUUID();
      res.setHeader('x-request-id', requestId);
      if (env.draining) {
        res.setHeader('connection', 'close');
      }
      const r = req as ValidatedRequest;
      r.originalUrl = url;
      r.path = path;
      r.params = match.params;
      r.query = q < 0 ? {} : withoutEmptyLists(parseQuery(url.slice(q + 1), { allowPrototypes: true }) as Record<string, unknown>, entry.route);
      if (env.log.isLevelEnabled('info')) {
        res.once('finish', () => {
          const durationMs = performance.now() - started;
          env.log.child({ requestId }).info({ method: req.method, path: url, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10 }, 'request');
        });
      }
      run(entry, validate, r, res, requestId, env).catch((err: unknown) => fail(err, r, res, requestId, env));
      return true;
    },
  };
}

function credentialOf(caller: Authenticated, req: IncomingMessage): Readonly<Record<string, string>> {
  const header = caller.credential === 'bearer' ? 'authorization' : 'x-api-key';
  return { [header]: String(req.headers[header]) };
}

function pickHeaders(req: IncomingMessage, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = req.headers[name.toLowerCase()];
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Express's res.send adds charset=utf-8 to a string body's Content-Type. */
function withUtf8(type: string): string {
  return /;\s*charset=/i.test(type) ? type.replace(/(;\s*charset=)[^;]*/i, '$1utf-8') : `${type}; charset=utf-8`;
}
