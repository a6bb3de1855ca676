/**
 * A micro-cache of whole GET responses: every page, API answer and feed is rendered at most once per key
 * and TTL, and concurrent misses of one key share a single render. News pages change by the minute, so a
 * few seconds of reuse costs readers nothing and turns a burst on one story into one database read; when
 * an entry expires, one request renders it again while the others still get the previous copy. The
 * key is the URL plus the theme cookie (the only request input besides the URL that changes a page).
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.ts';

/** A response may be served up to this many TTLs old while its next render is in progress. */
const STALE_FACTOR = 6;

interface Entry {
  at: number;
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

export interface ResponseCacheOptions {
  ttlMs: number;
  /** Total body bytes kept; the oldest entries go first. */
  maxBytes?: number;
  now?: () => number;
}

export function responseCache(opts: ResponseCacheOptions): MiddlewareHandler<AppEnv> {
  const now = opts.now ?? (() => Date.now());
  const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry | null>>();
  let bytes = 0;

  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    bytes -= e.body.byteLength;
    entries.delete(key);
  };

  const respond = (e: Entry) =>
    new Response(e.status === 204 ? null : (e.body as Uint8Array<ArrayBuffer>), {
      status: e.status,
      headers: e.headers,
    });

  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const key = `${c.get('theme')}\u0000${c.req.url}`;
    const hit = entries.get(key);
    const age = hit ? now() - hit.at : Number.POSITIVE_INFINITY;
    if (hit && age < opts.ttlMs) {
      c.res = respond(hit);
      return;
    }
    const waiting = pending.get(key);
    // While one request renders the page again, the others get the previous copy if it is not too old.
    if (hit && waiting && age < opts.ttlMs * STALE_FACTOR) {
      c.res = respond(hit);
      return;
    }
    if (waiting) {
      const shared = await waiting;
      if (shared) {
        c.res = respond(shared);
        return;
      }
    }
    let settle: (e: Entry | null) => void = () => {};
    pending.set(
      key,
      new Promise<Entry | null>((resolve) => {
        settle = resolve;
      }),
    );
    try {
      await next();
      const res = c.res;
      // Only plain successes are shared; errors, redirects and private answers are not.
      const cacheable =
        res.status === 200 &&
        !/no-store|private/.test(res.headers.get('cache-control') ?? '') &&
        !res.headers.has('set-cookie');
      if (!cacheable) {
        settle(null);
        return;
      }
      const body = new Uint8Array(await res.arrayBuffer());
      const headers = [...res.headers.entries()];
      if (!res.headers.has('etag')) {
        headers.push(['etag', `"${createHash('sha1').update(body).digest('base64url')}"`]);
      }
      const entry: Entry = { at: now(), status: res.status, headers, body };
      drop(key);
      entries.set(key, entry);
      bytes += body.byteLength;
      for (const k of entries.keys()) {
        if (bytes <= maxBytes) break;
        drop(k);
      }
      settle(entry);
      c.res = respond(entry);
    } catch (error) {
      settle(null);
      throw error;
    } finally {
      pending.delete(key);
    }
  };
}
