/**
 * express-openapi-validator's own validators, built once per operation at startup and called
 * directly, without its per-request middleware chain (a promise hop per middleware, a route
 * lookup that compiles every path with path-to-regexp on every request, a per-request cache
 * key). The validation code itself is the validator's, so error bodies stay exactly what its
 * middleware produced: the same ajv instances and options, the same parameter mutation
 * (coercion, defaults, csv arrays), the same BadRequest/UnsupportedMediaType errors.
 *
 * Each operation is compiled once, at startup (listen() waits for it), or on its first request
 * if that comes sooner.
 *
 * Uses the validator's internal modules (dist/...): express-openapi-validator is pinned to an
 * exact version in runtime/package.json for that reason; runtime/test/compiled-validation.test.ts
 * fails if an upgrade changes what they export.
 */
import type { IncomingMessage } from 'node:http';
import type { OpenApiValidatorOpts } from 'express-openapi-validator/dist/framework/types';
import { OpenApiValidator as Eov } from 'express-openapi-validator/dist/openapi.validator';
import { OpenApiSpecLoader } from 'express-openapi-validator/dist/framework/openapi.spec.loader';
import { SchemaPreprocessor } from 'express-openapi-validator/dist/middlewares/parsers/schema.preprocessor';
import { RequestValidator, ResponseValidator } from 'express-openapi-validator/dist/middlewares';
import { ContentType } from 'express-openapi-validator/dist/middlewares/util';
import type { OperationTable } from '../client/http-client';
import { REQUEST_FORMAT_MODE } from './precompiled-types';
export { contentTypeKey } from './content-type-key';

/** The options both the fallback middleware and the compiled validators are built with (one place, so they cannot drift). */
export function validatorOptions(spec: object, validateResponses: boolean): OpenApiValidatorOpts {
  return {
    apiSpec: spec as never,
    validateRequests: { allErrors: true, allowUnknownQueryParameters: false },
    validateResponses: validateResponses ? { allErrors: true } : false,
    validateFormats: true,
    ajvFormats: { mode: REQUEST_FORMAT_MODE }, // the generated validators' formats follow the same constant
    validateSecurity: false,
  };
}

type Middleware = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;

/** The validator's request shape, as its code reads and writes it. */
export interface ValidatedRequest extends IncomingMessage {
  originalUrl: string;
  path: string;
  query: Record<string, unknown>;
  params: Record<string, string>;
  body?: unknown;
  cookies?: unknown;
  openapi?: { expressRoute: string; openApiRoute: string; pathParams: Record<string, string>; schema: object; serial: number; _responseSchema?: object };
}

interface ResponseValidators {
  validators: object;
}

export interface CompiledOperation {
  /** Request media type (normalized as the validator does; 'not_provided' without a body) -> the validator's own middleware for it. */
  byContentType: Map<string, Middleware>;
  expressRoute: string;
  openApiRoute: string;
  schema: object;
  serial: number;
  responses?: ResponseValidators;
}

export interface CompiledValidation {
  /**
   * The operation's compiled validators, built on first use and kept (undefined: the validator
   * cannot serve it outside its middleware chain, e.g. a server URL with a base path).
   */
  operation(operationId: string): CompiledOperation | undefined;
  /** Compiles every operation, one per event-loop turn (requests in between are not held up); resolves when all are. */
  warm(): Promise<void>;
  /** Throws the validator's InternalServerError when a JSON body breaks the declared response schema. */
  validateResponse(op: CompiledOperation, body: unknown, status: number, contentType: string, path: string): void;
}

interface InternalRequestValidator {
  buildMiddleware(path: string, schema: object, contentType: unknown, key: string): Middleware;
}

interface InternalResponseValidator {
  buildValidators(responses: object, key: string): object;
  _validate(args: { validators: object; body: unknown; statusCode: number; path: string; accepts: string[] }): void;
}

interface LoadedSpec {
  apiDoc: { paths: Record<string, Record<string, object>> };
  basePaths: string[];
  routes: { basePath: string; expressRoute: string; openApiRoute: string; method: string }[];
  serial: number;
}

