/** What a generated client knows about one operation: enough to build and send the request. */
import type { ResponseHeaderTable } from './response-headers';

export type QueryStyle = 'csv';

export interface OperationRoute {
  readonly method: string;
  readonly path: string;
  readonly headerParams: readonly string[];
  readonly requestMediaTypes: readonly string[];
  readonly responses: Readonly<Record<string, readonly string[]>>;
  readonly deprecated: boolean;
  readonly queryStyles?: Readonly<Record<string, QueryStyle>>;
  /** Per request media type, the content type of each field that declares one (`encoding`). */
  readonly requestEncodings?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Per response status (`200`, `4XX`, `default`), the headers it declares and their kinds: filled in, typed, on the result. */
  readonly responseHeaders?: ResponseHeaderTable;
  /** Header values for deprecated operations: Deprecation, Sunset (HTTP-date), successor path. */
  readonly deprecation?: { readonly since: string; readonly sunset?: string; readonly successor?: string };
}

export type OperationTable = Readonly<Record<string, OperationRoute>>;

/** The typed input of a call, by location. */
export interface RequestInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
  contentType?: string;
}

/** Per-call settings (override the client's). */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  retries?: number;
  headers?: Record<string, string>;
}
