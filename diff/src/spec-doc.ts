/**
 * One bundled document as the diff engine reads it: lookups by pointer, `$ref` following that
 * keeps track of where each value physically lives, and a cache of merged schema views (shared
 * components are viewed once per document, however many operations reach them).
 */
import { getAt, isObject, type JsonObject } from '@marquee/openapi';
import { locatedKey, type Located, type Locator } from './located';
import { escapeSegment, refToPointer, splitPointer } from './pointer';
import { buildSchemaView, type SchemaView } from './schema-view';

const MAX_REF_HOPS = 32;

export class SpecDoc implements Locator {
  private readonly views = new Map<string, SchemaView>();
  private readonly located = new Map<string, Located>();

  constructor(readonly root: JsonObject) {}

  at(pointer: string): Located {
    let found = this.located.get(pointer);
    if (!found) {
      found = { node: getAt(this.root, splitPointer(pointer)), pointer };
      this.located.set(pointer, found);
    }
    return found;
  }

  /** Follows `$ref`s (ignoring siblings) until a value that is not a reference. */
  deref(located: Located): Located {
    let current = located;
    for (let hop = 0; hop < MAX_REF_HOPS; hop++) {
      const node = current.node;
      if (!isObject(node) || typeof node.$ref !== 'string') {
        return current;
      }
      const pointer = refToPointer(node.$ref);
      if (pointer === undefined) {
        return current;
      }
      current = this.at(pointer);
    }
    return current;
  }

  /** The merged view of a schema (refs followed, allOf merged, nullability normalized). */
  view(located: Located): SchemaView {
    const key = this.viewKey(located);
    let view = this.views.get(key);
    if (!view) {
      view = buildSchemaView(this, located);
      this.views.set(key, view);
    }
    return view;
  }

  /** Identity of a schema site for caching: every plain `{ $ref: X }` is the same schema X. */
  viewKey(located: Located): string {
    const node = located.node;
    const plainRef = !located.extra && isObject(node) && typeof node.$ref === 'string' && Object.keys(node).length === 1;
    return plainRef ? `->${String(node.$ref)}` : locatedKey(located);
  }

  /** A member of an object or an element of an array, located. */
  child(parent: Located, key: string): Located {
    const node = Array.isArray(parent.node) ? parent.node[Number(key)] : isObject(parent.node) && Object.hasOwn(parent.node, key) ? parent.node[key] : undefined;
    return { node, pointer: `${parent.pointer}/${escapeSegment(key)}` };
  }
}
