/**
 * Literal data inside a spec: example values, defaults, `const`, `enum` and `x-` extensions.
 * A `$ref` key inside them is part of the data (an example of a JSON Schema or JSON-LD
 * document), never a reference to resolve.
 * @see https://spec.openapis.org/oas/v3.1.0#example-object
 */
type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether `node[key]` holds literal data. `examples` is data in a Schema Object (an array) but
 * a map of Example Objects elsewhere, whose `value` is data (`inExamples`: walking an Example Object).
 */
export function isLiteralData(key: string, value: JsonValue, inExamples: boolean): boolean {
  if (key === 'example' || key === 'default' || key === 'const' || key === 'enum' || key.startsWith('x-')) {
    return true;
  }
  return (key === 'examples' && Array.isArray(value)) || (key === 'value' && inExamples);
}

/** Maps whose keys name schemas: every key, `x-` ones included, is a name. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions', 'schemas']);
/** Maps whose keys name objects of the document (a response called `default`, a header called `enum`). */
const NAMED_MAPS = new Set([...SCHEMA_MAPS, 'responses', 'parameters', 'requestBodies', 'headers', 'examples', 'links', 'callbacks', 'securitySchemes', 'pathItems', 'content', 'encoding', 'paths', 'webhooks']);

/**
 * Whether `node[key]` is a map from names to objects of the document, so that its keys are
 * names, never keywords: `responses.default` is the default response, not a default value.
 * Arrays (`parameters` of an operation, `examples` of a schema) are not maps.
 */
export function isNamedMap(key: string, value: unknown): value is JsonObject {
  return NAMED_MAPS.has(key) && isObject(value);
}

/** Whether `name` in the named map under `mapKey` is a specification extension (data) rather than a name. */
export function isExtensionEntry(mapKey: string, name: string): boolean {
  return name.startsWith('x-') && !SCHEMA_MAPS.has(mapKey);
}

/** Whether a literal value has a `$ref` key at any depth. */
export function containsRefKey(value: JsonValue): boolean {
  if (Array.isArray(value)) {
    return value.some(containsRefKey);
  }
  return isObject(value) && (Object.hasOwn(value, '$ref') || Object.values(value).some(containsRefKey));
}

/**
 * A copy without the literal values that hold a `$ref` key, for tools that would resolve them
 * (openapi-typescript and express-openapi-validator resolve every `$ref` they meet, and fetch
 * remote ones). Only documentation is lost: such an example, default or extension; a
 * `const`/`enum` holding one is widened to its schema's type.
 */
export function withoutLiteralRefs<T>(node: T, inExamples = false): T {
  return stripLiteralRefs(node as JsonValue, inExamples) as T;
}

function stripLiteralRefs(node: JsonValue, inExamples: boolean): JsonValue {
  if (Array.isArray(node)) {
    return node.map((item) => stripLiteralRefs(item, inExamples));
  }
  if (!isObject(node)) {
    return node;
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (isNamedMap(key, value)) {
      out[key] = Object.fromEntries(
        Object.entries(value)
          .filter(([name, entry]) => !isExtensionEntry(key, name) || !containsRefKey(entry))
          .map(([name, entry]) => [name, isExtensionEntry(key, name) ? entry : stripLiteralRefs(entry, key === 'examples')]),
      );
    } else if (isLiteralData(key, value, inExamples)) {
      if (!containsRefKey(value)) {
        out[key] = value;
      }
    } else {
      out[key] = stripLiteralRefs(value, false);
    }
  }
  return out;
}
