/**
 * A token bucket per client address, in memory: enough to keep one client from hogging search and the
 * API on a single process. Behind a proxy every client shares the proxy's address; put the limit there.
 */

import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { RateLimit } from '../types.ts';
import { apiError } from './errors.ts';

/** Buckets kept before full (idle) ones are forgotten. */
const MAX_BUCKETS = 10_000;

export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    readonly limit: RateLimit,
    readonly now: () => number = Date.now,
  ) {}

  /** Take one token for `key`; false when its bucket is empty. */
  take(key: string): boolean {
    const t = this.now();
    let b = this.#buckets.get(key);
    if (!b) {
      if (this.#buckets.size >= MAX_BUCKETS) this.#sweep(t);
      b = { tokens: this.limit.burst, at: t };
      this.#buckets.set(key, b);
    }
    b.tokens = Math.min(this.limit.burst, b.tokens + ((t - b.at) / 1000) * this.limit.perSecond);
    b.at = t;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Seconds until `key` has a token again. */
  retryAfter(key: string): number {
    const b = this.#buckets.get(key);
    if (!b) return 0;
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  #sweep(t: number): void {
    for (const [k, b] of this.#buckets) {
      if (b.tokens + ((t - b.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.#buckets.delete(k);
    }
    // Everyone busy at once: start over rather than grow without bound.
    if (this.#buckets.size >= MAX_BUCKETS) this.#buckets.clear();
  }
}

export function clientAddress(c: Parameters<MiddlewareHandler>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests: no socket
  }
}

export function rateLimit(buckets: TokenBuckets): MiddlewareHandler {
  return async (c, next) => {
    const key = clientAddress(c);
    if (!buckets.take(key)) {
      const res = apiError(429, 'rate_limited', 'too many requests: slow down and retry');
      res.headers.set('retry-after', String(buckets.retryAfter(key)));
      return res;
    }
    await next();
  };
}
