/**
 * Deterministic pre-processing of a bundled spec before openapi-generator reads it. Each step
 * works around a generator behaviour that is wrong for our contracts and is explained in
 * codegen/partner-sdks/README.md. The input is never modified.
 */
import type { Language } from './paths';

export interface Spec {
  info: { version: string; title: string };
  [key: string]: unknown;
}

/**
 * Drops `additionalProperties: false`. The services enforce it on requests (a 400 naming the
 * field), but in a generated SDK it also makes the response models refuse any field they do not
 * know (Go's DisallowUnknownFields, Java's "field is not defined" check), so a service adding a
 * response field in a minor release would break every SDK already shipped.
 */
function openClosedObjects(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(openClosedObjects);
    return;
  }
  if (node === null || typeof node !== 'object') {
    return;
  }
  const record = node as Record<string, unknown>;
  if (record.additionalProperties === false) {
    delete record.additionalProperties;
  }
  Object.values(record).forEach(openClosedObjects);
}

const isPrimitive = (s: unknown) =>
  s !== null && typeof s === 'object' && ['string', 'number', 'integer', 'boolean'].includes((s as { type?: unknown }).type as string);

/**
 * Python only: array items that are a oneOf of primitives (ConditionValue's list of strings or
 * numbers) become a pydantic model the generated list validator then demands, so `[25, 34]` read
 * from JSON fails. Such items are left untyped instead (List[Any]); the service validates them.
 */
function untypePrimitiveUnionItems(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(untypePrimitiveUnionItems);
    return;
  }
  if (node === null || typeof node !== 'object') {
    return;
  }
  const record = node as Record<string, unknown>;
  const items = record.items as { oneOf?: unknown[]; description?: string } | undefined;
  if (record.type === 'array' && Array.isArray(items?.oneOf) && items.oneOf.every(isPrimitive)) {
    record.items = { description: items.description ?? `One of: ${items.oneOf.map((o) => (o as { type: string }).type).join(', ')}.` };
  }
  Object.values(record).forEach(untypePrimitiveUnionItems);
}

/** The spec one language's SDKs are generated from. */
export function prepareSpec(bundled: Spec, lang: Language): Spec {
  const spec = structuredClone(bundled);
  openClosedObjects(spec.components);
  if (lang === 'python') {
    untypePrimitiveUnionItems(spec.components);
  }
  return spec;
}
