/**
 * The intermediate representation emitters work from: `$ref`s of parameters, request bodies
 * and responses resolved, operations keyed by operationId, parameters grouped by location.
 * Emitters never touch raw OpenAPI.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import type { HeaderKind } from '@marquee/runtime/client';
import { getAt, HTTP_METHODS, isObject, parsePointer, synthesizeId, toIdentifier, type HttpMethod, type JsonObject, type JsonValue } from '@marquee/openapi';

// Operation names live in @marquee/openapi (the diff engine reports the same client method names);
// emitters keep reaching them through the IR.
export { HTTP_METHODS, synthesizeId, toIdentifier, type HttpMethod };
export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface IRParameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  description?: string;
  schema?: JsonValue;
  deprecated: boolean;
  style?: string;
  explode?: boolean;
  example?: JsonValue;
}

export interface IRMedia {
  mediaType: string;
  schema?: JsonValue;
  example?: JsonValue;
  /** `encoding.<field>.contentType` (multipart and forms): the first content type per field. */
  encoding?: Record<string, string>;
}

export interface IRResponse {
  /** '200', '404', 'default', '4XX' ... */
  status: string;
  description: string;
  contents: IRMedia[];
  headers: IRHeader[];
  /** Links to the operations a client (or Schemathesis' stateful phase) can call next with values from this response. */
  links: IRLink[];
}

/** A declared response header; `kind` is how a client reads its value (its schema's type, `string[]` for arrays). */
export interface IRHeader {
  name: string;
  required: boolean;
  description?: string;
  schema?: JsonValue;
  kind: HeaderKind;
}

/** A Link Object (OpenAPI 3.1 §4.8.20): the operation it targets and where its parameters come from. */
export interface IRLink {
  name: string;
  /** The target's operationId as the spec spells it, or its `operationRef`. */
  operationId?: string;
  operationRef?: string;
  /** Parameter name -> runtime expression or constant (e.g. `$response.body#/id`). */
  parameters: Record<string, JsonValue>;
  requestBody?: JsonValue;
  description?: string;
}

/** One scheme of a security requirement with its scopes (OpenAPI 3.1 §4.8.30). */
export interface IRSecurityScheme {
  scheme: string;
  /**
   * What credential satisfies it: a bearer token (oauth2, openIdConnect, http bearer) or an API
   * key header; 'unsupported' (e.g. http basic) is never satisfied, so such operations fail closed.
   */
  kind: 'bearer' | 'apiKey' | 'unsupported';
  scopes: string[];
}

/** Alternatives (any one suffices), each a list of schemes (all must hold). [] = public. */
export type IRSecurity = IRSecurityScheme[][];

export interface IROperation {
  operationId: string;
  method: HttpMethod;
  /** The OpenAPI path template, e.g. /films/{filmId} */
  path: string;
  tags: string[];
  summary?: string;
  description?: string;
  deprecated: boolean;
  /** From `x-sunset` (YYYY-MM-DD), `x-successor` (path of the replacement) and `x-deprecated-at`. */
  deprecation?: { sunset?: string; successor?: string; since?: string };
  parameters: Record<ParameterLocation, IRParameter[]>;
  requestBody?: { required: boolean; description?: string; contents: IRMedia[] };
  responses: IRResponse[];
  /** The operation's `security`, else the root default; undefined when neither declares any. */
  security?: IRSecurity;
  /** `x-public: true`: deliberately open to anyone (with `security: []`). */
  public: boolean;
  /** JSON pointer of the operation in the bundled document. */
  pointer: string[];
}

export interface IRService {
  name: string;
  title: string;
  version: string;
  description?: string;
  openapi: string;
  operations: IROperation[];
  tags: { name: string; description?: string }[];
  schemas: Record<string, JsonValue>;
  warnings: string[];
}

export function buildIR(name: string, document: JsonObject): IRService {
  const warnings: string[] = [];
  const info = isObject(document.info) ? document.info : {};
  const operations: IROperation[] = [];
  const usedIds = new Set<string>(RESERVED_IDS);
  if (isObject(document.webhooks) && Object.keys(document.webhooks).length > 0) {
    warnings.push(`webhooks are not supported yet; skipped ${Object.keys(document.webhooks).length} webhook(s)`);
  }
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    if (path.includes('?') || path.includes('#')) {
      // No request path can contain them, and routers read `?` as a pattern: never route it.
      warnings.push(`path '${path}' has a query string or fragment, which a path template cannot match; skipped (declare it as a query parameter)`);
      continue;
    }
    const item = deref(document, rawItem);
    if (!isObject(item)) {
      continue;
    }
    const shared = asArray(item.parameters).map((p) => toParameter(document, p));
    for (const method of HTTP_METHODS) {
      const op = deref(document, item[method]);
      if (!isObject(op)) {
        continue;
      }
      const operationId = uniqueId(
        typeof op.operationId === 'string' && op.operationId !== '' ? op.operationId : synthesizeId(method, path),
        usedIds,
      );
      if (isObject(op.callbacks)) {
        warnings.push(`${operationId}: callbacks are not supported yet; skipped`);
      }
      operations.push(toOperation(document, { path, method, op, operationId, shared, security: toSecurity(document, op.security ?? document.security) }));
    }
  }
  warnings.push(...brokenLinks(operations, declaredOperationIds(paths)));
  const components = isObject(document.components) ? document.components : {};
  return {
    name,
    title: typeof info.title === 'string' ? info.title : name,
    version: typeof info.version === 'string' ? info.version : '0.0.0',
    ...(typeof info.description === 'string' ? { description: info.description } : {}),
    openapi: typeof document.openapi === 'string' ? document.openapi : '3.0.0',
    operations,
    tags: asArray(document.tags)
      .filter(isObject)
      .map((t) => ({ name: String(t.name), ...(typeof t.description === 'string' ? { description: t.description } : {}) })),
    schemas: isObject(components.schemas) ? components.schemas : {},
    warnings,
  };
}

