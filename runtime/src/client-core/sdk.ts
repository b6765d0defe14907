/**
 * The transport of the published SDKs: the shared wire (wire.ts) plus authentication from the
 * spec's security schemes, request ids, and errors thrown as typed ApiError / NetworkError.
 */
import { ApiError, NetworkError } from './errors';
import { declaredHeaders } from './response-headers';
import type { CallOptions, OperationRoute, RequestInput } from './route';
import { ACCEPT, DEFAULT_RETRY_POLICY, IDEMPOTENT_METHODS, decodeBody, deprecationMessage, emitDeprecation, paramHeaders, prepareRequest, sendWithRetries, type RetryPolicy } from './wire';

/** A credential, or a function giving one per call (e.g. an OAuth2 token cache). */
export type Credential = string | (() => string | undefined | Promise<string | undefined>);

export interface SdkOptions extends Partial<RetryPolicy> {
  /** e.g. https://api.example.com or http://127.0.0.1:4010 */
  baseUrl: string;
  /** OAuth2 / bearer access token: sent as `Authorization: Bearer <token>`. */
  token?: Credential;
  /** API key: sent in the header the spec's apiKey scheme names (X-API-Key). */
  apiKey?: Credential;
  /** Sent with every call. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Makes the X-Request-Id of each call; default crypto.randomUUID(). */
  requestId?: () => string;
  /** Told once per operation when code calls a deprecated one. */
  onDeprecated?: (warning: string) => void;
}

export interface SdkCallOptions extends CallOptions {
  /** X-Request-Id for this call (to correlate with your own logs). */
  requestId?: string;
}

/** Resolve with `{ status, body, headers, response }` (the declared headers typed) instead of the body alone. */
export interface WithResponse {
  withResponse: true;
}

/** How a service authenticates, from its spec's components.securitySchemes. */
export interface SecuritySchemes {
  /** oauth2, openIdConnect or http bearer present. */
  readonly bearer: boolean;
  /** Header name of an `in: header` apiKey scheme. */
  readonly apiKeyHeader?: string;
}

export class SdkTransport {
  private readonly warned = new Set<string>();
  private readonly policy: RetryPolicy;

  constructor(
    readonly service: string,
    readonly options: SdkOptions,
    readonly security: SecuritySchemes = { bearer: true, apiKeyHeader: 'X-API-Key' },
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(options) };
  }

  /**
   * Sends one call; resolves with the 2xx body (with `withResponse`: status, body, declared
   * headers and the Response), rejects with ApiError (declared or not) or NetworkError.
   */
  async invoke(route: OperationRoute, operationId: string, input: RequestInput, call: SdkCallOptions & Partial<WithResponse> = {}): Promise<unknown> {
    if (route.deprecated && !this.warned.has(operationId)) {
      this.warned.add(operationId);
      emitDeprecation(deprecationMessage(this.service, operationId, route), this.options.onDeprecated);
    }
    const request = prepareRequest(this.options.baseUrl, route, input);
    const requestId = call.requestId ?? this.options.requestId?.() ?? globalThis.crypto.randomUUID();
    const headers: Record<string, string> = { accept: ACCEPT, ...this.options.headers, ...(this.options.token === undefined && this.options.apiKey === undefined ? undefined : await this.credentials()), 'x-request-id': requestId };
    if (request.contentType) {
      headers['content-type'] = request.contentType;
    }
    Object.assign(headers, paramHeaders(input.headers), call.headers);
    const retries = IDEMPOTENT_METHODS.has(route.method) ? (call.retries ?? this.policy.retries) : 0;
    let response: Response;
    let body: unknown;
    try {
      const policy = retries === this.policy.retries && call.timeoutMs === undefined ? this.policy : { ...this.policy, retries, timeoutMs: call.timeoutMs ?? this.policy.timeoutMs };
      ({ response, body } = await sendWithRetries(this.options.fetch ?? fetch, request, headers, policy, call.signal, decodeBody));
    } catch (err) {
      if (call.signal?.aborted) {
        throw err;
      }
      throw new NetworkError(operationId, requestId, err);
    }
    const declared = declaredHeaders(response, route.responseHeaders);
    if (response.status >= 200 && response.status < 300) {
      return call.withResponse ? { status: response.status, body, ...(declared ? { headers: declared } : {}), response } : body;
    }
    throw new ApiError({ operationId, status: response.status, body, requestId: response.headers.get('x-request-id') ?? requestId, response, headers: declared });
  }

  /** Only awaits credential functions: a plain string costs nothing per call. */
  private async credentials(): Promise<Record<string, string>> {
    const { token, apiKey } = this.options;
    const headers: Record<string, string> = {};
    const bearer = typeof token === 'function' ? await token() : token;
    if (bearer !== undefined) {
      headers.authorization = `Bearer ${bearer}`;
    }
    const key = typeof apiKey === 'function' ? await apiKey() : apiKey;
    if (key !== undefined) {
      headers[(this.security.apiKeyHeader ?? 'X-API-Key').toLowerCase()] = key;
    }
    return headers;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
