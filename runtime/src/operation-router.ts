/**
 * Mounts generated operations on an Express router: parses bodies (size-limited), validates
 * requests (and, outside production, responses) with express-openapi-validator, calls the
 * handler with typed input and sends the `{ status, body, headers }` it returns.
 */
import { Readable } from 'node:stream';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type * as OpenApiValidatorModule from 'express-openapi-validator';
import type { OperationRoute, OperationTable } from './client/http-client';
import { withoutEmptyLists } from './query-lists';
import type { Logger } from './logger';
import { authorize, type Authenticated, type Authenticator } from './auth/authenticator';
import { createRateLimiter, type RateLimitOptions, type RateLimiter } from './auth/rate-limit';
import { AppError, badRequest } from './errors';
import { problemHandler } from './problem';
import { withoutLiteralRefs } from './spec-literals';
import type * as CompiledValidationModule from './fast/compiled-validation';
import type { PrecompiledValidators } from './fast/precompiled-types';
import { createFastPath, type FastPath } from './fast/dispatch';
import type { FieldError } from './problem-types';

export interface RequestContext {
  requestId: string;
  log: Logger;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /**
   * The raw request body as a stream, for operations whose body is not JSON or form data (file
   * uploads declared as `format: binary`): read it chunk by chunk, never whole. Empty for
   * bodies the router already parsed.
   */
  stream: Readable;
  /**
   * The verified credential the caller sent (header name -> value), for generated clients that
   * forward the caller's identity: pass `{ context: ctx }` as a call's options.
   */
  callerCredential?: Readonly<Record<string, string>> | undefined;
}

export interface OperationRouterOptions<Id extends string = string> {
  /** Validate responses against the spec. Default: on unless NODE_ENV=production. */
  validateResponses?: boolean;
  /** Largest accepted request body. Default 100kb. */
  bodyLimit?: string;
  /**
   * Domain validators for JSON bodies, run before the OpenAPI validator so their precise
   * pointers win (e.g. the audience query DSL, whose oneOf schema gives ajv vague errors).
   * Return every problem; any problem answers 400.
   */
  bodyValidators?: Partial<Record<Id, (body: unknown) => FieldError[]>>;
  /**
   * Verifies credentials for operations that declare `security`. Required when any does: a
   * router for a secured spec without an authenticator refuses to start (fail closed).
   */
  auth?: Authenticator;
  /** Per-client limits on secured operations (429 + Retry-After past them). Default: none. */
  rateLimit?: RateLimitOptions;
}

interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string | number | undefined>;
  contentType?: string;
}

type AnyHandler = (input: never, ctx: RequestContext) => Promise<HandlerResult>;

const JSON_LIKE = /^application\/([a-z0-9.+-]*\+)?json$/i;

