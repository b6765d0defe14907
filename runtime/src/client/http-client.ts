/**
 * The core of every generated client: builds the request from an operation route and typed
 * input, applies timeouts, retries idempotent calls with backoff (honouring Retry-After) and
 * propagates the request id. HTTP errors are returned, not thrown; only transport failures
 * (connection refused, timeout after the last retry) throw UpstreamUnavailableError.
 */
import type { RouteSecurity } from '../auth/authenticator';
import { currentCallerCredential, currentRequestId } from '../context';
import { DependencyUnavailableError } from '../errors';

export type QueryStyle = 'csv';

export interface OperationRoute {
  readonly method: string;
  readonly path: string;
  readonly headerParams: readonly string[];
  readonly requestMediaTypes: readonly string[];
  readonly responses: Readonly<Record<string, readonly string[]>>;
  readonly deprecated: boolean;
  readonly queryStyles?: Readonly<Record<string, QueryStyle>>;
  /** Header values for deprecated operations: Deprecation, Sunset (HTTP-date), successor path. */
  readonly deprecation?: { readonly since: string; readonly sunset?: string; readonly successor?: string };
  /** Declared security: alternatives of schemes with scopes; [] for public operations. */
  readonly security?: RouteSecurity;
}

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

export type OperationTable = Readonly<Record<string, OperationRoute>>;

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

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  retries?: number;
  headers?: Record<string, string>;
}

interface RequestInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
  contentType?: string;
}

const IDEMPOTENT = new Set(['get', 'head', 'put', 'delete', 'options', 'trace']);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const JSON_LIKE = /^application\/([a-z0-9.+-]*\+)?json\b/i;

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
  private readonly options: Required<Omit<ClientOptions, 'headers' | 'fetch' | 'onDeprecated' | 'credentials'>> & Pick<ClientOptions, 'headers' | 'fetch' | 'onDeprecated' | 'credentials'>;
  private readonly warned = new Set<string>();

  constructor(options: ClientOptions) {
    this.options = {
      service: 'upstream',
      timeoutMs: 5000,
      retries: 2,
      retryBaseDelayMs: 100,
      maxRetryDelayMs: 2000,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
  }

  async call(route: OperationRoute, operationId: string, input: RequestInput, call: CallOptions = {}): Promise<ApiResult<{ status: number; body: unknown }>> {
    if (route.deprecated) {
      this.warnDeprecated(route, operationId);
    }
    const url = this.options.baseUrl + buildPath(route.path, input.path) + buildQuery(input.query, route.queryStyles);
    const idempotent = IDEMPOTENT.has(route.method);
    const maxRetries = idempotent ? (call.retries ?? this.options.retries) : 0;
    const { body, contentType } = encodeBody(input.body, input.contentType ?? route.requestMediaTypes[0]);
    const headers = { ...this.headersFor(input.headers, call.headers, contentType), ...(await this.credentialHeaders(route, call.headers)) };
    const doFetch = this.options.fetch ?? fetch;
    for (let attempt = 0; ; attempt++) {
      const signals = [AbortSignal.timeout(call.timeoutMs ?? this.options.timeoutMs)];
      if (call.signal) {
        signals.push(call.signal);
      }
      let response: Response;
      try {
        response = await doFetch(url, {
          method: route.method.toUpperCase(),
          headers,
          ...(body === undefined ? {} : { body }),
          signal: AbortSignal.any(signals),
        });
      } catch (err) {
        if (call.signal?.aborted) {
          throw err;
        }
        if (attempt < maxRetries) {
          await sleep(this.backoff(attempt));
          continue;
        }
        throw new UpstreamUnavailableError(this.options.service, operationId, err);
      }
      if (RETRY_STATUSES.has(response.status) && attempt < maxRetries) {
        await response.body?.cancel();
        await sleep(Math.max(this.backoff(attempt), retryAfterMs(response, this.options.maxRetryDelayMs)));
        continue;
      }
      return { status: response.status, body: await decodeBody(response), response };
    }
  }

  private headersFor(
    params: Record<string, unknown> | undefined,
    extra: Record<string, string> | undefined,
    contentType: string | undefined,
  ): Record<string, string> {
    const base = typeof this.options.headers === 'function' ? this.options.headers() : (this.options.headers ?? {});
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json;q=0.9, */*;q=0.1', ...base };
    const requestId = currentRequestId();
    if (requestId) {
      headers['x-request-id'] = requestId;
    }
    if (contentType) {
      headers['content-type'] = contentType;
    }
    for (const [name, value] of Object.entries(params ?? {})) {
      if (value !== undefined && value !== null) {
        headers[name.toLowerCase()] = String(value);
      }
    }
    return { ...headers, ...extra };
  }

  /** Authorization or X-API-Key for secured operations: the caller's (when forwarding) or the configured credential. */
  private async credentialHeaders(route: OperationRoute, extra: Record<string, string> | undefined): Promise<Record<string, string>> {
    const credentials = this.options.credentials;
    const explicit = Object.keys(extra ?? {}).some((h) => /^(authorization|x-api-key)$/i.test(h));
    if (explicit || (route.security && route.security.length === 0)) {
      return {};
    }
    const forwarded = credentials?.forwardCaller === false ? undefined : currentCallerCredential();
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

  private warnDeprecated(route: OperationRoute, operationId: string): void {
    if (this.warned.has(operationId)) {
      return;
    }
    this.warned.add(operationId);
    const sunset = route.deprecation?.sunset ? `; it will be removed after ${route.deprecation.sunset}` : '';
    const successor = route.deprecation?.successor ? `; use ${route.deprecation.successor} instead` : '';
    const message = `${this.options.service}.${operationId} (${route.method.toUpperCase()} ${route.path}) is deprecated${sunset}${successor}`;
    const process = (globalThis as { process?: { emitWarning?: (m: string, o: { type: string; code: string }) => void } }).process;
    if (this.options.onDeprecated) {
      this.options.onDeprecated(message);
    } else if (process?.emitWarning) {
      process.emitWarning(message, { type: 'DeprecationWarning', code: 'MARQUEE_DEPRECATED_OPERATION' });
    } else {
      globalThis.console?.warn(message);
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxRetryDelayMs, this.options.retryBaseDelayMs * 2 ** attempt);
    return Math.round(Math.random() * ceiling);
  }
}

function buildPath(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) {
      throw new TypeError(`missing path parameter '${name}' for ${template}`);
    }
    return encodeURIComponent(String(value));
  });
}

