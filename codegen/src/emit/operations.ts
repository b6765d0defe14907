/**
 * Operations emitter: the route table shared by server and client, and per operation the
 * handler input, client request and response union types, all indexed into the types
 * openapi-typescript emitted (never rebuilt).
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import { pascal, type IRHeader, type IROperation, type IRResponse, type IRSecurity, type IRService } from '../ir';
import { isBinaryMedia } from '@marquee/runtime/client-media';
import type { EmittedFile } from './emitter';
import { HEADER, doc, key, str } from './text';

const JSON_LIKE = /^application\/([a-z0-9.+-]*\+)?json$/i;

export function emitOperations(ir: IRService): EmittedFile[] {
  const secured = ir.operations.some((op) => principalField(op) !== undefined);
  const runtimeTypes = secured ? 'OperationTable, Principal' : 'OperationTable';
  const out: string[] = [HEADER, "import type { paths } from './types.gen';\n", `import type { ${runtimeTypes} } from '@marquee/runtime/client';\n\n`];
  out.push(statusTypeDeclarations(ir.operations));
  out.push(`/** Operations of ${`${ir.title} ${ir.version}`.replace(/\*\//g, '*\\/')}, keyed by operationId. */\n`);
  out.push(`export const operations = {\n`);
  for (const op of ir.operations) {
    out.push(`  ${key(op.operationId)}: ${routeEntry(op)},\n`);
  }
  out.push(`} as const satisfies OperationTable;\n\n`);
  out.push(`export type OperationId = keyof typeof operations;\n`);
  for (const op of ir.operations) {
    out.push('\n', operationTypes(op));
  }
  return [{ path: 'operations.gen.ts', content: out.join('') }];
}

/** `security: false` leaves out the declared security (the published SDK's routes do not carry it). */
export function routeEntry(op: IROperation, { security = true }: { security?: boolean } = {}): string {
  const responses = op.responses
    .map((r) => `${str(r.status)}: [${r.contents.map((c) => str(c.mediaType)).join(', ')}]`)
    .join(', ');
  const body = op.requestBody?.contents.map((c) => str(c.mediaType)).join(', ') ?? '';
  // Arrays in form style with explode: false travel as one comma-separated value.
  const csv = op.parameters.query.filter((p) => (p.style ?? 'form') === 'form' && p.explode === false).map((p) => `${key(p.name)}: "csv"`);
  const encodings = (op.requestBody?.contents ?? []).flatMap((c) =>
    c.encoding ? [`${str(c.mediaType)}: { ${Object.entries(c.encoding).map(([f, t]) => `${key(f)}: ${str(t)}`).join(', ')} }`] : [],
  );
  const headers = op.responses.filter((r) => r.headers.length > 0).map((r) => `${str(r.status)}: { ${r.headers.map((h) => `${key(h.name)}: ${str(h.kind)}`).join(', ')} }`);
  return [
    '{ ',
    `method: ${str(op.method)}, `,
    `path: ${str(op.path)}, `,
    `headerParams: [${op.parameters.header.map((p) => str(p.name)).join(', ')}], `,
    `requestMediaTypes: [${body}], `,
    `responses: { ${responses} }, `,
    `deprecated: ${op.deprecated}`,
    op.deprecation ? `, deprecation: ${deprecationEntry(op.deprecation)}` : '',
    csv.length > 0 ? `, queryStyles: { ${csv.join(', ')} }` : '',
    encodings.length > 0 ? `, requestEncodings: { ${encodings.join(', ')} }` : '',
    headers.length > 0 ? `, responseHeaders: { ${headers.join(', ')} }` : '',
    op.security && security ? `, security: ${securityEntry(op.security)}` : '',
    ' }',
  ].join('');
}

/** Declared security as data the runtime enforces: alternatives of { scheme, kind, scopes }. */
function securityEntry(security: IRSecurity): string {
  const scheme = (s: IRSecurity[number][number]) => `{ scheme: ${str(s.scheme)}, kind: ${str(s.kind)}, scopes: [${s.scopes.map(str).join(', ')}] }`;
  return `[${security.map((alt) => `[${alt.map(scheme).join(', ')}]`).join(', ')}]`;
}

/** The handler's `principal`: non-null when credentials are required, optional when anonymous is one alternative. */
function principalField(op: IROperation): string | undefined {
  if (!op.security || op.security.length === 0) {
    return undefined;
  }
  return op.security.some((alt) => alt.length === 0) ? '  principal: Principal | undefined;\n' : '  principal: Principal;\n';
}

/** The headers a deprecated operation announces (RFC 9745 Deprecation, RFC 8594 Sunset, successor Link). */
function deprecationEntry(d: NonNullable<IROperation['deprecation']>): string {
  const toHttpDate = (day: string) => new Date(`${day}T23:59:59Z`).toUTCString();
  const fields = [
    `since: ${d.since ? str(`@${Math.floor(Date.parse(`${d.since}T00:00:00Z`) / 1000)}`) : str('true')}`,
    d.sunset && !Number.isNaN(Date.parse(d.sunset)) ? `sunset: ${str(toHttpDate(d.sunset))}` : '',
    d.successor ? `successor: ${str(d.successor)}` : '',
  ].filter(Boolean);
  return `{ ${fields.join(', ')} }`;
}

/** `principal: false` leaves the authenticated caller out of the handler input (the SDK has no handlers). */
export function operationTypes(op: IROperation, { principal = true }: { principal?: boolean } = {}): string {
  const name = pascal(op.operationId);
  const opType = `paths[${str(op.path)}][${str(op.method)}]`;
  const lines: string[] = [];
  lines.push(`type ${name}Op = ${opType};\n`);

  // Handler input: every location the operation declares, validated and coerced.
  const inputFields: string[] = [];
  const requestFields: string[] = [];
  const locations = [
    ['path', 'path'],
    ['query', 'query'],
    ['header', 'headers'],
    ['cookie', 'cookies'],
  ] as const;
  for (const [loc, field] of locations) {
    const params = op.parameters[loc];
    if (params.length === 0) {
      continue;
    }
    const t = `NonNullable<${name}Op['parameters'][${str(loc)}]>`;
    inputFields.push(`  ${field}: ${t};\n`);
    const required = params.some((p) => p.required);
    requestFields.push(`  ${field}${required ? '' : '?'}: ${t};\n`);
  }
  const body = op.requestBody;
  if (body && body.contents.length > 0) {
    const bodyType = body.contents
      .map((c) => `NonNullable<${name}Op['requestBody']>['content'][${str(c.mediaType)}]`)
      .join(' | ');
    const t = body.required ? bodyType : `${bodyType} | undefined`;
    inputFields.push(`  body: ${t};\n`);
    requestFields.push(`  body${body.required ? '' : '?'}: ${t};\n`);
    if (body.contents.length > 1) {
      requestFields.push(`  contentType?: ${body.contents.map((c) => str(c.mediaType)).join(' | ')};\n`);
    }
  }
  const principalInput = principal ? principalField(op) : undefined;
  if (principalInput) {
    inputFields.push(principalInput);
  }
  lines.push(doc([`Validated input of \`${op.operationId}\` (${op.method.toUpperCase()} ${op.path}).`]));
  lines.push(`export interface ${name}Input {\n${inputFields.join('')}}\n`);
  lines.push(doc([`What a client sends to \`${op.operationId}\`.`]));
  lines.push(`export interface ${name}Request {\n${requestFields.join('')}}\n`);
  lines.push(doc([`Every response \`${op.operationId}\` declares, discriminated by status.`]));
  const variants = op.responses.map((r) => responseVariant(`${name}Op`, r, op.responses));
  lines.push(`export type ${name}Response =\n${variants.length > 0 ? variants.map((v) => `  | ${v}`).join('\n') : '  never'};\n`);
  return lines.join('');
}

