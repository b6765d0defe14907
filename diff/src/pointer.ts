/**
 * RFC 6901 JSON pointers as strings (`/paths/~1films/get`), the form every `Change` carries.
 * @see https://www.rfc-editor.org/rfc/rfc6901
 */
import { parsePointer } from '@marquee/openapi';

export function escapeSegment(segment: string | number): string {
  const text = String(segment);
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}

/** `joinPointer('/paths', '/films', 'get')` → `/paths/~1films/get`. */
export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return segments.reduce<string>((acc, s) => `${acc}/${escapeSegment(s)}`, base);
}

export function splitPointer(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The pointer a local `$ref` (`#/components/schemas/A%20B`) points at, or undefined for remote refs. */
export function refToPointer(ref: string): string | undefined {
  if (!ref.startsWith('#')) {
    return undefined;
  }
  return joinPointer('', ...parsePointer(ref));
}
