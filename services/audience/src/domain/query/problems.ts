/**
 * Collects validation problems as FieldErrors on the request body. Collection stops at a cap,
 * so a hostile body cannot make the error list itself large.
 */
import type { FieldError } from '@marquee/runtime';
import { QUERY_LIMITS } from './field-registry';

export class Problems {
  readonly errors: FieldError[] = [];

  add(pointer: string, detail: string): void {
    if (this.errors.length < QUERY_LIMITS.maxErrors) {
      this.errors.push({ location: 'body', pointer, detail });
    }
  }
}

/** The RFC 6901 pointer of `token` under `pointer`. */
export function childPointer(pointer: string, token: string | number): string {
  // Built for every node a query has, valid or not: escape only the tokens that need it.
  if (typeof token === 'number' || (!token.includes('~') && !token.includes('/'))) return `${pointer}/${token}`;
  return `${pointer}/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reports every own property of `object` not in `allowed`. */
export function rejectUnknownProperties(
  { object, allowed, pointer, problems }: { object: Record<string, unknown>; allowed: readonly string[]; pointer: string; problems: Problems },
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      problems.add(childPointer(pointer, key), `unknown property '${key}'; expected ${allowed.join(', ')}`);
    }
  }
}

/** Quotes a value the caller sent for a message, bounded in length. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
