/**
 * Opaque cursors for keyset pagination: base64url JSON of the last row's sort key. A cursor
 * that does not decode is a 400 naming the `cursor` query parameter; an empty one means none.
 */
import { badRequest } from './errors';

export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<K extends string>(cursor: string | undefined, fields: readonly K[]): Record<K, string> | undefined {
  // `cursor=` (empty) means no cursor: the first page, as the spec's Cursor parameter allows it.
  if (cursor === undefined || cursor === '') {
    return undefined;
  }
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && fields.every((f) => typeof (value as Record<string, unknown>)[f] === 'string')) {
      return value as Record<K, string>;
    }
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('cursor is not one this service issued', [{ location: 'query', pointer: '/cursor', detail: 'invalid cursor; start again without it' }]);
}
