/** Cache policy per kind of response; ETags and 304s come from hono's `etag` middleware over the body. */
import type { Context } from 'hono';

export const CACHE = {
  page: 'public, max-age=60',
  api: 'public, max-age=30',
  feed: 'public, max-age=300',
  static: 'public, max-age=86400',
  private: 'no-store',
} as const;

/** Set Cache-Control and, when the data has a time, Last-Modified. */
export function cacheFor(c: Context, kind: keyof typeof CACHE, lastModified?: string | number | null): void {
  c.header('cache-control', CACHE[kind]);
  if (lastModified !== undefined && lastModified !== null) {
    const ms = typeof lastModified === 'number' ? lastModified : Date.parse(lastModified);
    if (Number.isFinite(ms)) c.header('last-modified', new Date(ms).toUTCString());
  }
}

/** A small time-boxed memo for expensive page parts (home ranking) shared by concurrent readers. */
export class Memo<T> {
  readonly #entries = new Map<string, { at: number; value: Promise<T> }>();
  constructor(
    readonly ttlMs: number,
    readonly now: () => number = Date.now,
    readonly max = 64,
  ) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    const t = this.now();
    const hit = this.#entries.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    if (this.#entries.size >= this.max) this.#entries.clear();
    const value = make();
    this.#entries.set(key, { at: t, value });
    value.catch(() => this.#entries.delete(key));
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
