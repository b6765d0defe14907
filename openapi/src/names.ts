/**
 * Names shared by the generator and the diff engine: the HTTP methods an OpenAPI path item can
 * hold, and the method name generated clients give an operation (its operationId made an
 * identifier, or one synthesized from method and path), so the diff engine reports the names
 * SDK users actually call.
 */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** getFilmsFilmId style id for operations without an operationId. */
export function synthesizeId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((seg) => seg.replace(/[{}]/g, ''))
    .flatMap((seg) => seg.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method, ...words].map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join('');
}

/** A valid TS identifier (camelCase) from an operationId such as `find pets` or `pet.find-by-id`. */
export function toIdentifier(raw: string): string {
  const parts = raw.split(/[^A-Za-z0-9_$]+/).filter(Boolean);
  const joined = parts.map((p, i) => (i === 0 ? p[0]!.toLowerCase() + p.slice(1) : p[0]!.toUpperCase() + p.slice(1))).join('');
  const id = joined === '' ? 'operation' : joined;
  return /^[0-9]/.test(id) ? `op${id}` : id;
}
