/**
 * List query parameters sent empty (`?ids=`): a non-exploded list arrives as [''] and its item
 * would be refused; the spec says an empty list means no filter, so both request paths (the
 * Express router and the precompiled dispatcher) drop it before validation.
 */
import type { OperationRoute } from './client/http-client';

/** The query without the route's list parameters sent empty (`ids=`); the same object when there are none. */
export function withoutEmptyLists(query: Record<string, unknown>, route: OperationRoute): Record<string, unknown> {
  const styles = route.queryStyles;
  if (styles === undefined) return query;
  let copy: Record<string, unknown> | undefined;
  for (const name in styles) {
    if (query[name] === '') {
      copy ??= { ...query };
      delete copy[name];
    }
  }
  return copy ?? query;
}
