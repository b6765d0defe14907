/**
 * A route table compiled once from the operation table: static paths by a Map lookup, templated
 * ones by comparing '/'-separated segments; no regular expression per request.
 *
 * It answers only where the answer is certain to be the one Express's router and the
 * validator's route lookup would give: exact-case paths without a trailing slash, one operation
 * per (method, URL). Anything else (HEAD, OPTIONS, an undeclared method, a URL two templates
 * could both match for the same method, a param that does not percent-decode) is `undefined`,
 * and the caller hands the request to the Express chain, which answers it as before.
 */
export interface RouteMatch<T> {
  target: T;
  /** Decoded path parameters, by name. */
  params: Record<string, string>;
}

interface Template<T> {
  segments: (string | { param: string })[];
  target: T;
  /** Other declared paths (of any method) that may match the same URLs: a URL one of them matches is left to Express (which path wins, or a 405, is its answer). */
  rivals: Template<null>['segments'][];
}

interface MethodTable<T> {
  statics: Map<string, T>;
  templates: Template<T>[];
}

export interface RouteTable<T> {
  match(method: string, path: string): RouteMatch<T> | undefined;
}

function parse(path: string): Template<null>['segments'] {
  return path
    .split('/')
    .slice(1)
    .map((s) => {
      const m = /^\{([^}]+)\}$/.exec(s);
      return m ? { param: m[1]! } : s;
    });
}

/** Two templates may match the same URL: same length, and each segment pair equal or one of them a param. */
function overlaps(a: Template<unknown>['segments'], b: Template<unknown>['segments']): boolean {
  return a.length === b.length && a.every((s, i) => typeof s !== 'string' || typeof b[i] !== 'string' || s === b[i]);
}

/** Whether the URL's segments (`parts`, after the leading '') fit the template: same length, every literal segment equal. */
function matchesLiterally(segments: Template<null>['segments'], parts: string[]): boolean {
  return segments.length === parts.length - 1 && segments.every((s, i) => (typeof s === 'string' ? s === parts[i + 1] : parts[i + 1] !== ''));
}

/** `routes`: [method (lower case), OpenAPI path template, target]. */
export function compileRouteTable<T>(routes: readonly (readonly [string, string, T])[]): RouteTable<T> {
  const byMethod = new Map<string, MethodTable<T>>();
  const all = routes.map(([method, path, target]) => ({ method: method.toUpperCase(), path, segments: parse(path), target }));
  for (const r of all) {
    // A template with a segment that is neither a whole param nor a plain word (e.g. /files/{name}.json) is left to Express.
    const plain = r.segments.every((s) => typeof s !== 'string' || !/[{}]/.test(s));
    const ambiguous = all.some((o) => o !== r && o.method === r.method && overlaps(o.segments, r.segments));
    if (!plain || ambiguous) {
      continue;
    }
    let table = byMethod.get(r.method);
    if (!table) {
      table = { statics: new Map(), templates: [] };
      byMethod.set(r.method, table);
    }
    if (r.segments.every((s) => typeof s === 'string')) {
      table.statics.set(r.path, r.target);
    } else {
      const rivals = [...new Set(all.filter((o) => o.path !== r.path && overlaps(o.segments, r.segments)).map((o) => o.path))].map(parse);
      table.templates.push({ segments: r.segments, target: r.target, rivals });
    }
  }
  return {
    match(method, path) {
      const table = byMethod.get(method);
      if (!table) {
        return undefined;
      }
      const target = table.statics.get(path);
      if (target !== undefined) {
        return { target, params: {} };
      }
      if (table.templates.length === 0 || path.length < 2 || path.charCodeAt(0) !== 47 /* / */) {
        return undefined;
      }
      const parts = path.split('/');
      for (const t of table.templates) {
        if (t.segments.length !== parts.length - 1) continue;
        let params: Record<string, string> | undefined;
        let ok = true;
        for (let i = 0; i < t.segments.length; i++) {
          const seg = t.segments[i]!;
          const part = parts[i + 1]!;
          if (typeof seg === 'string') {
            if (seg !== part) {
              ok = false;
              break;
            }
          } else {
            if (part.length === 0) {
              ok = false;
              break;
            }
            let value: string;
            try {
              value = part.includes('%') ? decodeURIComponent(part) : part;
            } catch {
              return undefined; // the validator answers a malformed URI
            }
            (params ??= {})[seg.param] = value;
          }
        }
        if (ok) {
          return t.rivals.some((rival) => matchesLiterally(rival, parts)) ? undefined : { target: t.target, params: params ?? {} };
        }
      }
      return undefined;
    },
  };
}