/**
 * What a client gets for a response media type (what runtime/src/client-core decodeBody
 * returns): bytes as a Blob, an event stream as an async iterator of events whose `data` has the
 * declared schema's type, anything else the declared type.
 */
function mediaBodyType(mediaType: string, declared: string): string {
  const type = mediaType.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/event-stream') {
    return `AsyncIterable<{ event?: string; id?: string; retry?: number; data: ${declared} }>`;
  }
  return isBinaryMedia(type) && !type.includes('*') ? 'Blob' : declared; // a wildcard may well be JSON
}

/**
 * Status literal unions for range (`4XX`) and `default` responses, so `status === 200` still
 * narrows a union that has them: a range is its hundred codes less those declared on their
 * own; `default` is every code not declared otherwise (2xx only when no success is declared).
 */
export function statusTypeDeclarations(operations: readonly IROperation[]): string {
  if (!operations.some((op) => op.responses.some((r) => !/^[1-5][0-9][0-9]$/.test(r.status)))) {
    return '';
  }
  const ranges = [1, 2, 3, 4, 5].map((d) => `type Status${d}XX = ${Array.from({ length: 100 }, (_, i) => d * 100 + i).join(' | ')};\n`);
  return `${ranges.join('')}\n`;
}

function statusType(r: IRResponse, all: readonly IRResponse[]): string {
  if (/^[1-5][0-9][0-9]$/.test(r.status)) {
    return r.status;
  }
  const explicit = all.map((o) => o.status).filter((s) => /^[1-5][0-9][0-9]$/.test(s));
  const ranges = all.map((o) => o.status.toUpperCase()).filter((s) => /^[1-5]XX$/.test(s));
  const range = /^([1-5])XX$/i.exec(r.status);
  if (range) {
    const own = explicit.filter((s) => s[0] === range[1]);
    return own.length > 0 ? `Exclude<Status${range[1]}XX, ${own.join(' | ')}>` : `Status${range[1]}XX`;
  }
  // default (or anything else): what no other response covers.
  const hasSuccess = explicit.some((s) => s.startsWith('2')) || ranges.includes('2XX');
  const digits = ['1', '2', '3', '4', '5'].filter((d) => !ranges.includes(`${d}XX`) && (d !== '2' || !hasSuccess));
  if (digits.length === 0) {
    return 'never';
  }
  const base = digits.map((d) => `Status${d}XX`).join(' | ');
  const own = explicit.filter((s) => digits.includes(s[0]!));
  return own.length > 0 ? `Exclude<${base}, ${own.join(' | ')}>` : base;
}