function toOperation(
  document: JsonObject,
  args: { path: string; method: HttpMethod; op: JsonObject; operationId: string; shared: IRParameter[]; security: IRSecurity | undefined },
): IROperation {
  const { path, method, op, operationId, shared, security } = args;
  const own = asArray(op.parameters).map((p) => toParameter(document, p));
  // Operation-level parameters override path-level ones with the same name and location.
  const merged = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
  const parameters: Record<ParameterLocation, IRParameter[]> = { path: [], query: [], header: [], cookie: [] };
  for (const p of merged) {
    parameters[p.in].push(p);
  }
  const body = deref(document, op.requestBody);
  // x-* keys in a Responses Object are specification extensions, not responses.
  const declared = Object.entries(isObject(op.responses) ? op.responses : {}).filter(([status]) => !status.startsWith('x-'));
  const responses = declared.map(([status, raw]) => {
    const r = deref(document, raw);
    const obj = isObject(r) ? r : {};
    return {
      status,
      description: typeof obj.description === 'string' ? obj.description : '',
      contents: toContents(obj.content),
      headers: Object.entries(isObject(obj.headers) ? obj.headers : {}).map(([headerName, h]) => {
        const header = deref(document, h);
        const ho = isObject(header) ? header : {};
        return {
          name: headerName,
          required: ho.required === true,
          ...(typeof ho.description === 'string' ? { description: ho.description } : {}),
          ...(ho.schema !== undefined ? { schema: ho.schema } : {}),
          kind: headerKind(document, ho.schema),
        };
      }),
      links: toLinks(document, obj.links),
    };
  });
  return {
    operationId,
    method,
    path,
    tags: asArray(op.tags).map(String),
    ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
    ...(typeof op.description === 'string' ? { description: op.description } : {}),
    deprecated: op.deprecated === true,
    ...(op.deprecated === true
      ? {
          deprecation: {
            ...(typeof op['x-sunset'] === 'string' ? { sunset: op['x-sunset'] } : {}),
            ...(typeof op['x-successor'] === 'string' ? { successor: op['x-successor'] } : {}),
            ...(typeof op['x-deprecated-at'] === 'string' ? { since: op['x-deprecated-at'] } : {}),
          },
        }
      : {}),
    parameters,
    ...(isObject(body)
      ? {
          requestBody: {
            required: body.required === true,
            ...(typeof body.description === 'string' ? { description: body.description } : {}),
            contents: toContents(body.content),
          },
        }
      : {}),
    responses,
    ...(security ? { security } : {}),
    public: op['x-public'] === true,
    pointer: ['paths', path, method],
  };
}

/** Security requirements with each scheme's credential kind, from components.securitySchemes. */
function toSecurity(document: JsonObject, raw: JsonValue | undefined): IRSecurity | undefined {
  if (!Array.isArray(raw)) {
    return undefined;
  }
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  return raw.filter(isObject).map((requirement) =>
    Object.entries(requirement).map(([scheme, scopes]) => {
      const def = deref(document, schemes[scheme]);
      return { scheme, kind: isObject(def) ? credentialKind(def) : 'unsupported', scopes: asArray(scopes).map(String) };
    }),
  );
}

function credentialKind(def: JsonObject): IRSecurityScheme['kind'] {
  if (def.type === 'oauth2' || def.type === 'openIdConnect' || (def.type === 'http' && String(def.scheme).toLowerCase() === 'bearer')) {
    return 'bearer';
  }
  return def.type === 'apiKey' && def.in === 'header' && String(def.name).toLowerCase() === 'x-api-key' ? 'apiKey' : 'unsupported';
}

