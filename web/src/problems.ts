/**
 * RFC 9457 problems from the SDKs' ApiError, placed on the input their JSON pointer names:
 * `errors[].pointer` (body pointers such as `/where/and/0/value` or `/budget/amount`) is matched
 * against the pointers the form registered, longest first.
 */
import { isProblem } from '@marquee/audience-sdk';

export interface PlacedProblems {
  /** Message by form key: a field name (`/name`), or `<nodeId>:<part>` for a query condition. */
  byField: Record<string, string>;
  /** What no input on the form could show. */
  general: string[];
}

interface ProblemError {
  pointer?: string;
  detail?: string;
  location?: string;
}

/** `fields`: form key by body pointer (`/name` -> 'name'); `nodes`: query node id by pointer. */
export function placeProblems(err: unknown, fields: Record<string, string>, nodes: Map<string, string> = new Map()): PlacedProblems {
  const placed: PlacedProblems = { byField: {}, general: [] };
  // Each SDK package carries its own copy of ApiError: recognise any of them by name.
  const api = err instanceof Error && err.name === 'ApiError' ? (err as Error & { status: number; body: unknown }) : undefined;
  const body = api?.body;
  if (!api || !isProblem(body)) {
    placed.general.push(err instanceof Error ? err.message : String(err));
    return placed;
  }
  const problem = body as { title?: string; detail?: string; errors?: ProblemError[] };
  const errors = problem.errors ?? [];
  for (const e of errors) {
    const target = e.pointer === undefined ? undefined : locate(e.pointer, fields, nodes);
    const message = e.detail ?? problem.title ?? 'invalid';
    if (target && !placed.byField[target]) placed.byField[target] = message;
    else if (!target) placed.general.push(`${e.pointer ?? ''} ${message}`.trim());
  }
  if (errors.length === 0) placed.general.push(problem.detail ?? problem.title ?? `HTTP ${api.status}`);
  return placed;
}

function locate(pointer: string, fields: Record<string, string>, nodes: Map<string, string>): string | undefined {
  let best: { key: string; length: number } | undefined;
  for (const [at, key] of Object.entries(fields)) {
    if ((pointer === at || pointer.startsWith(`${at}/`)) && (!best || at.length > best.length)) best = { key, length: at.length };
  }
  for (const [at, id] of nodes) {
    if ((pointer === at || pointer.startsWith(`${at}/`)) && (!best || at.length > best.length)) {
      const [, part = 'node', index] = pointer.slice(at.length).split('/');
      const known = ['field', 'op', 'key', 'value'].includes(part) ? part : 'node';
      // `/value/1`: the second item (the upper end of a between, the second list entry).
      best = { key: `${id}:${known}${known === 'value' && index !== undefined ? `/${index}` : ''}`, length: at.length };
    }
  }
  return best?.key;
}