function responseVariant(opType: string, r: IRResponse, all: readonly IRResponse[]): string {
  const status = statusType(r, all);
  const statusKey = /^[0-9]+$/.test(r.status) ? r.status : str(r.status);
  const bodies = unique(r.contents.map((c) => mediaBodyType(c.mediaType, `${opType}['responses'][${statusKey}]['content'][${str(c.mediaType)}]`)));
  const fields = [`status: ${status}`];
  fields.push(bodies.length > 0 ? `body: ${bodies.join(' | ')}` : 'body?: undefined');
  if (r.contents.length > 1 || r.contents.some((c) => !JSON_LIKE.test(c.mediaType))) {
    fields.push(`contentType?: ${r.contents.map((c) => str(c.mediaType)).join(' | ') || 'string'}`);
  }
  if (r.headers.length > 0) {
    const headerFields = r.headers.map((h) => `${key(h.name)}${h.required ? '' : '?'}: ${HEADER_TYPES[h.kind]}`).join('; ');
    const anyRequired = r.headers.some((h) => h.required);
    fields.push(`headers${anyRequired ? '' : '?'}: { ${headerFields} }`);
  }
  return `{ ${fields.join('; ')} }`;
}

/** What a client reads a declared header as (runtime/src/client-core/response-headers.ts), and what a handler sends. */
const HEADER_TYPES: Record<IRHeader['kind'], string> = {
  string: 'string',
  integer: 'number',
  number: 'number',
  boolean: 'boolean',
  'string[]': 'string[]',
  'integer[]': 'number[]',
  'number[]': 'number[]',
  'boolean[]': 'boolean[]',
};

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