function toParameter(document: JsonObject, raw: JsonValue): IRParameter {
  const p = deref(document, raw);
  const obj = isObject(p) ? p : {};
  const location = String(obj.in) as ParameterLocation;
  return {
    name: String(obj.name),
    in: ['path', 'query', 'header', 'cookie'].includes(location) ? location : 'query',
    required: obj.required === true || location === 'path',
    ...(typeof obj.description === 'string' ? { description: obj.description } : {}),
    ...(obj.schema !== undefined
      ? { schema: obj.schema }
      : isObject(obj.content)
        ? { schema: Object.values(obj.content).map((m) => (isObject(m) ? m.schema : undefined))[0] ?? {} }
        : {}),
    deprecated: obj.deprecated === true,
    ...(typeof obj.style === 'string' ? { style: obj.style } : {}),
    ...(typeof obj.explode === 'boolean' ? { explode: obj.explode } : {}),
    ...(obj.example !== undefined ? { example: obj.example } : {}),
  };
}

function toContents(content: JsonValue | undefined): IRMedia[] {
  return Object.entries(isObject(content) ? content : {}).map(([mediaType, media]) => {
    const m = isObject(media) ? media : {};
    const encoding = Object.fromEntries(
      Object.entries(isObject(m.encoding) ? m.encoding : {}).flatMap(([field, e]) => (isObject(e) && typeof e.contentType === 'string' ? [[field, e.contentType.split(',')[0]!.trim()]] : [])),
    );
    return {
      mediaType,
      ...(m.schema !== undefined ? { schema: m.schema } : {}),
      ...(m.example !== undefined ? { example: m.example } : {}),
      ...(Object.keys(encoding).length > 0 ? { encoding } : {}),
    };
  });
}

/**
 * A header schema's scalar type (3.1 type arrays read without 'null'); arrays of one are
 * `<type>[]` (simple style). Anything else (objects, `content`, no schema) reads as a string.
 */
function headerKind(document: JsonObject, raw: JsonValue | undefined, depth = 0): HeaderKind {
  const schema = deref(document, raw);
  const types = isObject(schema) ? (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => t !== 'null') : [];
  const type = types.length === 1 ? types[0] : undefined;
  if (type === 'integer' || type === 'number' || type === 'boolean') {
    return type;
  }
  if (type === 'array' && depth === 0 && isObject(schema)) {
    const item = headerKind(document, schema.items, 1);
    return item.endsWith('[]') ? 'string[]' : (`${item}[]` as HeaderKind);
  }
  return 'string';
}

function toLinks(document: JsonObject, raw: JsonValue | undefined): IRLink[] {
  return Object.entries(isObject(raw) ? raw : {}).flatMap(([name, l]) => {
    const link = deref(document, l);
    if (!isObject(link)) {
      return [];
    }
    return [
      {
        name,
        ...(typeof link.operationId === 'string' ? { operationId: link.operationId } : {}),
        ...(typeof link.operationRef === 'string' ? { operationRef: link.operationRef } : {}),
        parameters: isObject(link.parameters) ? link.parameters : {},
        ...(link.requestBody !== undefined ? { requestBody: link.requestBody } : {}),
        ...(typeof link.description === 'string' ? { description: link.description } : {}),
      },
    ];
  });
}

/** The operationIds the spec itself declares (links name these, not our identifiers). */
function declaredOperationIds(paths: JsonObject): Set<string> {
  const ids = new Set<string>();
  for (const item of Object.values(paths)) {
    for (const method of HTTP_METHODS) {
      const op = isObject(item) ? item[method] : undefined;
      if (isObject(op) && typeof op.operationId === 'string') {
        ids.add(op.operationId);
      }
    }
  }
  return ids;
}

/** Links are valid and kept; only one naming an operationId the spec does not declare is worth a warning. */
function brokenLinks(operations: readonly IROperation[], ids: ReadonlySet<string>): string[] {
  return operations.flatMap((op) =>
    op.responses.flatMap((r) =>
      r.links
        .filter((l) => l.operationId !== undefined && !ids.has(l.operationId))
        .map((l) => `${op.operationId}: response ${r.status} link '${l.name}' names operationId '${l.operationId}', which no operation declares`),
    ),
  );
}

/** Follows local `$ref`s (the document is bundled, so all refs are local). */
export function deref(document: JsonObject, value: JsonValue | undefined, depth = 0): JsonValue | undefined {
  if (depth > 32 || !isObject(value) || typeof value.$ref !== 'string') {
    return value;
  }
  const ref = value.$ref;
  if (!ref.startsWith('#')) {
    return value;
  }
  return deref(document, getAt(document, parsePointer(ref)), depth + 1);
}

function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function uniqueId(id: string, used: Set<string>): string {
  let candidate = toIdentifier(id);
  for (let n = 2; used.has(candidate); n++) {
    candidate = `${toIdentifier(id)}${n}`;
  }
  used.add(candidate);
  return candidate;
}

/** Operation names generated code cannot use as members: the client class's own, and the object prototype's. */
const RESERVED_IDS = ['constructor', 'http', '__proto__'];

export function pascal(id: string): string {
  return id[0]!.toUpperCase() + id.slice(1);
}
