/**
 * The core of every generated client: builds the request from an operation route and typed
 * input, applies timeouts, retries idempotent calls with backoff (honouring Retry-After) and
 * propagates the request id. HTTP errors are returned, not thrown; only transport failures
 * (connection refused, timeout after the last retry) throw UpstreamUnavailableError.
 */
import type { RouteSecurity } from '../auth/authenticator';
import { currentCallerCredential, currentRequestId } from '../context';
import { DependencyUnavailableError } from '../errors';
import type { CallOptions as CoreCallOptions, OperationRoute as CoreRoute, RequestInput } from '../client-core/route';
import { declaredHeaders } from '../client-core/response-headers';
import { ACCEPT, DEFAULT_RETRY_POLICY, IDEMPOTENT_METHODS, decodeBody, deprecationMessage, emitDeprecation, paramHeaders, prepareRequest, sendWithRetries } from '../client-core/wire';

export type { QueryStyle } from '../client-core/route';
export type { HeaderKind } from '../client-core/response-headers';

/** The request a call is made on behalf of: a handler passes its own `ctx` (RequestContext) here. */
export interface CallerContext {
  requestId?: string;
  /** The caller's verified credential (header name -> value), forwarded unless credentials.forwardCaller is false. */
  callerCredential?: Readonly<Record<string, string>> | undefined;
}

/** Per-call settings (override the client's). */
export interface CallOptions extends CoreCallOptions {
  /**
   * The handler's request context: its request id travels as X-Request-Id and its caller's
   * credential is forwarded. Without it, the ambient context of runWithContext (if any) is used.
   */
  context?: CallerContext;
}

/** An operation as the in-repo client sees it: the SDK core's route plus its declared security. */
export interface OperationRoute extends CoreRoute {
  /** Declared security: alternatives of schemes with scopes; [] for public operations. */
  readonly security?: RouteSecurity;
}

export type OperationTable = Readonly<Record<string, OperationRoute>>;

/** How a client authenticates. */
export interface ClientCredentials {
  /** A bearer token provider (called per request, so it can refresh), sent as Authorization: Bearer. */
  token?: () => string | Promise<string>;
  /** An API key (mqk_<keyId>_<secret>), sent as X-API-Key. */
  apiKey?: string;
  /**
   * Inside a request handled by a generated stub, send the caller's own verified credential
   * instead of the configured one (the caller's identity and tenant travel on). Default true.
   */
  forwardCaller?: boolean;
}

export type ApiResult<R> = R & { response: Response };

export interface ClientOptions {
  /** e.g. http://127.0.0.1:4010 */
  baseUrl: string;
  /** Name used in errors and logs; generated clients set it. */
  service?: string;
  fetch?: typeof fetch;
  /** Per attempt. Default 5000 ms. */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls. Default 2. */
  retries?: number;
  /** First backoff step; doubles each retry, with full jitter. Default 100 ms. */
  retryBaseDelayMs?: number;
  /** Cap on any single wait, including Retry-After. Default 2000 ms. */
  maxRetryDelayMs?: number;
  /** Credentials for secured operations; see ClientCredentials. */
  credentials?: ClientCredentials;
  /** Sent with every call. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Told once per operation when code calls a deprecated one. Default: a process warning (console in browsers). */
  onDeprecated?: (warning: string) => void;
}

/** The sibling service could not be reached: handlers let it propagate and callers get 503. */
export class UpstreamUnavailableError extends DependencyUnavailableError {
  constructor(service: string, operationId: string, cause: unknown) {
    // Not `instanceof Error`: DOMException (timeouts) may come from another realm.
    const e = (typeof cause === 'object' && cause !== null ? cause : {}) as { name?: string; message?: string };
    const reason = e.name === 'TimeoutError' ? 'timed out' : (e.message ?? String(cause));
    super(service, { detail: `${service} is unavailable (${operationId}: ${reason}); retry later`, cause, retryAfter: 5 });
    this.name = 'UpstreamUnavailableError';
  }
}

export class HttpClient {
  private readonly options: Required<Omit<ClientOptions, 'headers' | 'fetch' | 'onDeprecated' | 'credentials'>> &
    Pick<ClientOptions, 'headers' | 'fetch' | 'onDeprecated' | 'credentials'>;
  private readonly warned = new Set<string>();

  constructor(options: ClientOptions) {
    this.options = { service: 'upstream', ...DEFAULT_RETRY_POLICY, ...options };
  }

  async call(route: OperationRoute, operationId: string, input: RequestInput, call: CallOptions = {}): Promise<ApiResult<{ status: number; body: unknown }>> {
    if (route.deprecated && !this.warned.has(operationId)) {
      this.warned.add(operationId);
      emitDeprecation(deprecationMessage(this.options.service, operationId, route), this.options.onDeprecated);
    }
    const request = prepareRequest(this.options.baseUrl, route, input);
    const headers = { ...this.headersFor(input.headers, call.headers, request.contentType, call.context), ...(await this.credentialHeaders(route, call.headers, call.context)) };
    const retries = IDEMPOTENT_METHODS.has(route.method) ? (call.retries ?? this.options.retries) : 0;
    const policy = { ...this.options, retries, timeoutMs: call.timeoutMs ?? this.options.timeoutMs };
    try {
      const { response, body } = await sendWithRetries(this.options.fetch ?? fetch, request, headers, policy, call.signal, decodeBody);
      const declared = declaredHeaders(response, route.responseHeaders);
      return { status: response.status, body, ...(declared ? { headers: declared } : {}), response };
    } catch (err) {
      if (call.signal?.aborted) {
        throw err;
      }
      throw new UpstreamUnavailableError(this.options.service, operationId, err);
    }
  }

  private headersFor(
    params: Record<string, unknown> | undefined,
    extra: Record<string, string> | undefined,
    contentType: string | undefined,
    context: CallerContext | undefined,
  ): Record<string, string> {
    const base = typeof this.options.headers === 'function' ? this.options.headers() : (this.options.headers ?? {});
    const headers: Record<string, string> = { accept: ACCEPT, ...base };
    const requestId = context?.requestId ?? currentRequestId();
    if (requestId) {
      headers['x-request-id'] = requestId;
    }
    if (contentType) {
      headers['content-type'] = contentType;
    }
    return { ...headers, ...paramHeaders(params), ...extra };
  }

  /** Authorization or X-API-Key for secured operations: the caller's (when forwarding) or the configured credential. */
  private async credentialHeaders(route: OperationRoute, extra: Record<string, string> | undefined, context: CallerContext | undefined): Promise<Record<string, string>> {
    const credentials = this.options.credentials;
    const explicit = Object.keys(extra ?? {}).some((h) => /^(authorization|x-api-key)$/i.test(h));
    if (explicit || (route.security && route.security.length === 0)) {
      return {};
    }
    const forwarded = credentials?.forwardCaller === false ? undefined : (context?.callerCredential ?? currentCallerCredential());
    if (forwarded) {
      return { ...forwarded };
    }
    if (credentials?.token) {
      return { authorization: `Bearer ${await credentials.token()}` };
    }
    if (credentials?.apiKey) {
      return { 'x-api-key': credentials.apiKey };
    }
    return {};
  }
}
