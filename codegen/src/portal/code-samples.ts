/**
 * Code samples per operation (TypeScript SDK, curl, Python) written into the portal's copy of
 * a spec as `x-codeSamples`, which Scalar (and Redoc) show beside each operation. specs/ is
 * never touched. Values come from the spec's own examples (see sample.ts).
 * @see https://scalar.com/products/api-references/openapi#x-codesamples
 */
import { buildIR, type IROperation } from '../ir';
import { getAt, isObject, type JsonObject, type JsonValue } from '@marquee/openapi';
import { parameterExample, requestExample } from './sample';

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface SampleContext {
  service: string;
  baseUrl: string;
  document: JsonObject;
}

/** A copy of `document` with `x-codeSamples` on every operation. */
export function withCodeSamples(service: string, document: JsonObject): JsonObject {
  const copy = structuredClone(document);
  const ir = buildIR(service, copy);
  const context: SampleContext = { service, baseUrl: serverUrl(copy), document: copy };
  for (const op of ir.operations) {
    const raw = getAt(copy, op.pointer);
    if (isObject(raw)) {
      raw['x-codeSamples'] = codeSamples(context, op) as unknown as JsonValue;
    }
  }
  return copy;
}

function serverUrl(document: JsonObject): string {
  const first = Array.isArray(document.servers) ? document.servers[0] : undefined;
  return isObject(first) && typeof first.url === 'string' ? first.url.replace(/\/$/, '') : 'http://127.0.0.1';
}

/** Whether calling `op` needs credentials: its own `security`, else the document's; `[]` or `[{}]` means public. */
export function needsAuth(document: JsonObject, op: IROperation): boolean {
  const raw = getAt(document, op.pointer);
  const security = isObject(raw) && raw.security !== undefined ? raw.security : document.security;
  return Array.isArray(security) && security.length > 0 && !security.some((req) => isObject(req) && Object.keys(req).length === 0);
}

/** One example request for an operation, from the spec's examples (also what the mock test sends). */
export interface RequestParts {
  path: string;
  pathParams: Record<string, JsonValue>;
  query: Record<string, JsonValue>;
  /** Required header parameters (e.g. X-Tenant-Id), by the name the spec gives them. */
  headers: Record<string, string>;
  body?: { mediaType: string; value: JsonValue };
  auth: boolean;
}

export function requestParts(document: JsonObject, op: IROperation): RequestParts {
  const pathParams: Record<string, JsonValue> = {};
  let path = op.path;
  for (const p of op.parameters.path) {
    const value = parameterExample(document, p) ?? 'id';
    pathParams[p.name] = value;
    path = path.replace(`{${p.name}}`, encodeURIComponent(String(value)));
  }
  const query: Record<string, JsonValue> = {};
  for (const p of op.parameters.query.filter((q) => q.required || q.example !== undefined)) {
    query[p.name] = parameterExample(document, p) ?? '';
  }
  const headers: Record<string, string> = {};
  for (const p of op.parameters.header.filter((h) => h.required)) {
    headers[p.name] = String(parameterExample(document, p) ?? '');
  }
  const body = requestExample(document, op);
  return { path, pathParams, query, headers, ...(body ? { body } : {}), auth: needsAuth(document, op) };
}

export function codeSamples(context: SampleContext, op: IROperation): CodeSample[] {
  const parts = requestParts(context.document, op);
  return [
    { lang: 'typescript', label: 'TypeScript SDK', source: typescriptSample(context, op, parts) },
    { lang: 'shell', label: 'curl', source: curlSample(context, op, parts) },
    { lang: 'python', label: 'Python', source: pythonSample(context, op, parts) },
  ];
}

const FORM = 'application/x-www-form-urlencoded';

/** Whether a request body is sent as an HTML form (e.g. the OAuth2 token endpoint) rather than JSON. */
export const isForm = (body: { mediaType: string }): boolean => body.mediaType === FORM;

/** A form body's fields, encoded the way the generated client sends them (objects as JSON). */
export function formFields(value: JsonValue): [string, string][] {
  return Object.entries(isObject(value) ? value : {}).map(([name, v]) => [name, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)]);
}

