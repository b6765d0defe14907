/**
 * The wire half of every Marquee client, in-repo and published SDK alike: URL, headers and body
 * encoding, response decoding, and the send loop with per-attempt timeouts and retries with
 * backoff (honouring Retry-After) for idempotent calls. Dependency-free: only global fetch,
 * AbortSignal, URLSearchParams and FormData.
 */
import { chooseRequestMediaType, encodeMultipart, isBinaryMedia, isRawBody, readEventStream } from './media';
import type { OperationRoute, QueryStyle, RequestInput } from './route';

export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['get', 'head', 'put', 'delete', 'options', 'trace']);
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
const JSON_LIKE = /^application\/([a-z0-9.+-]*\+)?json\b/i;
/** What fetch accepts as a body (RequestInit's, so Node-only projects without the DOM lib can use the types). */
export type RequestBody = NonNullable<RequestInit['body']>;

export const ACCEPT = 'application/json, application/problem+json;q=0.9, */*;q=0.1';

export interface RetryPolicy {
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts (used only for idempotent methods). */
  retries: number;
  /** First backoff step; doubles each retry, with full jitter. */
  retryBaseDelayMs: number;
  /** Cap on any single wait, including Retry-After. */
  maxRetryDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { timeoutMs: 5000, retries: 2, retryBaseDelayMs: 100, maxRetryDelayMs: 2000 };

export interface PreparedRequest {
  url: string;
  method: string;
  body: RequestBody | undefined;
  contentType: string | undefined;
}

/** URL (base + path + query) and encoded body of one call, in the media type the caller chose or the body fits. */
export function prepareRequest(baseUrl: string, route: OperationRoute, input: RequestInput): PreparedRequest {
  const url = baseUrl.replace(/\/+$/, '') + buildPath(route.path, input.path) + buildQuery(input.query, route.queryStyles);
  const mediaType = chooseRequestMediaType(route.requestMediaTypes, input.body, input.contentType);
  const { body, contentType } = encodeBody(input.body, mediaType, mediaType ? route.requestEncodings?.[mediaType] : undefined);
  return { url, method: route.method.toUpperCase(), body, contentType };
}

/** Declared header parameters, lower-cased; null and undefined left out. */
export function paramHeaders(params: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== null) {
      headers[name.toLowerCase()] = String(value);
    }
  }
  return headers;
}

/**
 * Sends with a timeout per attempt (covering the body too); retries (when `retries` > 0) on
 * transport errors and on 429/502/503/504, waiting the larger of the backoff and Retry-After.
 * Returns the last response with its body read by `read`; throws the last transport error, or
 * the caller's abort reason at once. One AbortController and timer per attempt: cheaper than
 * AbortSignal.timeout + AbortSignal.any, which cost more than the rest of a call on loopback.
 */
export async function sendWithRetries<T>(
  doFetch: typeof fetch,
  request: PreparedRequest,
  headers: Record<string, string>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  read: (response: Response) => Promise<T>,
): Promise<{ response: Response; body: T }> {
  const exchange: Exchange<T> = { doFetch, request, headers, timeoutMs: policy.timeoutMs, maxRetryDelayMs: policy.maxRetryDelayMs, signal, read };
  for (let attempt = 0; ; attempt++) {
    const outcome = await sendOnce(exchange, attempt < policy.retries);
    if ('response' in outcome) {
      return outcome;
    }
    if (signal?.aborted || attempt >= policy.retries) {
      throw outcome.error;
    }
    await sleep(Math.max(backoffMs(attempt, policy), outcome.waitMs));
  }
}

interface Exchange<T> {
  doFetch: typeof fetch;
  request: PreparedRequest;
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetryDelayMs: number;
  signal: AbortSignal | undefined;
  read: (response: Response) => Promise<T>;
}

type Attempt<T> = { response: Response; body: T } | { error: unknown; waitMs: number };

async function sendOnce<T>({ doFetch, request, headers, timeoutMs, maxRetryDelayMs, signal, read }: Exchange<T>, mayRetry: boolean): Promise<Attempt<T>> {
  if (signal?.aborted) {
    throw signal.reason;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), timeoutMs);
  const forward = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  try {
    const response = await doFetch(request.url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: controller.signal,
    });
    if (mayRetry && RETRY_STATUSES.has(response.status)) {
      await response.body?.cancel();
      return { error: new Error(`HTTP ${response.status}`), waitMs: retryAfterMs(response, maxRetryDelayMs) };
    }
    return { response, body: await read(response) };
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    return { error, waitMs: 0 };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
}

export function buildPath(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) {
      throw new TypeError(`missing path parameter '${name}' for ${template}`);
    }
    return encodeURIComponent(String(value));
  });
}

export function buildQuery(query: Record<string, unknown> = {}, styles: Readonly<Record<string, QueryStyle>> = {}): string {
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

export function encodeBody(body: unknown, mediaType: string | undefined, encoding?: Readonly<Record<string, string>>): { body: RequestBody | undefined; contentType: string | undefined } {
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
    if (isRawBody(body)) {
      throw new TypeError(`a ${typeof body === 'string' ? 'string' : 'binary'} body cannot be sent as ${mediaType}: pass an object of its fields`);
    }
    return { body: encodeMultipart(body as Record<string, unknown>, encoding), contentType: undefined }; // fetch sets the boundary
  }
  if (mediaType && !JSON_LIKE.test(mediaType)) {
    return { body: body as RequestBody, contentType: mediaType };
  }
  return { body: JSON.stringify(body), contentType: mediaType ?? 'application/json' };
}

export async function decodeBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 304) {
    return undefined;
  }
  const type = response.headers.get('content-type') ?? '';
  if (/^text\/event-stream\b/i.test(type)) {
    return readEventStream(response.body); // events as they arrive, never buffered
  }
  if (isBinaryMedia(type)) {
    return response.blob(); // the bytes as sent: never decoded as text
  }
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

/** Retry-After (seconds or HTTP-date) in ms, capped; 0 when absent. */
export function retryAfterMs(response: Response, cap: number): number {
  const header = response.headers.get('retry-after');
  if (!header) {
    return 0;
  }
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Math.max(0, Math.min(cap, ms));
}

function backoffMs(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxRetryDelayMs, policy.retryBaseDelayMs * 2 ** attempt);
  return Math.round(Math.random() * ceiling);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The warning for a call to a deprecated operation, with its sunset and successor. */
export function deprecationMessage(service: string, operationId: string, route: OperationRoute): string {
  const sunset = route.deprecation?.sunset ? `; it will be removed after ${route.deprecation.sunset}` : '';
  const successor = route.deprecation?.successor ? `; use ${route.deprecation.successor} instead` : '';
  return `${service}.${operationId} (${route.method.toUpperCase()} ${route.path}) is deprecated${sunset}${successor}`;
}

/** To the caller's hook, else a process warning (Node), else the console (browsers). */
export function emitDeprecation(message: string, hook?: (warning: string) => void): void {
  const process = (globalThis as { process?: { emitWarning?: (m: string, o: { type: string; code: string }) => void } }).process;
  if (hook) {
    hook(message);
  } else if (process?.emitWarning) {
    process.emitWarning(message, { type: 'DeprecationWarning', code: 'MARQUEE_DEPRECATED_OPERATION' });
  } else {
    globalThis.console?.warn(message);
  }
}