export function createOperationRouter<H extends object>(args: {
  spec: object;
  operations: OperationTable;
  handlers: H;
  options?: OperationRouterOptions;
  /** Request validators compiled at generate time (generated/<service>/validators.gen.ts). */
  validators?: PrecompiledValidators;
}): Router {
  const { spec, operations, handlers, options = {} } = args;
  const limit = options.bodyLimit ?? '100kb';
  const validateResponses = options.validateResponses ?? process.env.NODE_ENV !== 'production';
  const router = express.Router();
  const rateLimiter = options.rateLimit ? createRateLimiter(options.rateLimit) : undefined;
  const jsonParser = express.json({ limit, type: ['application/json', 'application/*+json'] });
  const literalFree = atMountPoint(withoutLiteralRefs(spec));
  mountMethodNotAllowed(router, operations);
  mountSecurity(router, operations, options.auth, rateLimiter);
  mountEmptyLists(router, operations);
  router.use(jsonParser);
  router.use(express.urlencoded({ extended: false, limit }));
  for (const [operationId, validate] of Object.entries(options.bodyValidators ?? {}) as [string, (body: unknown) => FieldError[]][]) {
    const route = operations[operationId];
    if (!route) {
      throw new TypeError(`bodyValidators: no operation '${operationId}'`);
    }
    router[route.method as 'post'](toExpressPath(route.path), (req, _res, next) => {
      const errors = req.is('application/json') && req.body !== undefined ? validate(req.body) : [];
      next(errors.length > 0 ? badRequest(`${errors.length} field(s) failed validation`, errors) : undefined);
    });
  }
  // A copy (the validator fills in defaults) without `$ref` keys inside example data, which it would try to resolve.
  // req.url, not req.originalUrl: the router validates where it is mounted (app.use('/v1', router)).
  // Built on the first request that takes this chain (the precompiled dispatch serves the rest), not at start-up.
  router.use(lazyMiddleware(() => openApiValidator().middleware({ ...compiledValidation().validatorOptions(literalFree, validateResponses), useRequestUrl: true })));
  for (const [operationId, route] of Object.entries(operations)) {
    const handler = (handlers as Record<string, AnyHandler | undefined>)[operationId];
    if (typeof handler !== 'function') {
      throw new TypeError(`no handler for operation '${operationId}'`);
    }
    const method = route.method as 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';
    router[method](toExpressPath(route.path), async (req, res, next) => {
      try {
        const input = {
          // The validator's coerced copy (an integer parameter arrives as a number, as the generated input type says);
          // req.params is Express's own, re-matched per route and always strings.
          path: (req as { openapi?: { pathParams?: unknown } }).openapi?.pathParams ?? req.params,
          query: req.query,
          headers: pickHeaders(req, route.headerParams),
          cookies: (req as { cookies?: unknown }).cookies ?? {},
          body: req.body as unknown,
          principal: (res.locals.caller as Authenticated | undefined)?.principal,
        };
        const result = await handler.call(handlers, input as never, contextOf(req, res));
        send(res, route, result);
      } catch (err) {
        next(err);
      }
    });
  }
  router.use(problemHandler);
  // The same operations, precompiled, for createServiceApp to dispatch without Express (fast/dispatch.ts);
  // the router above stays the path for everything the fast path does not own.
  const fast = createFastPath({
    spec: literalFree,
    operations,
    handlers,
    bodyValidators: (options.bodyValidators ?? {}) as Partial<Record<string, (body: unknown) => FieldError[]>>,
    validateResponses,
    precompiled: args.validators,
    auth: options.auth,
    limit: rateLimiter,
    jsonParser: jsonParser as never,
    bodyLimit: limit,
  });
  return Object.assign(router, { [FAST_PATH]: fast });
}

/**
 * The spec as the router serves it: its path keys relative to where it is mounted. A `servers`
 * URL's base path (`https://api.example.com/v1`) says where a deployment mounts it; left in, the
 * validator would only validate requests under that base path and silently pass every other one
 * (a router mounted at the root, or anywhere else), so it is dropped here.
 */
function atMountPoint(spec: object): object {
  const servers = (spec as { servers?: unknown }).servers;
  return Array.isArray(servers) && servers.length > 0 ? { ...spec, servers: [{ url: '/' }] } : spec;
}

// Loaded with the chain above, on first use: a service whose requests all take the precompiled dispatch never loads them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openApiValidator = (): typeof OpenApiValidatorModule => require('express-openapi-validator') as typeof OpenApiValidatorModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compiledValidation = (): typeof CompiledValidationModule => require('./fast/compiled-validation') as typeof CompiledValidationModule;

