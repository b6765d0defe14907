/** Type helpers over an operation's status-discriminated response union. */
import type { ApiError } from './errors';

type Success = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226;

/** The body of the 2xx responses an operation declares. */
export type SuccessBody<R> = R extends { status: infer S; body?: infer B } ? (S extends Success ? B : never) : never;

/**
 * The 2xx responses an operation declares, each with its declared headers (typed) and the
 * Response: what a call made with `{ withResponse: true }` resolves with.
 */
export type SuccessResult<R> = R extends { status: infer S } ? (S extends Success ? R & { response: Response } : never) : never;

/**
 * One ApiError per declared non-2xx response, discriminated by `status` (a `4XX` or `default`
 * response is one ApiError whose status is its union of codes, not one per code), with the
 * headers that response declares.
 */
export type ErrorOf<R> = R extends { status: infer S extends number; body?: infer B }
  ? [Exclude<S, Success>] extends [never]
    ? never
    : ApiError<Exclude<S, Success>, B, R extends { headers?: infer H } ? H : undefined>
  : never;
