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
 * a map of Example Objects elsewhere, whose `value` is data (`inExamples`: walking such a map).
 */
export function isLiteralData(key: string, value: JsonValue, inExamples: boolean): boolean {
  if (key === 'example' || key === 'default' || key === 'const' || key === 'enum' || key.startsWith('x-')) {
    return true;
  }
  return (key === 'examples' && Array.isArray(value)) || (key === 'value' && inExamples);
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
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, stripLiteralRefs(schema, false)]));
    } else if (isLiteralData(key, value, inExamples)) {
      if (!containsRefKey(value)) {
        out[key] = value;
      }
    } else {
      out[key] = stripLiteralRefs(value, key === 'examples' || (inExamples && key !== 'value'));
    }
  }
  return out;
}
