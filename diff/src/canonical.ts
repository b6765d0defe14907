/**
 * Structural identity of schemas: a stable string with `$ref`s inlined (recursion marked) and
 * documentation keywords dropped, so "the same schema" means the same accepted values however
 * it is spelled or documented. Used to pair renamed parameters and unchanged union variants.
 */
import { isObject, type JsonValue } from '@marquee/openapi';
import { refToPointer } from './pointer';
import type { Located } from './located';
import type { SpecDoc } from './spec-doc';

const DOCUMENTATION = new Set(['description', 'title', 'example', 'examples', '$comment', 'externalDocs', 'xml', 'deprecated']);
const MAX_DEPTH = 24;
/** Keywords whose values are instance data, copied as they are. */
const DATA = new Set(['enum', 'const', 'default', 'x-extensible-enum']);
/** Keywords whose value maps names to schemas: their keys are data, not keywords. */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

export function canonicalSchema(doc: SpecDoc, located: Located): string {
  return stableStringify(inline(doc, located.node, [], 0));
}

function inline(doc: SpecDoc, node: JsonValue | undefined, stack: string[], depth: number, nameMap = false): JsonValue {
  if (node === undefined) {
    return null;
  }
  if (Array.isArray(node)) {
    return node.map((item) => inline(doc, item, stack, depth + 1));
  }
  if (!isObject(node)) {
    return node;
  }
  if (typeof node.$ref === 'string') {
    const pointer = refToPointer(node.$ref);
    if (pointer === undefined || stack.includes(pointer) || depth > MAX_DEPTH) {
      return { $recursive: node.$ref };
    }
    return inline(doc, doc.at(pointer).node, [...stack, pointer], depth + 1);
  }
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!nameMap && DATA.has(key)) {
      out[key] = value;
    } else if (nameMap || (!DOCUMENTATION.has(key) && !key.startsWith('x-'))) {
      out[key] = inline(doc, value, stack, depth + 1, !nameMap && NAME_MAPS.has(key));
    }
  }
  return out;
}

/** JSON with object keys sorted, so equal values always give equal strings. */
export function stableStringify(value: JsonValue | undefined): string {
  if (value === undefined) {
    return 'undefined';
  }
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
