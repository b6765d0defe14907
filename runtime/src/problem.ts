/**
 * Maps every error to an RFC 9457 problem+json response: validation failures from
 * express-openapi-validator and body-parser name each field; AppErrors keep their status;
 * unreachable datastores become 503 with Retry-After; anything else is a generic 500.
 */
import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { AppError, DependencyUnavailableError } from './errors';
import { PROBLEM_BASE, type FieldError, type Problem } from './problem-types';

interface ValidatorIssue {
  path?: string;
  message?: string;
  errorCode?: string;
}

const LOCATIONS: Record<string, FieldError['location']> = {
  body: 'body',
  query: 'query',
  path: 'path',
  params: 'path',
  headers: 'header',
  header: 'header',
};

const TITLES: Record<number, string> = {
  400: 'Request validation failed',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  500: 'Internal server error',
  503: 'Service unavailable',
};

// EPIPE and PROTOCOL_ENQUEUE_AFTER_*: mysql2 writing to, or queueing on, a connection MariaDB closed while stopping (make faults).
const DATASTORE_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR', 'PROTOCOL_ENQUEUE_AFTER_QUIT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN']);

/** Error classes of knex, @elastic/transport and kafkajs that mean "cannot reach the engine". */
const DATASTORE_DOWN_NAMES = new Set([
  'KnexTimeoutError',
  'ConnectionError',
  'NoLivingConnectionsError',
  'TimeoutError',
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
]);

/** True for errors that mean "the datastore is not there", e.g. MariaDB, Kafka or Elasticsearch stopped. */
export function isDatastoreUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) {
    return false;
  }
  const { name, code, meta } = err as { name?: unknown; code?: unknown; meta?: { statusCode?: unknown } };
  // Elasticsearch answering 503 (a restarted node whose shards are not assigned yet: "all shards
  // failed", no_shard_available_action_exception) or 429 (its queues are full) asks us to retry later too.
  if (name === 'ResponseError' && (meta?.statusCode === 503 || meta?.statusCode === 429)) return true;
  return (typeof name === 'string' && DATASTORE_DOWN_NAMES.has(name)) || (typeof code === 'string' && DATASTORE_DOWN_CODES.has(code));
}

export function toProblem(err: unknown, req: Request): { problem: Problem; headers: Record<string, string>; cause?: unknown } {
  const instance = req.originalUrl.split('?')[0] ?? req.originalUrl;
  return problemFor(err, { instance, requestId: String(req.res?.getHeader('x-request-id') ?? ''), contentType: req.headers['content-type'] });
}

/** What toProblem needs of a request, for callers without an Express request (the runtime's precompiled dispatch). */
export interface ProblemRequest {
  /** The request path, without the query. */
  instance: string;
  requestId: string;
  /** The request's Content-Type header (named in 415 problems). */
  contentType: string | undefined;
}

export function problemFor(err: unknown, req: ProblemRequest): { problem: Problem; headers: Record<string, string>; cause?: unknown } {
  const { instance, requestId } = req;
  const base = (status: number, type: string, detail?: string, errors?: FieldError[]): Problem => ({
    type: PROBLEM_BASE + type,
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    instance,
    ...(requestId ? { requestId } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  });

  if (err instanceof AppError) {
    const headers: Record<string, string> = { ...err.headers, ...(err.retryAfter !== undefined ? { 'retry-after': String(err.retryAfter) } : {}) };
    return { problem: { ...base(err.status, err.code, err.message, err.errors), title: err.title }, headers, cause: err.cause };
  }
  if (isDatastoreUnavailable(err)) {
    const e = new DependencyUnavailableError('datastore', { cause: err });
    return { problem: base(503, e.code, 'a datastore is unavailable; retry later'), headers: { 'retry-after': '5' }, cause: err };
  }
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown; errors?: unknown; message?: string; expose?: boolean };
  // body-parser (express.json) errors carry a `type`.
  switch (e.type) {
    case 'entity.parse.failed':
      return { problem: base(400, 'malformed-body', 'the request body is not valid JSON', [{ location: 'body', pointer: '', detail: e.message ?? 'invalid JSON' }]), headers: {} };
    case 'entity.too.large':
      return { problem: base(413, 'payload-too-large', e.message ?? 'request entity too large'), headers: {} };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { problem: base(415, 'unsupported-media-type', e.message), headers: {} };
    default:
      break;
  }
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 415) {
    return { problem: unsupportedMediaType(req, base), headers: {} };
  }
  if (status >= 400 && status < 500) {
    const issues = Array.isArray(e.errors) ? (e.errors as ValidatorIssue[]) : [];
    const errors = issues.map(toFieldError);
    const detail = errors.length > 0 ? errors.map((f) => `${f.location}${f.pointer}: ${f.detail}`).join('; ') : e.message;
    const type = status === 400 ? 'validation' : (TITLES[status] ?? 'error').toLowerCase().replace(/\s+/g, '-');
    return { problem: base(status, type, detail, errors), headers: {} };
  }
  return { problem: base(500, 'internal', 'an unexpected error occurred; it has been logged with this request id'), headers: {}, cause: err };
}

/** The validator says "unsupported media type undefined" when there is none: name the header instead. */
function unsupportedMediaType(req: ProblemRequest, base: (status: number, type: string, detail?: string, errors?: FieldError[]) => Problem): Problem {
  const sent = req.contentType;
  const detail = sent ? `Content-Type '${sent}' is not accepted by this operation` : 'the request has a body but no Content-Type header; send one this operation accepts (e.g. application/json)';
  return base(415, 'unsupported-media-type', detail, [{ location: 'header', pointer: '/content-type', detail }]);
}

/** express-openapi-validator issue -> { location, pointer }. Paths look like `/body/title`, `.query.limit` or `/params/id`. */
function toFieldError(issue: ValidatorIssue): FieldError {
  const raw = (issue.path ?? '').replace(/^\./, '/');
  const segments = raw.startsWith('/') ? raw.slice(1).split('/') : raw.split('.');
  const head = segments[0] ?? '';
  const location = LOCATIONS[head] ?? 'body';
  const rest = LOCATIONS[head] ? segments.slice(1) : segments;
  const pointer = rest.length === 0 || (rest.length === 1 && rest[0] === '') ? '' : `/${rest.join('/')}`;
  return { location, pointer: location === 'header' ? pointer.toLowerCase() : pointer, detail: issue.message ?? 'invalid' };
}

export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) {
    res.setHeader(name, value);
  }
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** The same response as sendProblem, on a plain Node response (no Express). */
export function sendProblemRaw(res: ServerResponse, problem: Problem, headers: Record<string, string> = {}): void {
  for (const name in headers) {
    res.setHeader(name, headers[name]!);
  }
  writeJsonRaw(res, problem.status, 'application/problem+json; charset=utf-8', problem);
}

/** What res.json writes (type, length, body), on the plain Node response: no Express, no mime-types lookup. `head`: headers only. */
export function writeJsonRaw(res: ServerResponse, status: number, contentType: string, value: unknown, head = false): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(head ? undefined : body);
}

export const problemHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const { problem, headers, cause } = toProblem(err, req);
  const log = (req as { log?: { error: (o: object, m: string) => void; warn: (o: object, m: string) => void } }).log;
  if (problem.status >= 500) {
    log?.[problem.status === 503 ? 'warn' : 'error']({ err: cause ?? err, status: problem.status }, problem.detail ?? problem.title);
  }
  sendProblem(res, problem, headers);
};
