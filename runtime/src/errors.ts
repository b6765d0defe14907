/**
 * The error catalog. Handlers throw these; the problem handler turns them into RFC 9457
 * responses. Anything else becomes a generic 500 with no internal details.
 */
import type { FieldError } from './problem-types';

export interface AppErrorOptions {
  detail?: string;
  errors?: FieldError[];
  cause?: unknown;
  /** Seconds, sent as Retry-After (503, 429). */
  retryAfter?: number;
  /** Extra response headers (e.g. WWW-Authenticate on 401). */
  headers?: Record<string, string>;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly isOperational = true;
  readonly errors: FieldError[] | undefined;
  readonly retryAfter: number | undefined;
  readonly headers: Record<string, string>;

  constructor(code: string, status: number, title: string, options: AppErrorOptions = {}) {
    super(options.detail ?? title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.title = title;
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (detail: string): AppError => new AppError('not-found', 404, 'Not found', { detail });
export const conflict = (detail: string): AppError => new AppError('conflict', 409, 'Conflict', { detail });
export const badRequest = (detail: string, errors?: FieldError[]): AppError =>
  new AppError('validation', 400, 'Request validation failed', { detail, ...(errors ? { errors } : {}) });
export const unprocessable = (detail: string, errors: FieldError[]): AppError =>
  new AppError('unprocessable', 422, 'Unprocessable content', { detail, errors });

/** A dependency (datastore, sibling service, engine) cannot be reached: 503 with Retry-After. */
export class DependencyUnavailableError extends AppError {
  readonly dependency: string;

  constructor(dependency: string, options: { detail?: string; cause?: unknown; retryAfter?: number } = {}) {
    super('dependency-unavailable', 503, 'Service unavailable', {
      detail: options.detail ?? `${dependency} is unavailable; retry later`,
      cause: options.cause,
      retryAfter: options.retryAfter ?? 5,
    });
    this.name = 'DependencyUnavailableError';
    this.dependency = dependency;
  }
}