/** Media types the validator would see for an operation: each declared request type, and none at all. */
function contentTypeKeys(route: OperationTable[string]): string[] {
  const declared = (route as { requestMediaTypes?: readonly string[] }).requestMediaTypes ?? [];
  return ['not_provided', ...declared.map((t) => ContentType.fromString(t).normalize() ?? t)];
}

/**
 * Loads the spec as the validator does (a clone; it fills in defaults; not validated against the
 * OpenAPI schema again: codegen lints it, and the middleware chain still validates it), then
 * compiles, per operation and request media type, the validator's request middleware, plus its
 * response validators when asked. Async because the validator's spec loader is.
 * `compileRequests` false: response validators only (a service whose request validators were
 * compiled at generate time, precompiled-validation.ts).
 */
export async function compileValidation(spec: object, operations: OperationTable, validateResponses: boolean, compileRequests = true): Promise<CompiledValidation> {
  const options = validatorOptions(spec, validateResponses);
  const eov = new Eov(options);
  const loaded = (await new OpenApiSpecLoader({ apiDoc: structuredClone(spec) as never, validateApiSpec: false, $refParser: { mode: 'bundle' } }).load()) as unknown as LoadedSpec;
  const { apiDoc, apiDocRes } = new SchemaPreprocessor(loaded.apiDoc as never, eov.ajvOpts.preprocessor, eov.options.validateResponses as never).preProcess() as unknown as {
    apiDoc: LoadedSpec['apiDoc'];
    apiDocRes: LoadedSpec['apiDoc'] | null;
  };
  const requests = compileRequests ? (new RequestValidator(apiDoc as never, eov.ajvOpts.request) as unknown as InternalRequestValidator) : undefined;
  const responses =
    validateResponses && apiDocRes ? (new ResponseValidator(apiDocRes as never, eov.ajvOpts.response, eov.options.validateResponses as never, loaded.serial) as unknown as InternalResponseValidator) : undefined;
  const compiled = new Map<string, CompiledOperation | null>();

  const compile = (operationId: string): CompiledOperation | null => {
    const route = operations[operationId];
    const method = route?.method.toUpperCase();
    const found = route && loaded.routes.find((r) => r.method === method && r.basePath === '' && r.openApiRoute === route.path);
    const schema = found ? apiDoc.paths[route.path]?.[route.method] : undefined;
    if (!route || !found || !schema) {
      return null; // served by the validator's middleware chain instead
    }
    const byContentType = new Map<string, Middleware>();
    for (const key of requests ? contentTypeKeys(route) : []) {
      const contentType = ContentType.fromString(key === 'not_provided' ? (undefined as unknown as string) : key);
      try {
        byContentType.set(key, requests!.buildMiddleware(found.expressRoute, schema, contentType, `${method}-${found.expressRoute}-${key}`));
      } catch {
        // e.g. no body for an operation that requires one: the Express chain gives the validator's own answer.
      }
    }
    const responseSchema = apiDocRes?.paths[route.path]?.[route.method] as { responses?: object } | undefined;
    return {
      byContentType,
      expressRoute: found.expressRoute,
      openApiRoute: found.openApiRoute,
      schema,
      serial: loaded.serial,
      ...(responses && responseSchema?.responses ? { responses: { validators: responses.buildValidators(responseSchema.responses, `${method}-${found.expressRoute}-response`) } } : {}),
    };
  };
  const operation = (operationId: string): CompiledOperation | undefined => {
    let op = compiled.get(operationId);
    if (op === undefined) {
      op = compile(operationId);
      compiled.set(operationId, op);
    }
    return op ?? undefined;
  };
  return {
    operation,
    warm: async () => {
      for (const id of Object.keys(operations)) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        operation(id);
      }
    },
    validateResponse: (op, body, status, contentType, path) => {
      if (responses && op.responses) {
        responses._validate({ validators: op.responses.validators, body, statusCode: status, path, accepts: [contentType] });
      }
    },
  };
}
