/**
 * Declared response headers on a client's result, typed as the spec declares them: a header
 * whose schema is an integer arrives as a number (`Retry-After: 30` -> 30), a simple-style array
 * as an array. A value that does not parse as its declared type is left out, never passed on
 * mistyped. Dependency-free (published SDKs copy this folder).
 * @see https://spec.openapis.org/oas/v3.1.0#header-object
 */

/** How a declared header's value is read: its schema's type (`string[]`: simple style, comma-separated). */
export type HeaderKind = 'string' | 'integer' | 'number' | 'boolean' | 'string[]' | 'integer[]' | 'number[]' | 'boolean[]';

/** Per response status (`200`, `4XX`, `default`), each declared header's name and kind. */
export type ResponseHeaderTable = Readonly<Record<string, Readonly<Record<string, HeaderKind>>>>;

export type HeaderValue = string | number | boolean | string[] | number[] | boolean[];

/** The response headers the operation declares for this status (exact, else its range, else default), by name as declared. */
export function declaredHeaders(response: Response, byStatus: ResponseHeaderTable | undefined): Record<string, HeaderValue> | undefined {
  const status = String(response.status);
  const declared = byStatus?.[status] ?? byStatus?.[`${status[0]}XX`] ?? byStatus?.default;
  if (!declared) {
    return undefined;
  }
  const out: Record<string, HeaderValue> = {};
  for (const [name, kind] of Object.entries(declared)) {
    const raw = response.headers.get(name);
    const value = raw === null ? undefined : readHeader(raw, kind);
    if (value !== undefined) {
      out[name] = value;
    }
  }
  return out;
}

/** One header value as its kind says, or undefined when it does not parse as one. */
export function readHeader(raw: string, kind: HeaderKind): HeaderValue | undefined {
  if (kind.endsWith('[]')) {
    const items = raw.split(',').map((item) => readScalar(item.trim(), kind.slice(0, -2) as HeaderKind));
    return items.every((item) => item !== undefined) ? (items as HeaderValue) : undefined;
  }
  return readScalar(raw.trim(), kind);
}

function readScalar(raw: string, kind: HeaderKind): string | number | boolean | undefined {
  switch (kind) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
    case 'number': {
      const n = raw === '' ? NaN : Number(raw);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    default:
      return raw;
  }
}
