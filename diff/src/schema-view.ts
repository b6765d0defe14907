/**
 * Schema views: one Schema Object (4.8.24) normalized for comparison. `$ref`s are followed,
 * `allOf` parts merged, and the three ways of saying "may be null" (3.0 `nullable`, a 3.1 type
 * array with "null", a `oneOf`/`anyOf` with a null variant) folded into one flag, so a spec can
 * switch between them without the diff reporting anything.
 * @see https://spec.openapis.org/oas/v3.1.0#schema-object
 */
import { isObject, type JsonObject, type JsonValue } from '@marquee/openapi';
import type { Located, Locator } from './located';
import { refToPointer } from './pointer';

export interface SchemaView {
  /** Where the schema is written (after following the top-level `$ref`). */
  pointer: string;
  /** Identity of the merged schema: the pointers of all its parts. */
  key: string;
  /** Name of the component the schema came from, if it was a `$ref`. */
  refName?: string;
  /** Allowed JSON types without "null"; undefined when the schema does not say. */
  types?: Set<string>;
  typePointer: string;
  nullable: boolean;
  nullablePointer: string;
  /** Value keywords (format, enum, bounds, pattern, default...), each with its own pointer. */
  keywords: Map<string, Located>;
  properties: Map<string, Located>;
  propertiesPointer: string;
  required: Set<string>;
  items?: Located;
  additionalProperties?: Located;
  variants?: { kind: 'oneOf' | 'anyOf'; list: Located[]; pointer: string };
  /** The Discriminator Object (4.8.25) of the union, when it has one. */
  discriminator?: Located;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
}

const UPPER = new Set(['maximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains']);
const LOWER = new Set(['minimum', 'minLength', 'minItems', 'minProperties', 'minContains']);
/** JSON Schema 2020-12 applicators and annotations compared as written (see constraints.ts). */
export const STRUCTURAL_KEYWORDS = [
  'contains',
  'not',
  'if',
  'then',
  'else',
  'dependentRequired',
  'dependentSchemas',
  'propertyNames',
  'patternProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
] as const;
const VALUE_KEYWORDS = [
  ...UPPER,
  ...LOWER,
  'exclusiveMaximum',
  'exclusiveMinimum',
  'multipleOf',
  'pattern',
  'format',
  'enum',
  'const',
  'default',
  'uniqueItems',
  'x-extensible-enum',
  ...STRUCTURAL_KEYWORDS,
];
const MAX_DEPTH = 64;
const COMPOSITION = new Set(['allOf', 'oneOf', 'anyOf']);

interface Part {
  obj: JsonObject;
  pointer: string;
  /** Non-null oneOf/anyOf variants with their original pointers. */
  union?: { kind: 'oneOf' | 'anyOf'; list: Located[] };
}

export function buildSchemaView(doc: Locator, located: Located): SchemaView {
  const top = doc.deref(located);
  const parts: Part[] = [];
  const nullable = { value: false };
  collectParts({ doc, located, parts, nullable, seen: new Set(), depth: 0 });
  for (const extra of located.extra ?? []) {
    collectParts({ doc, located: extra, parts, nullable, seen: new Set(), depth: 0 });
  }
  const firstRef = isObject(located.node) && typeof located.node.$ref === 'string' ? located.node.$ref : undefined;
  const view: SchemaView = {
    pointer: top.pointer,
    key: parts.map((p) => p.pointer).join('+') || top.pointer,
    ...(firstRef ? { refName: firstRef.slice(firstRef.lastIndexOf('/') + 1) } : {}),
    typePointer: top.pointer,
    nullable: nullable.value,
    nullablePointer: top.pointer,
    keywords: new Map(),
    properties: new Map(),
    propertiesPointer: `${top.pointer}/properties`,
    required: new Set(),
    readOnly: false,
    writeOnly: false,
    deprecated: false,
  };
  for (const part of parts) {
    mergePart(view, part);
  }
  view.nullable = nullable.value || nullableParts(parts);
  return view;
}

/**
 * Whether merged `allOf` parts accept null: a value must satisfy every part, so one part whose
 * `type` or `enum` leaves null out rules it out (GitHub's `allOf: [nullable $ref, {type: object}]`
 * is not nullable). The outermost part saying nullable wins anyway: `{nullable: true, allOf:
 * [$ref]}` is how 3.0 specs write a nullable reference, and every tool reads it so.
 */
function nullableParts(parts: readonly Part[]): boolean {
  const says = ({ obj }: Part) =>
    obj.nullable === true ||
    obj.type === 'null' ||
    (Array.isArray(obj.type) && obj.type.includes('null')) ||
    (Array.isArray(obj.enum) && obj.enum.includes(null));
  const forbids = (part: Part) => !says(part) && (part.obj.type !== undefined || Array.isArray(part.obj.enum));
  const [outermost] = parts;
  if (outermost && says(outermost)) {
    return true;
  }
  return parts.some(says) && !parts.some(forbids);
}

interface CollectArgs {
  doc: Locator;
  located: Located;
  parts: Part[];
  nullable: { value: boolean };
  seen: Set<string>;
  depth: number;
}

