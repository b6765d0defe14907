/**
 * JSON Schema (the subset event payloads use) to TypeScript: objects (properties, required,
 * additionalProperties as a record), arrays, enums, const, scalar types, type lists with null,
 * oneOf/anyOf as unions, allOf as intersections and `$ref`s to component schemas by name.
 */
import { isObject, type JsonObject, type JsonValue } from '@marquee/openapi';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function typeOf(schema: JsonValue | undefined, indent = ''): string {
  if (!isObject(schema)) return schema === false ? 'never' : 'unknown';
  if (typeof schema.$ref === 'string') return schema.$ref.replace(/^.*\//, '');
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  for (const [keyword, joiner] of [['oneOf', ' | '], ['anyOf', ' | '], ['allOf', ' & ']] as const) {
    const parts = schema[keyword];
    if (Array.isArray(parts)) return parts.map((p) => `(${typeOf(p, indent)})`).join(joiner);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? (isObject(schema.properties) ? 'object' : undefined)];
  return types.map((t) => scalar(String(t), schema, indent)).join(' | ');
}

function scalar(type: string, schema: JsonObject, indent: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `Array<${typeOf(schema.items, indent)}>`;
    case 'object':
      return objectType(schema, indent);
    default:
      return 'unknown';
  }
}

function objectType(schema: JsonObject, indent: string): string {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const inner = `${indent}  `;
  const lines = Object.entries(properties).map(([name, prop]) => {
    const doc = isObject(prop) && typeof prop.description === 'string' ? `${inner}/** ${prop.description.replace(/\*\//g, '*\\/')} */\n` : '';
    return `${doc}${inner}${IDENT.test(name) ? name : JSON.stringify(name)}${required.has(name) ? '' : '?'}: ${typeOf(prop, inner)};`;
  });
  const extra = schema.additionalProperties;
  if (isObject(extra)) {
    const value = typeOf(extra, inner);
    if (lines.length === 0) return `Record<string, ${value}>`;
    lines.push(`${inner}[key: string]: ${value} | undefined;`);
  } else if (extra !== false && lines.length === 0) {
    return 'Record<string, unknown>';
  }
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** `export interface X {...}` for object schemas, `export type X = ...` otherwise. */
export function declaration(name: string, schema: JsonObject): string {
  const doc = typeof schema.description === 'string' ? `/** ${schema.description.replace(/\*\//g, '*\\/')} */\n` : '';
  const body = typeOf(schema);
  return body.startsWith('{') ? `${doc}export interface ${name} ${body}\n` : `${doc}export type ${name} = ${body};\n`;
}
