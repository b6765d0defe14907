/**
 * TypeScript SDK emitter: the sources of the publishable `@marquee/<service>-sdk` package.
 * Tree-shakable: one route constant and one standalone function per operation (plus a typed
 * `<Op>Error` union, an `is<Op>Error` guard and, for cursor-paginated lists, an async iterator),
 * and a convenience class delegating to them. The transport is the copied client core
 * (runtime/src/client-core, see codegen/src/sdk/build.ts); the types are openapi-typescript's.
 */
import { isObject, type JsonObject, type JsonValue } from '@marquee/openapi';
import { pascal, toIdentifier, type IROperation, type IRService } from '../ir';
import type { EmittedFile } from './emitter';
import { operationTypes, routeEntry, statusTypeDeclarations } from './operations';
import { HEADER, doc, str } from './text';

export interface SdkSecurity {
  bearer: boolean;
  apiKeyHeader?: string;
  /** OAuth2 client-credentials token URL and scopes, for the README. */
  tokenUrl?: string;
  scopes: string[];
}

/** Bearer and header API-key schemes from components.securitySchemes; none declared means both, by convention. */
export function sdkSecurity(document: JsonObject): SdkSecurity {
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? Object.values(components.securitySchemes).filter(isObject) : [];
  if (schemes.length === 0) {
    return { bearer: true, apiKeyHeader: 'X-API-Key', scopes: [] };
  }
  const security: SdkSecurity = { bearer: false, scopes: [] };
  for (const s of schemes) {
    if (s.type === 'oauth2' || s.type === 'openIdConnect' || (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer')) {
      security.bearer = true;
    }
    if (s.type === 'apiKey' && s.in === 'header' && typeof s.name === 'string') {
      security.apiKeyHeader = s.name;
    }
    const cc = isObject(s.flows) && isObject(s.flows.clientCredentials) ? s.flows.clientCredentials : undefined;
    if (cc) {
      security.tokenUrl = typeof cc.tokenUrl === 'string' ? cc.tokenUrl : undefined;
      security.scopes.push(...Object.keys(isObject(cc.scopes) ? cc.scopes : {}));
    }
  }
  return security;
}

/** The operations listed through `cursor` + a `{ items, nextCursor }` page. */
export function isCursorPaginated(op: IROperation, schemas: Record<string, JsonValue>): boolean {
  if (!op.parameters.query.some((p) => p.name === 'cursor')) {
    return false;
  }
  const ok = op.responses.find((r) => r.status === '200');
  const schema = resolveSchema(ok?.contents.find((c) => c.mediaType.includes('json'))?.schema, schemas);
  const props = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  return 'items' in props && 'nextCursor' in props;
}

function resolveSchema(schema: JsonValue | undefined, schemas: Record<string, JsonValue>): JsonValue | undefined {
  const ref = isObject(schema) && typeof schema.$ref === 'string' ? schema.$ref : undefined;
  const name = ref?.match(/^#\/components\/schemas\/(.+)$/)?.[1];
  return name === undefined ? schema : schemas[decodeURIComponent(name)];
}

export function sdkClassName(service: string): string {
  return `${pascal(toIdentifier(service))}Client`;
}

/** src/operations.ts and src/index.ts of the package. */
export function emitSdkSources(ir: IRService, service: string, security: SdkSecurity): EmittedFile[] {
  return [
    { path: 'src/operations.ts', content: operationsFile(ir) },
    { path: 'src/index.ts', content: indexFile(ir, service, security) },
  ];
}

function operationsFile(ir: IRService): string {
  const out = [HEADER, "import type { OperationRoute } from './core/index.js';\n", "import type { paths } from './types.gen.js';\n", statusTypeDeclarations(ir.operations)];
  for (const op of ir.operations) {
    out.push('\n', doc([`Route of \`${op.operationId}\`.`]));
    out.push(`export const ${toIdentifier(op.operationId)}Route = ${routeEntry(op, { security: false })} as const satisfies OperationRoute;\n`);
    out.push(operationTypes(op, { principal: false }));
  }
  return out.join('');
}

function indexFile(ir: IRService, service: string, security: SdkSecurity): string {
  const cls = sdkClassName(service);
  const paginated = new Set(ir.operations.filter((op) => isCursorPaginated(op, ir.schemas)).map((op) => op.operationId));
  const out: string[] = [HEADER];
  out.push(
    "import { ApiError, SdkTransport, paginate, type CallOptions, type ErrorOf, type SdkOptions, type SecuritySchemes, type SuccessBody, type SuccessResult, type WithResponse } from './core/index.js';\n",
    "import * as ops from './operations.js';\n\n",
    "export { ApiError, NetworkError, SdkTransport, isProblem, paginate } from './core/index.js';\n",
    "export type { CallOptions, Credential, CursorPage, ErrorOf, HeaderValue, ProblemDetails, SdkOptions, SuccessBody, SuccessResult, WithResponse } from './core/index.js';\n",
    "export type * from './operations.js';\n",
    "export type { components, paths, Schemas } from './types.gen.js';\n\n",
  );
  out.push(`/** The spec's version (${ir.title}). */\nexport const API_VERSION = ${str(ir.version)};\n\n`);
  const sec = `{ bearer: ${security.bearer}${security.apiKeyHeader ? `, apiKeyHeader: ${str(security.apiKeyHeader)}` : ''} }`;
  out.push(`/** How ${service} authenticates (components.securitySchemes). */\nexport const SECURITY: SecuritySchemes = ${sec};\n\n`);
  out.push(doc([`A connection to ${ir.title}: base URL, credentials, timeouts and retries, shared by every call.`]));
  out.push(`export function createClient(options: SdkOptions): SdkTransport {\n  return new SdkTransport(${str(service)}, options, SECURITY);\n}\n`);
  for (const op of ir.operations) {
    out.push('\n', operationFunctions(op, paginated.has(op.operationId)));
  }
  out.push('\n', doc([`Every operation of ${ir.title} ${ir.version} as a method (the standalone functions tree-shake better).`]));
  out.push(`export class ${cls} {\n  readonly transport: SdkTransport;\n\n`);
  out.push('  constructor(options: SdkOptions | SdkTransport) {\n    this.transport = options instanceof SdkTransport ? options : createClient(options);\n  }\n');
  for (const op of ir.operations) {
    const id = toIdentifier(op.operationId);
    const n = pascal(id);
    const param = requestParam(op, n);
    out.push('\n', doc([op.summary, `${op.method.toUpperCase()} ${op.path}`, op.deprecated ? '@deprecated' : undefined], '  '));
    out.push(...resultOverloads(`  ${id}(`, '', op, n));
    out.push(`  ${id}(${param}, options?: CallOptions & Partial<WithResponse>): Promise<unknown> {\n    return ${sdkFunctionName(op)}(this.transport, request, options as CallOptions);\n  }\n`);
    if (paginated.has(op.operationId)) {
      out.push(`\n  /** Every item of every page of \`${id}\`. */\n  iterate${n}(${param}, options?: CallOptions): AsyncGenerator<${n}Item, void, undefined> {\n    return iterate${n}(this.transport, request, options);\n  }\n`);
    }
  }
  out.push('}\n');
  return out.join('');
}

function requestParam(op: IROperation, n: string): string {
  const required =
    (['path', 'query', 'header', 'cookie'] as const).some((loc) => op.parameters[loc].some((p) => p.required)) || op.requestBody?.required === true;
  return required ? `request: ops.${n}Request` : `request: ops.${n}Request = {}`;
}

/**
 * The two ways to call an operation: the 2xx body, or with `{ withResponse: true }` status, body,
 * typed declared headers and Response (the request is then required, `{}` when it has nothing).
 */
function resultOverloads(head: string, client: string, op: IROperation, n: string): string[] {
  const optional = requestParam(op, n).endsWith('= {}') ? '?' : '';
  return [
    `${head}${client}request: ops.${n}Request, options: CallOptions & WithResponse): Promise<SuccessResult<ops.${n}Response>>;\n`,
    `${head}${client}request${optional}: ops.${n}Request, options?: CallOptions): Promise<SuccessBody<ops.${n}Response>>;\n`,
  ];
}

/** Names the package exports itself; an operation called so gets its function suffixed `Operation`. */
const SDK_EXPORTS = new Set(['createClient', 'API_VERSION', 'SECURITY', 'ApiError', 'NetworkError', 'SdkTransport', 'isProblem', 'paginate']);

/** The standalone function of an operation: its operationId, unless that is one of the package's own exports. */
export function sdkFunctionName(op: IROperation): string {
  const id = toIdentifier(op.operationId);
  return SDK_EXPORTS.has(id) ? `${id}Operation` : id;
}

function operationFunctions(op: IROperation, paginated: boolean): string {
  const id = toIdentifier(op.operationId);
  const fn = sdkFunctionName(op);
  const n = pascal(id);
  const errors = op.responses.filter((r) => !/^2/.test(r.status)).map((r) => r.status);
  const lines: string[] = [];
  lines.push(
    doc([
      op.summary,
      op.description,
      `${op.method.toUpperCase()} ${op.path}`,
      `Resolves with the ${op.responses.filter((r) => /^2/.test(r.status)).map((r) => r.status).join('/') || '2xx'} body; rejects with \`${n}Error\` (${errors.join(', ') || 'none declared'}) or NetworkError.`,
      op.deprecated ? '@deprecated' : undefined,
    ]),
  );
  lines.push(...resultOverloads(`export function ${fn}(`, 'client: SdkTransport, ', op, n));
  lines.push(`export function ${fn}(client: SdkTransport, ${requestParam(op, n)}, options?: CallOptions & Partial<WithResponse>): Promise<unknown> {\n`);
  lines.push(`  return client.invoke(ops.${id}Route, ${str(op.operationId)}, request, options);\n}\n`);
  lines.push(`/** The declared error responses of \`${id}\`, discriminated by \`status\`. */\nexport type ${n}Error = ErrorOf<ops.${n}Response>;\n`);
  lines.push(`/** True when \`error\` is one of \`${id}\`'s responses (narrow further on \`status\`). */\n`);
  lines.push(`export function is${n}Error(error: unknown): error is ${n}Error {\n  return error instanceof ApiError && error.operationId === ${str(op.operationId)};\n}\n`);
  if (paginated) {
    lines.push(`/** One item of \`${id}\`'s pages. */\nexport type ${n}Item = SuccessBody<ops.${n}Response>['items'][number];\n`);
    lines.push(`/** Every item of every page of \`${id}\`, fetching pages as the loop reaches them. */\n`);
    lines.push(`export function iterate${n}(client: SdkTransport, ${requestParam(op, n)}, options?: CallOptions): AsyncGenerator<${n}Item, void, undefined> {\n`);
    lines.push(`  return paginate((cursor) => ${fn}(client, { ...request, query: { ...request.query, cursor } }, options));\n}\n`);
  }
  return lines.join('');
}
