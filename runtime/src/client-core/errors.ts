/** What a published SDK throws: one class per kind of failure, all carrying the request id. */

/** The details of an RFC 9457 problem+json body, as Marquee services send them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: { location?: string; pointer?: string; detail?: string }[];
  [extension: string]: unknown;
}

/**
 * A declared non-2xx response. `status` and `body` are typed per operation (see each
 * operation's `<Op>Error` type): narrowing on `status` gives that response's body type.
 */
export class ApiError<S extends number = number, B = unknown, H = Record<string, unknown> | undefined> extends Error {
  override readonly name = 'ApiError';
  readonly status: S;
  readonly body: B;
  readonly operationId: string;
  /** X-Request-Id of the call (the server's echo, else the one sent); quote it to support. */
  readonly requestId: string | undefined;
  readonly response: Response;
  /** The headers this response declares, typed as the spec says (Retry-After as a number); undefined when it declares none. */
  readonly headers: H;

  constructor(args: { operationId: string; status: S; body: B; requestId: string | undefined; response: Response; headers?: H }) {
    super(`${args.operationId} failed with ${args.status}${describe(args.body)}${args.requestId ? ` (request id ${args.requestId})` : ''}`);
    this.status = args.status;
    this.body = args.body;
    this.operationId = args.operationId;
    this.requestId = args.requestId;
    this.response = args.response;
    this.headers = args.headers as H;
  }

  /** The problem+json details, when the body is one. */
  get problem(): ProblemDetails | undefined {
    return isProblem(this.body) ? this.body : undefined;
  }
}

/** The service could not be reached, or did not answer in time after the last retry. */
export class NetworkError extends Error {
  override readonly name: string = 'NetworkError';
  readonly operationId: string;
  readonly requestId: string;

  constructor(operationId: string, requestId: string, cause: unknown) {
    const e = (typeof cause === 'object' && cause !== null ? cause : {}) as { name?: string; message?: string };
    super(`${operationId}: ${e.name === 'TimeoutError' ? 'timed out' : (e.message ?? String(cause))} (request id ${requestId})`, { cause });
    this.operationId = operationId;
    this.requestId = requestId;
  }

  /** True when the last attempt hit the client's timeout. */
  get timedOut(): boolean {
    return (this.cause as { name?: string } | undefined)?.name === 'TimeoutError';
  }
}

export function isProblem(body: unknown): body is ProblemDetails {
  return typeof body === 'object' && body !== null && ('title' in body || 'type' in body) && 'status' in body;
}

function describe(body: unknown): string {
  if (!isProblem(body)) {
    return '';
  }
  const pointers = (body.errors ?? []).map((e) => e.pointer).filter(Boolean);
  return `: ${body.title ?? ''}${body.detail ? ` - ${body.detail}` : ''}${pointers.length > 0 ? ` [${pointers.join(', ')}]` : ''}`;
}
