/**
 * The diff engine's public shapes: one `Change` per incompatibility or addition found between
 * two bundled OpenAPI documents, each tied to the operation it affects.
 */
import type { RuleId } from './rules';
import type { Severity } from './severity';

/** Which way data flows: a request goes client→server, a response server→client. */
export type Direction = 'request' | 'response';

/** The operation a change affects, as `METHOD /path` plus its operationId. */
export interface OperationRef {
  /** Upper-case HTTP method. */
  method: string;
  /** Path template as written in the spec (revision's, or base's when the operation is gone). */
  path: string;
  operationId?: string;
  /** The base document's operationId, when the revision renamed it (consumers still call it). */
  previousOperationId?: string;
}

/** The request or response part a schema change was reached from, in each document. */
export interface Site {
  /** `request body (application/json)`, `response 200 (application/json)`, `query parameter 'q'`. */
  name: string;
  /** RFC 6901 pointer to the parameter, media type or header object in the base document. */
  base?: string;
  /** The same in the revision document. */
  revision?: string;
}

export interface Change {
  /** Stable rule id, e.g. `request-parameter-added-required`. */
  rule: RuleId;
  severity: Severity;
  /** What changed, in words a person can act on. */
  message: string;
  /** How to avoid or handle the change. */
  fix: string;
  operation: OperationRef;
  /** RFC 6901 pointer into the bundled base document (absent when nothing there relates). */
  base?: string;
  /** RFC 6901 pointer into the bundled revision document. */
  revision?: string;
  /**
   * For schema changes: the parameter, media type or header the operation reaches the schema
   * from. A change in a component shared by several media types or statuses of one operation is
   * one Change per site, with the same `base`/`revision` pointers and its own `site`.
   */
  site?: Site;
}

export interface DiffOptions {
  /** Today's date (YYYY-MM-DD) for `x-sunset` checks; defaults to the current UTC date. */
  today?: string;
  /** A project's own severities per rule (marquee.config.yaml); rules not named keep theirs. */
  severity?: Readonly<Partial<Record<RuleId, Severity>>>;
}

/** `GET /films` for an operation reference. */
export function formatOperation(op: OperationRef): string {
  return `${op.method} ${op.path}`;
}

/** `GET /films (listFilms)`, or just `GET /films` without an operationId. */
export function describeOperation(op: OperationRef): string {
  return op.operationId ? `${formatOperation(op)} (${op.operationId})` : formatOperation(op);
}
