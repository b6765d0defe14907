/**
 * Values located in a bundled document, and the two lookups a schema view needs from that
 * document (SpecDoc provides them). Kept apart from spec-doc.ts so schema-view.ts, which
 * spec-doc.ts builds its views with, does not import spec-doc.ts back.
 */
import type { JsonValue } from '@marquee/openapi';

/** A value and the pointer where it is written in its document. */
export interface Located {
  node: JsonValue | undefined;
  pointer: string;
  /** More schemas to merge into this one (a property declared in several allOf parts). */
  extra?: Located[];
}

/** Pointer lookups and `$ref` following in one document. */
export interface Locator {
  at(pointer: string): Located;
  /** Follows `$ref`s (ignoring siblings) until a value that is not a reference. */
  deref(located: Located): Located;
}

export function locatedKey(located: Located): string {
  return located.extra ? [located.pointer, ...located.extra.map(locatedKey)].join('+') : located.pointer;
}
