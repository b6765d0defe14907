/**
 * Per-client rate limits for secured operations: a token bucket per caller (tenant + client or
 * key), refilled continuously; an empty bucket answers 429 problem+json with Retry-After.
 * In memory, so each replica limits on its own (the effective limit is replicas x the setting).
 * @see https://www.rfc-editor.org/rfc/rfc6585#section-4
 */
import { AppError } from '../errors';
import type { Principal } from './principal';

export interface RateLimitOptions {
  /** Sustained requests per second per client; 0 turns limiting off. */
  perSecond: number;
  /** Requests a client may send at once after being idle. Default 2 x perSecond. */
  burst?: number;
  /** Clients tracked at once (least recently seen forgotten first). Default 10 000. */
  maxClients?: number;
  now?: () => number;
}

export type RateLimiter = (principal: Principal) => void;

export class RateLimitedError extends AppError {
  constructor(retryAfter: number) {
    super('rate-limited', 429, 'Too many requests', { detail: `this client's rate limit is exhausted; retry after ${retryAfter} s`, retryAfter });
    this.name = 'RateLimitedError';
  }
}

/** The caller a bucket belongs to: the OAuth2 client (or subject) within its tenant. */
export function rateLimitKey(principal: Principal): string {
  return `${principal.tenantId}\u0000${principal.kind}\u0000${principal.clientId ?? principal.subject}`;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { perSecond } = options;
  const burst = options.burst ?? perSecond * 2;
  const maxClients = options.maxClients ?? 10_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (principal) => {
    if (perSecond <= 0) {
      return;
    }
    const key = rateLimitKey(principal);
    const t = now();
    const previous = buckets.get(key);
    const tokens = previous ? Math.min(burst, previous.tokens + ((t - previous.at) / 1000) * perSecond) : burst;
    buckets.delete(key); // re-inserted last: the map's order is least recently seen first
    if (tokens < 1) {
      buckets.set(key, { tokens, at: t });
      throw new RateLimitedError(Math.max(1, Math.ceil((1 - tokens) / perSecond)));
    }
    buckets.set(key, { tokens: tokens - 1, at: t });
    if (buckets.size > maxClients) {
      buckets.delete(buckets.keys().next().value as string);
    }
  };
}