/** Flattens refs, allOf and single-variant unions into a list of plain schema objects. */
function collectParts(args: CollectArgs): void {
  const { doc, located, parts, nullable, seen, depth } = args;
  const node = located.node;
  if (!isObject(node) || depth > MAX_DEPTH || seen.has(located.pointer)) {
    return;
  }
  seen.add(located.pointer);
  const next = (child: Located) => collectParts({ ...args, located: child, depth: depth + 1 });
  if (typeof node.$ref === 'string') {
    const { $ref: ref, ...siblings } = node;
    if (Object.keys(siblings).length > 0) {
      parts.push({ obj: siblings, pointer: located.pointer });
    }
    const target = refToPointer(ref);
    if (target !== undefined) {
      next(doc.at(target));
    }
    return;
  }
  const own = Object.fromEntries(Object.entries(node).filter(([k]) => !COMPOSITION.has(k)));
  const allOf = node.allOf;
  const union = unionOf(doc, located);
  nullable.value ||= union?.hadNull ?? false;
  if (union && union.list.length <= 1) {
    parts.push({ obj: own, pointer: located.pointer });
    union.list.forEach(next);
  } else {
    parts.push({ obj: own, pointer: located.pointer, ...(union ? { union: { kind: union.kind, list: union.list } } : {}) });
  }
  if (Array.isArray(allOf)) {
    allOf.forEach((item, i) => next({ node: item, pointer: `${located.pointer}/allOf/${i}` }));
  }
}

/** The non-null variants of a oneOf/anyOf, keeping each variant's own pointer. */
function unionOf(doc: Locator, located: Located): { kind: 'oneOf' | 'anyOf'; list: Located[]; hadNull: boolean } | undefined {
  const obj = located.node as JsonObject;
  const kind = Array.isArray(obj.oneOf) ? 'oneOf' : Array.isArray(obj.anyOf) ? 'anyOf' : undefined;
  if (!kind) {
    return undefined;
  }
  const all = (obj[kind] as JsonValue[]).map((node, i) => ({ node, pointer: `${located.pointer}/${kind}/${i}` }));
  const list = all.filter((v) => !isNullSchema(doc.deref(v).node));
  return { kind, list, hadNull: list.length < all.length };
}

function isNullSchema(node: JsonValue | undefined): boolean {
  if (!isObject(node)) {
    return false;
  }
  const t = node.type;
  return t === 'null' || (Array.isArray(t) && t.length === 1 && t[0] === 'null') || (Array.isArray(node.enum) && node.enum.length === 1 && node.enum[0] === null);
}

function mergePart(view: SchemaView, part: Part): void {
  const { obj, pointer } = part;
  mergeType(view, part);
  if (obj.nullable === true || (Array.isArray(obj.enum) && obj.enum.includes(null))) {
    view.nullable = true;
    view.nullablePointer = pointer;
  }
  for (const keyword of VALUE_KEYWORDS) {
    if (obj[keyword] !== undefined) {
      mergeKeyword(view, keyword, { node: obj[keyword], pointer: `${pointer}/${keyword}` });
    }
  }
  if (obj.const !== undefined && !view.keywords.has('enum')) {
    view.keywords.set('enum', { node: [obj.const], pointer: `${pointer}/const` });
  }
  if (isObject(obj.properties)) {
    if (view.properties.size === 0) {
      view.propertiesPointer = `${pointer}/properties`;
    }
    for (const [name, schema] of Object.entries(obj.properties)) {
      const located: Located = { node: schema, pointer: `${pointer}/properties/${escape(name)}` };
      const existing = view.properties.get(name);
      view.properties.set(name, existing ? { ...existing, extra: [...(existing.extra ?? []), located] } : located);
    }
  }
  if (Array.isArray(obj.required)) {
    obj.required.forEach((name) => view.required.add(String(name)));
  }
  if (obj.items !== undefined && !Array.isArray(obj.items)) {
    const located: Located = { node: obj.items, pointer: `${pointer}/items` };
    view.items = view.items ? { ...view.items, extra: [...(view.items.extra ?? []), located] } : located;
  }
  if (obj.additionalProperties !== undefined && view.additionalProperties?.node !== false) {
    view.additionalProperties = { node: obj.additionalProperties, pointer: `${pointer}/additionalProperties` };
  }
  if (part.union && !view.variants) {
    view.variants = { ...part.union, pointer: `${pointer}/${part.union.kind}` };
  }
  if (isObject(obj.discriminator) && !view.discriminator) {
    view.discriminator = { node: obj.discriminator, pointer: `${pointer}/discriminator` };
  }
  view.readOnly ||= obj.readOnly === true;
  view.writeOnly ||= obj.writeOnly === true;
  view.deprecated ||= obj.deprecated === true;
}

function mergeType(view: SchemaView, { obj, pointer }: Part): void {
  if (obj.type === undefined) {
    return;
  }
  const raw = Array.isArray(obj.type) ? obj.type.map(String) : [String(obj.type)];
  if (raw.includes('null')) {
    view.nullable = true;
    view.nullablePointer = `${pointer}/type`;
  }
  const types = new Set(raw.filter((t) => t !== 'null'));
  if (types.size === 0) {
    return;
  }
  if (!view.types) {
    view.types = types;
    view.typePointer = `${pointer}/type`;
    return;
  }
  const current = view.types;
  view.types = new Set(
    [...current, ...types].filter(
      (t) => (current.has(t) || (t === 'integer' && current.has('number'))) && (types.has(t) || (t === 'integer' && types.has('number'))),
    ),
  );
}

/** allOf parts all apply, so the strictest bound wins and enums intersect. */
function mergeKeyword(view: SchemaView, keyword: string, located: Located): void {
  const existing = view.keywords.get(keyword);
  if (!existing) {
    view.keywords.set(keyword, located);
    return;
  }
  const a = existing.node;
  const b = located.node;
  if (typeof a === 'number' && typeof b === 'number') {
    if ((UPPER.has(keyword) && b < a) || (LOWER.has(keyword) && b > a)) {
      view.keywords.set(keyword, located);
    }
  } else if (keyword === 'enum' && Array.isArray(a) && Array.isArray(b)) {
    const keep = new Set(b.map((v) => JSON.stringify(v)));
    view.keywords.set(keyword, { node: a.filter((v) => keep.has(JSON.stringify(v))), pointer: existing.pointer });
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
