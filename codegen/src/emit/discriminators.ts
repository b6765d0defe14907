/**
 * Discriminators without a (complete) mapping: openapi-typescript then types the discriminator
 * property of each member as the member's schema name, which is wrong when the member declares
 * its real value (`petType: { const: cat }` or a one-value enum). This fills in the mapping from
 * those declared values, so the generated union is discriminated by what really travels.
 * @see https://spec.openapis.org/oas/v3.1.0#discriminator-object
 */
import { getAt, isObject, parsePointer, type JsonObject, type JsonValue } from '@marquee/openapi';

/** The one value a member schema declares for `property` (const, or an enum of one), if any. */
function declaredValue(document: JsonObject, member: JsonValue | undefined, property: string, depth = 0): string | undefined {
  if (depth > 8 || !isObject(member)) {
    return undefined;
  }
  if (typeof member.$ref === 'string' && member.$ref.startsWith('#')) {
    return declaredValue(document, getAt(document, parsePointer(member.$ref)), property, depth + 1);
  }
  const props = isObject(member.properties) ? member.properties : {};
  const prop = props[property];
  const resolved = isObject(prop) && typeof prop.$ref === 'string' && prop.$ref.startsWith('#') ? getAt(document, parsePointer(prop.$ref)) : prop;
  if (isObject(resolved)) {
    if (typeof resolved.const === 'string') {
      return resolved.const;
    }
    if (Array.isArray(resolved.enum) && resolved.enum.length === 1 && typeof resolved.enum[0] === 'string') {
      return resolved.enum[0];
    }
  }
  for (const part of Array.isArray(member.allOf) ? member.allOf : []) {
    const value = declaredValue(document, part, property, depth + 1);
    if (value !== undefined) {
      return value;
    }
  }
  return undefined;
}

/** Adds mapping entries (in place) for oneOf/anyOf members that declare their discriminator value. */
export function completeDiscriminatorMappings(document: JsonObject): JsonObject {
  const visit = (node: JsonValue | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isObject(node)) {
      return;
    }
    const d = node.discriminator;
    const members = [...(Array.isArray(node.oneOf) ? node.oneOf : []), ...(Array.isArray(node.anyOf) ? node.anyOf : [])];
    if (isObject(d) && typeof d.propertyName === 'string' && members.length > 0) {
      const mapping: JsonObject = isObject(d.mapping) ? { ...d.mapping } : {};
      const mapped = new Set(Object.values(mapping));
      for (const member of members) {
        if (isObject(member) && typeof member.$ref === 'string' && !mapped.has(member.$ref)) {
          const value = declaredValue(document, member, d.propertyName);
          if (value !== undefined && !(value in mapping)) {
            mapping[value] = member.$ref;
          }
        }
      }
      if (Object.keys(mapping).length > 0) {
        node.discriminator = { ...d, mapping };
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'example' && key !== 'examples' && key !== 'default' && key !== 'const' && key !== 'enum' && !key.startsWith('x-')) {
        visit(value);
      }
    }
  };
  visit(document);
  return document;
}