/** A middleware chain built on its first request; the same chain serves every request after. */
function lazyMiddleware(build: () => RequestHandler | RequestHandler[]): RequestHandler {
  let chain: RequestHandler[] | undefined;
  return (req, res, next) => {
    const handlers = (chain ??= [build()].flat());
    let i = 0;
    const step = (err?: unknown): void => {
      if (err || i === handlers.length) {
        next(err);
        return;
      }
      try {
        void handlers[i++]!(req, res, step);
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}

/** Where createOperationRouter leaves a router's precompiled dispatcher. */
export const FAST_PATH = Symbol('marquee.fastPath');

/** The precompiled dispatcher of a router made by createOperationRouter, if it is one. */
export function fastPathOf(router: Router): FastPath | undefined {
  return (router as Router & { [FAST_PATH]?: FastPath })[FAST_PATH];
}

/** 405 with `Allow` (RFC 9110 §15.5.6) for a declared path called with an undeclared method. */
function mountMethodNotAllowed(router: Router, operations: OperationTable): void {
  const byPath = new Map<string, string[]>();
  for (const route of Object.values(operations)) {
    byPath.set(route.path, [...(byPath.get(route.path) ?? []), route.method.toUpperCase()]);
  }
  // A URL may match several declared paths (/api-keys/introspect and /api-keys/{keyId}): the most
  // concrete one decides (OpenAPI: concrete paths win), so DELETE /api-keys/introspect is a 405
  // with that path's Allow, not a call of DELETE /api-keys/{keyId} with keyId 'introspect'.
  const matchers = [...byPath]
    .map(([path, methods]) => ({ path, pattern: templatePattern(path), params: (path.match(/\{/g) ?? []).length, allow: [...new Set(methods)].sort().join(', '), methods }))
    .sort((a, b) => a.params - b.params);
  for (const path of byPath.keys()) {
    // Only what the spec declares (HEAD too is refused unless declared, so Allow does not list it).
    router.all(toExpressPath(path), (req, _res, next) => {
      const target = matchers.find((m) => m.pattern.test(req.path)) ?? matchers.find((m) => m.path === path)!;
      if (target.methods.includes(req.method)) {
        next();
        return;
      }
      next(new AppError('method-not-allowed', 405, 'Method not allowed', { detail: `${req.method} is not allowed on ${target.path}; allowed: ${target.allow}`, headers: { allow: target.allow } }));
    });
  }
}

/**
 * `ids=` is how the form style without explode writes an empty list; the validator would read it
 * as [''] and refuse the empty item. The spec says such a list, when empty, means no filter, so
 * the router drops it before validation (it does the same for every non-exploded list).
 */
function mountEmptyLists(router: Router, operations: OperationTable): void {
  for (const route of Object.values(operations)) {
    const lists = Object.keys(route.queryStyles ?? {});
    if (lists.length === 0) {
      continue;
    }
    router[route.method as 'get'](toExpressPath(route.path), (req, _res, next) => {
      const query = req.query as Record<string, unknown>;
      const copy = withoutEmptyLists(query, route);
      if (copy !== query) {
        // Express 5 parses req.query on every read: pin the edited copy for the validator and the handler.
        Object.defineProperty(req, 'query', { value: copy, writable: true, configurable: true, enumerable: true });
      }
      next();
    });
  }
}

/** /api-keys/{keyId} -> ^/api-keys/[^/]+$ */
function templatePattern(path: string): RegExp {
  const parts = path.split(/(\{[^}]+\})/).map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('')}$`);
}

/** Per secured operation: authenticate (401), check scopes (403), rate-limit the client (429), record the caller for handlers and forwarding clients. */
function mountSecurity(router: Router, operations: OperationTable, auth: Authenticator | undefined, limit: RateLimiter | undefined): void {
  for (const [operationId, route] of Object.entries(operations)) {
    const security = route.security;
    if (!security || security.length === 0) {
      continue;
    }
    if (!auth) {
      throw new TypeError(`operation '${operationId}' declares security but the router has no authenticator (options.auth)`);
    }
    const check: RequestHandler = async (req, res, next) => {
      let caller: Authenticated | undefined;
      try {
        caller = await auth.authenticate(req.headers);
        authorize(security, caller);
        if (caller && limit) {
          limit(caller.principal);
        }
      } catch (err) {
        next(err);
        return;
      }
      if (caller) {
        res.locals.caller = caller; // handed to the handler as input.principal and ctx.callerCredential
      }
      next();
    };
    router[route.method as 'get'](toExpressPath(route.path), check);
  }
}

/** /films/{filmId} -> /films/:filmId (quoted when the name is not an identifier). */
export function toExpressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `:${name}` : `:${JSON.stringify(name)}`));
}

function pickHeaders(req: Request, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = req.headers[name.toLowerCase()];
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function contextOf(req: Request, res: Response): RequestContext {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) {
      controller.abort();
    }
  });
  const log = (req as { log?: Logger }).log;
  const caller = res.locals.caller as Authenticated | undefined;
  const header = caller?.credential === 'bearer' ? 'authorization' : 'x-api-key';
  return {
    requestId: String(res.getHeader('x-request-id') ?? ''),
    log: log as Logger,
    signal: controller.signal,
    stream: req,
    callerCredential: caller ? { [header]: String(req.headers[header]) } : undefined,
  };
}

function send(res: Response, route: OperationRoute, result: HandlerResult): void {
  if (route.deprecation) {
    res.setHeader('deprecation', route.deprecation.since);
    if (route.deprecation.sunset) res.setHeader('sunset', route.deprecation.sunset);
    if (route.deprecation.successor) res.setHeader('link', `<${route.deprecation.successor}>; rel="successor-version"`);
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value !== undefined) {
      res.setHeader(name, String(value));
    }
  }
  res.status(result.status);
  if (result.body === undefined) {
    res.end();
    return;
  }
  const declared = route.responses[String(result.status)] ?? route.responses[`${String(result.status)[0]}XX`] ?? route.responses.default ?? [];
  const contentType = result.contentType ?? declared[0] ?? 'application/json';
  res.type(contentType);
  if (result.body instanceof Readable) {
    // A large text body (a report, an export) produced as it is sent: never whole in memory.
    result.body.pipe(res);
    result.body.once('error', (err) => res.destroy(err));
  } else if (JSON_LIKE.test(contentType)) {
    res.json(result.body);
  } else {
    res.send(result.body);
  }
}
