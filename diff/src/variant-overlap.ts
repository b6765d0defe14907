/**
 * Whether two oneOf variants can both match one value. A oneOf rejects a value that matches more
 * than one branch, so adding a branch that overlaps an existing one makes requests that used to
 * pass fail validation. Overlap is assumed unless disjointness is provable from the schemas:
 * different types, enums without a shared value, or a property one side requires that the
 * other forbids (additionalProperties: false) or constrains to disjoint values. A union with a
 * `discriminator` dispatches on its property, so its variants never compete.
 * @see https://json-schema.org/draft/2020-12/json-schema-core#name-oneof
 */
import { stableStringify } from './canonical';
import type { Located } from './located';
import type { SpecDoc } from './spec-doc';
import type { SchemaView } from './schema-view';

const MAX_DEPTH = 4;

export function variantsOverlap(doc: SpecDoc, a: SchemaView, b: SchemaView): boolean {
  return !disjoint(doc, a, b, 0);
}

function disjoint(doc: SpecDoc, a: SchemaView, b: SchemaView, depth: number): boolean {
  if (depth > MAX_DEPTH) {
    return false;
  }
  if (a.nullable && b.nullable) {
    return false;
  }
  if (a.types && b.types && !sharesType(a.types, b.types)) {
    return true;
  }
  const aEnum = enumValues(a);
  const bEnum = enumValues(b);
  if (aEnum && bEnum && ![...aEnum].some((v) => bEnum.has(v))) {
    return true;
  }
  if ((aEnum && b.types && !enumFitsTypes(a, b.types)) || (bEnum && a.types && !enumFitsTypes(b, a.types))) {
    return true;
  }
  return disjointObjects(doc, a, b, depth) || disjointObjects(doc, b, a, depth);
}

/** A property `a` requires that `b` forbids, or that both constrain to disjoint values. */
function disjointObjects(doc: SpecDoc, a: SchemaView, b: SchemaView, depth: number): boolean {
  for (const name of a.required) {
    const inB = b.properties.get(name);
    if (!inB) {
      if (b.additionalProperties?.node === false) {
        return true;
      }
      continue;
    }
    const inA = a.properties.get(name);
    if (inA && disjoint(doc, view(doc, inA), view(doc, inB), depth + 1)) {
      return true;
    }
  }
  return false;
}

function view(doc: SpecDoc, located: Located): SchemaView {
  return doc.view(located);
}

function sharesType(a: Set<string>, b: Set<string>): boolean {
  const widen = (t: string) => (t === 'integer' ? ['integer', 'number'] : [t]);
  return [...a].some((t) => widen(t).some((w) => b.has(w)) || (t === 'number' && b.has('integer')));
}

function enumValues(view: SchemaView): Set<string> | undefined {
  const values = view.keywords.get('enum')?.node;
  return Array.isArray(values) ? new Set(values.map((v) => stableStringify(v))) : undefined;
}

function enumFitsTypes(view: SchemaView, types: Set<string>): boolean {
  const values = view.keywords.get('enum')?.node;
  if (!Array.isArray(values)) {
    return true;
  }
  return values.some((v) => {
    const t = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
    return types.has(t) || (t === 'integer' && types.has('number'));
  });
}

/** Whether the union written at `variantsPointer` (`.../oneOf`) has a discriminator beside it. */
export function hasDiscriminator(doc: SpecDoc, variantsPointer: string): boolean {
  const owner = doc.at(variantsPointer.slice(0, variantsPointer.lastIndexOf('/'))).node;
  const d = owner !== null && typeof owner === 'object' && !Array.isArray(owner) ? owner.discriminator : undefined;
  return d !== null && typeof d === 'object' && !Array.isArray(d) && typeof d.propertyName === 'string';
}