/** The bytes a sample sends for `body`: URL-encoded for a form, JSON otherwise. */
export function encodeRequestBody(body: { mediaType: string; value: JsonValue }): string {
  return isForm(body) ? new URLSearchParams(formFields(body.value)).toString() : JSON.stringify(body.value);
}

const pascal = (name: string): string => name.replace(/(^|[-_])([a-z])/g, (_, __, c: string) => c.toUpperCase());
const json = (value: JsonValue, indent = 2): string => JSON.stringify(value, null, indent);

export function queryString(query: Record<string, JsonValue>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function typescriptSample(context: SampleContext, op: IROperation, parts: RequestParts): string {
  const client = `${pascal(context.service)}Client`;
  const request: Record<string, JsonValue> = {};
  if (Object.keys(parts.pathParams).length > 0) request.path = parts.pathParams;
  if (Object.keys(parts.query).length > 0) request.query = parts.query;
  if (Object.keys(parts.headers).length > 0) request.headers = parts.headers;
  if (parts.body) request.body = parts.body.value;
  // The published SDK (codegen/src/emit/sdk.ts): a 2xx resolves with its body; declared errors reject with a typed ApiError.
  const token = parts.auth ? ',\n  token: process.env.MARQUEE_TOKEN, // or apiKey: process.env.MARQUEE_API_KEY' : ',';
  return [
    `import { ${client} } from '@marquee/${context.service}-sdk';`,
    '',
    `const client = new ${client}({\n  baseUrl: '${context.baseUrl}'${token}\n});`,
    `const body = await client.${op.operationId}(${Object.keys(request).length > 0 ? json(request) : ''});`,
    '// a declared error response rejects with ApiError: status, body (problem details), requestId',
    'console.log(body);',
  ].join('\n');
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function curlSample(context: SampleContext, op: IROperation, parts: RequestParts): string {
  const lines = [`curl -X ${op.method.toUpperCase()} ${shellQuote(`${context.baseUrl}${parts.path}${queryString(parts.query)}`)}`];
  if (parts.auth) lines.push(`-H "Authorization: Bearer $MARQUEE_TOKEN"`);
  lines.push(...Object.entries(parts.headers).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`));
  if (parts.body) {
    lines.push(`-H ${shellQuote(`Content-Type: ${parts.body.mediaType}`)}`);
    if (isForm(parts.body)) {
      lines.push(...formFields(parts.body.value).map(([name, value]) => `--data-urlencode ${shellQuote(`${name}=${value}`)}`));
    } else {
      lines.push(`-d ${shellQuote(JSON.stringify(parts.body.value))}`);
    }
  }
  return lines.join(' \\\n  ');
}

function pythonLiteral(value: JsonValue, indent = ''): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[\n${value.map((v) => `${inner}${pythonLiteral(v, inner)}`).join(',\n')},\n${indent}]`;
  }
  const entries = Object.entries(value);
  return entries.length === 0 ? '{}' : `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(v, inner)}`).join(',\n')},\n${indent}}`;
}

function pythonSample(context: SampleContext, op: IROperation, parts: RequestParts): string {
  const args = [JSON.stringify(`${context.baseUrl}${parts.path}`)];
  if (Object.keys(parts.query).length > 0) args.push(`params=${pythonLiteral(parts.query as JsonObject, '    ')}`);
  if (parts.body) {
    const form = isForm(parts.body);
    const value = form ? (Object.fromEntries(formFields(parts.body.value)) as JsonObject) : parts.body.value;
    args.push(`${form ? 'data' : 'json'}=${pythonLiteral(value, '    ')}`);
  }
  const headers = Object.entries(parts.headers).map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  if (parts.auth) headers.unshift('"Authorization": f"Bearer {os.environ[\'MARQUEE_TOKEN\']}"');
  if (headers.length > 0) args.push(`headers={${headers.join(', ')}}`);
  args.push('timeout=10');
  return [
    ...(parts.auth ? ['import os', ''] : []),
    'import requests',
    '',
    `response = requests.${op.method}(\n    ${args.join(',\n    ')},\n)`,
    'print(response.status_code, response.json() if response.content else None)',
  ].join('\n');
}