function buildQuery(query: Record<string, unknown> = {}, styles: Readonly<Record<string, QueryStyle>> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (Array.isArray(value)) {
      if (styles[name] === 'csv') {
        search.append(name, value.map(String).join(','));
      } else {
        for (const v of value) {
          search.append(name, String(v));
        }
      }
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        search.append(k, String(v));
      }
    } else {
      search.append(name, String(value));
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function encodeBody(body: unknown, mediaType: string | undefined): { body: BodyInit | undefined; contentType: string | undefined } {
  if (body === undefined) {
    return { body: undefined, contentType: undefined };
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (v !== undefined) {
        form.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
      }
    }
    return { body: form, contentType: mediaType };
  }
  if (mediaType?.startsWith('multipart/')) {
    const form = new FormData();
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (v instanceof Blob) {
        form.append(k, v);
      } else if (v !== undefined) {
        form.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
      }
    }
    return { body: form, contentType: undefined }; // fetch sets the boundary
  }
  if (mediaType && !JSON_LIKE.test(mediaType)) {
    return { body: body as BodyInit, contentType: mediaType };
  }
  return { body: JSON.stringify(body), contentType: mediaType ?? 'application/json' };
}

async function decodeBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 304) {
    return undefined;
  }
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (text === '') {
    return undefined;
  }
  if (JSON_LIKE.test(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function retryAfterMs(response: Response, cap: number): number {
  const header = response.headers.get('retry-after');
  if (!header) {
    return 0;
  }
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Math.max(0, Math.min(cap, ms));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
