/**
 * Request validation from validators compiled at generate time (generated/<service>/
 * validators.gen.ts, codegen/src/emit/request-validators.ts): no schema is compiled and no spec
 * is loaded when a service starts. Each request runs what express-openapi-validator's request
 * middleware runs (its RequestValidator.buildMiddleware, 5.6.2), with the standalone functions
 * in place of the ones it would compile: its request mutator (coercion, defaults, csv arrays),
 * its unknown- and empty-query-parameter checks, then the two validators, and on failure its
 * own error (same messages, paths and error codes), so the problem+json answer is the same.
 *
 * Response validation (dev and test) still uses the validator's own code (compiled-validation.ts):
 * its spec is loaded at start-up only then, and each operation's response validators are built
 * on its first response.
 */
import type { ServerResponse } from 'node:http';
import { BadRequest, NotFound } from 'express-openapi-validator/dist/framework/types';
import { RequestParameterMutator } from 'express-openapi-validator/dist/middlewares/parsers/req.parameter.mutator';
import { ajvErrorsToValidatorError, augmentAjvErrors } from 'express-openapi-validator/dist/middlewares/util';
import type { CompiledOperation, CompiledValidation, ValidatedRequest } from './compiled-validation';
import type { PrecompiledContentType, PrecompiledOperation, PrecompiledValidators } from './precompiled-types';

type Next = (err?: unknown) => void;
type Middleware = CompiledOperation['byContentType'] extends Map<string, infer M> ? M : never;

interface AjvError {
  instancePath: string;
  message?: string;
}

/** Ajv's errorsText (ajv/dist/core.js), without an Ajv instance. */
function errorsText(errors: AjvError[], dataVar: string): string {
  return errors.length === 0 ? 'No errors' : errors.map((e) => `${dataVar}${e.instancePath} ${e.message}`).join(', ');
}

/**
 * The validator's RequestValidator.processQueryParam: unknown query parameters and empty values
 * are 400s. The names it knows are fixed per operation, so they are gathered once; undefined when
 * the query schema has an object that takes additional properties (then any name is known).
 */
function knownQueryParameters(schema: PrecompiledOperation['properties'][string], whiteList: string[]): Set<string> | undefined {
  const keys: string[] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (prop.type === 'object' && prop.additionalProperties) {
      return undefined;
    }
    keys.push(key);
  }
  return new Set([...keys, ...whiteList]);
}

function checkQueryParameters(query: Record<string, unknown>, known: Set<string>, allowedEmpty: Set<string> | undefined): void {
  for (const q in query) {
    if (!known.has(q)) {
      throw new BadRequest({ path: `/query/${q}`, message: `Unknown query parameter '${q}'` });
    } else if (!allowedEmpty?.has(q) && query[q] === '') {
      throw new BadRequest({ path: `/query/${q}`, message: `Empty value found for query parameter '${q}'` });
    }
  }
}

function requestMiddleware(op: PrecompiledOperation, validators: PrecompiledContentType, apiDoc: object, ajv: object): Middleware {
  const { general, body } = validators;
  const queryAllowedEmpty = op.properties.query?.allowEmptyValue ? new Set(op.properties.query.allowEmptyValue) : undefined;
  const wildcard = op.expressRoute.endsWith('*');
  const knownQuery = op.allowUnknownQueryParameters ? undefined : knownQueryParameters(op.properties.query ?? {}, op.securityQueryParams);
  return ((req: ValidatedRequest, _res: ServerResponse, next: Next) => {
    const openapi = req.openapi!;
    const pathParams = Object.keys(openapi.pathParams);
    if (pathParams.length > 0) {
      if (wildcard && pathParams.filter((p) => openapi.pathParams[p]).length === 0) {
        throw new NotFound({ path: req.path, message: 'not found' });
      }
      req.params = openapi.pathParams;
    }
    new RequestParameterMutator(ajv as never, apiDoc as never, op.expressRoute, op.properties as never).modifyRequest(req as never);
    if (knownQuery) {
      checkQueryParameters(req.query, knownQuery, queryAllowedEmpty);
    }
    const signed = (req as { signedCookies?: object }).signedCookies;
    const data = {
      query: req.query ?? {},
      headers: req.headers,
      params: req.params,
      cookies: req.cookies ? { ...(req.cookies as object), ...signed } : undefined,
      body: req.body,
    };
    const valid = general(data);
    const validBody = body(data);
    if (valid && validBody) {
      next();
      return;
    }
    const errors = augmentAjvErrors([...(general.errors ?? []), ...(body.errors ?? [])] as never) as unknown as AjvError[];
    const error = new BadRequest({ path: req.path, message: errorsText(errors, 'request') });
    error.errors = ajvErrorsToValidatorError(400, errors as never).errors;
    throw error;
  }) as Middleware;
}

/**
 * A CompiledValidation over generated validators. `responses` (dev and test) is the validator's
 * own response validation, loaded once at start-up; every operation's response validators are
 * built on its first response.
 */
export function precompiledValidation(validators: PrecompiledValidators, responses: Promise<CompiledValidation> | undefined): { validation: CompiledValidation; ready: Promise<void> } {
  const apiDoc = { components: validators.components };
  const schemas = validators.components.schemas ?? {};
  // What the validator's request mutator asks its Ajv for: a component schema by its ref.
  const ajv = {
    getSchema: (ref: string) => {
      const name = ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
      const schema = name === undefined ? undefined : schemas[name];
      return schema ? { schema } : undefined;
    },
  };
  const compiled = new Map<string, CompiledOperation | null>();
  const operationIds = new Map<CompiledOperation, string>();
  let response: CompiledValidation | undefined;
  const operation = (operationId: string): CompiledOperation | undefined => {
    let c = compiled.get(operationId);
    if (c === undefined) {
      const op = validators.operations[operationId];
      c = op
        ? {
            byContentType: new Map(Object.entries(op.byContentType).map(([key, v]) => [key, requestMiddleware(op, v, apiDoc, ajv)])),
            expressRoute: op.expressRoute,
            openApiRoute: op.openApiRoute,
            schema: op.schema,
            serial: 0,
          }
        : null;
      if (c) operationIds.set(c, operationId);
      compiled.set(operationId, c);
    }
    return c ?? undefined;
  };
  const validation: CompiledValidation = {
    operation,
    warm: async () => {
      for (const id of Object.keys(validators.operations)) operation(id);
    },
    validateResponse: (op, body, status, contentType, path) => {
      const id = operationIds.get(op);
      const own = id === undefined ? undefined : response?.operation(id);
      if (own) response!.validateResponse(own, body, status, contentType, path);
    },
  };
  const ready = (responses ?? Promise.resolve(undefined)).then((v) => {
    response = v;
  });
  return { validation, ready };
}
