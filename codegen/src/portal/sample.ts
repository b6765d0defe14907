/**
 * Example values for requests, taken from the spec: a media type's `example` or first
 * `examples` entry, else a schema's `example`/`examples`/`default`/`const`/first `enum`, else a
 * small value built from the schema (required properties only, minimum sizes, formats honoured).
 * Used for the portal's code samples and by the mock-server test to build valid requests.
 * @see https://spec.openapis.org/oas/v3.1.0#media-type-object
 */
import type { IRMedia, IROperation, IRParameter } from '../ir';
import { getAt, isObject, type JsonObject, type JsonValue } from '@marquee/openapi';

const MAX_DEPTH = 8;
const MAX_REF_HOPS = 32;

function deref(document: JsonObject, node: JsonValue | undefined): JsonValue | undefined {
  let current = node;
  for (let hop = 0; hop < MAX_REF_HOPS && isObject(current) && typeof current.$ref === 'string'; hop++) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) {
      return current;
    }
    let target: JsonValue | undefined = document;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target) ? target[key] : Array.isArray(target) ? target[Number(key)] : undefined;
    }
    current = target;
  }
  return current;
}

/** The request body a client would send for `op`: its media type and an example value. */
export function requestExample(document: JsonObject, op: IROperation): { mediaType: string; value: JsonValue } | undefined {
  const media = op.requestBody?.contents.find((m) => /json/i.test(m.mediaType)) ?? op.requestBody?.contents[0];
  if (!media) {
    return undefined;
  }
  const value = mediaExample(document, op, media);
  return value === undefined ? undefined : { mediaType: media.mediaType, value };
}

/** The example a media type declares (`example`, first of `examples`), or one built from its schema. */
export function mediaExample(document: JsonObject, op: IROperation, media: IRMedia): JsonValue | undefined {
  if (media.example !== undefined) {
    return media.example;
  }
  const rawOp = getAt(document, op.pointer);
  const body = isObject(rawOp) ? deref(document, rawOp.requestBody) : undefined;
  const raw = isObject(body) && isObject(body.content) ? body.content[media.mediaType] : undefined;
  if (isObject(raw) && isObject(raw.examples)) {
    for (const entry of Object.values(raw.examples)) {
      const example = deref(document, entry);
      if (isObject(example) && example.value !== undefined) {
        return example.value;
      }
    }
  }
  return media.schema !== undefined ? sampleSchema(document, media.schema) : undefined;
}

export function parameterExample(document: JsonObject, parameter: IRParameter): JsonValue | undefined {
  if (parameter.example !== undefined) {
    return parameter.example;
  }
  return parameter.schema !== undefined ? sampleSchema(document, parameter.schema) : undefined;
}

/** A value valid against `schema` in the common cases (examples first). */
export function sampleSchema(document: JsonObject, schema: JsonValue, depth = 0): JsonValue {
  const s = deref(document, schema);
  if (!isObject(s) || depth > MAX_DEPTH) {
    return null;
  }
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0]!;
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0]!;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const variants = s[key];
    if (Array.isArray(variants) && variants.length > 0) {
      const nonNull = variants.find((v) => !isNullSchema(deref(document, v))) ?? variants[0]!;
      return sampleSchema(document, nonNull, depth + 1);
    }
  }
  if (Array.isArray(s.allOf)) {
    return mergeAll(s.allOf.map((part) => sampleSchema(document, part, depth + 1)), objectPart(document, s, depth));
  }
  return sampleByType(document, s, depth);
}

function isNullSchema(s: JsonValue | undefined): boolean {
  return isObject(s) && (s.type === 'null' || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === 'null'));
}

function mergeAll(parts: JsonValue[], own: JsonValue | undefined): JsonValue {
  const objects = [...parts, ...(own !== undefined ? [own] : [])].filter(isObject);
  return objects.length > 0 ? Object.assign({}, ...objects) : (parts[0] ?? null);
}

function objectPart(document: JsonObject, s: JsonObject, depth: number): JsonValue | undefined {
  return isObject(s.properties) ? sampleObject(document, s, depth) : undefined;
}

function schemaType(s: JsonObject): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (isObject(s.properties)) return 'object';
  if (s.items !== undefined) return 'array';
  return undefined;
}

function sampleByType(document: JsonObject, s: JsonObject, depth: number): JsonValue {
  switch (schemaType(s)) {
    case 'object':
      return sampleObject(document, s, depth);
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 1;
      const item = s.items !== undefined ? sampleSchema(document, s.items, depth + 1) : 'string';
      return Array.from({ length: Math.max(min, 1) }, () => item);
    }
    case 'integer':
    case 'number':
      return sampleNumber(s);
    case 'boolean':
      return true;
    case 'string':
      return sampleString(s);
    case 'null':
      return null;
    default:
      return {};
  }
}

function sampleObject(document: JsonObject, s: JsonObject, depth: number): JsonObject {
  const out: JsonObject = {};
  const properties = isObject(s.properties) ? s.properties : {};
  const required = Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [];
  for (const name of required) {
    const property = properties[name];
    out[name] = property !== undefined ? sampleSchema(document, property, depth + 1) : 'string';
  }
  return out;
}

function sampleNumber(s: JsonObject): number {
  const integer = s.type === 'integer' || (Array.isArray(s.type) && s.type.includes('integer'));
  let value = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1;
  if (typeof s.maximum === 'number' && value > s.maximum) value = s.maximum;
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) value = Math.ceil(value / s.multipleOf) * s.multipleOf;
  return integer ? Math.ceil(value) : value;
}

const FORMATS: Record<string, string> = {
  date: '2026-01-15',
  'date-time': '2026-01-15T18:30:00Z',
  time: '18:30:00Z',
  uuid: '3f1c2a9e-8b7d-4c6e-9a5f-1d2e3f4a5b6c',
  email: 'someone@example.com',
  uri: 'https://example.com/resource',
  'uri-reference': '/resource',
  hostname: 'example.com',
  ipv4: '192.0.2.10',
};

function sampleString(s: JsonObject): string {
  if (typeof s.format === 'string' && FORMATS[s.format] !== undefined) {
    return FORMATS[s.format]!;
  }
  const min = typeof s.minLength === 'number' ? s.minLength : 1;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Math.max(min, 6);
  return 'sample'.padEnd(min, 'x').slice(0, Math.max(min, Math.min(max, 6)));
}
