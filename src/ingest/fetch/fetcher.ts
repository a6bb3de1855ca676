import type { IncomingHttpHeaders } from 'node:http';
import { Agent } from 'undici';
import { readBody } from './body.ts';
import { decodeBytes, detectCharset } from './charset.ts';
import { causeChain, classifyNetworkError, FetchError, httpError } from './errors.ts';
import { BlockedAddressError, checkUrl, createAddressPolicy, guardedLookup } from './guard.ts';
import { HostGateError, HostScheduler, type SharedHostGate } from './politeness.ts';
import { ALLOW_ALL, parseRobots, productToken, type RobotsPolicy, robotsPolicy } from './robots.ts';

/** Fetcher settings; every field has a default in {@link DEFAULT_FETCH_CONFIG}. */
export interface FetchConfig {
  /** Sent on every request and matched against robots.txt groups by its product token (`naba`). */
  userAgent: string;
  /** Limit on TCP (and TLS) connection setup. */
  connectTimeoutMs: number;
  /** Limit on one request from its start (after queueing) to the last body byte; per redirect hop. */
  totalTimeoutMs: number;
  /** Limit on the body, enforced while streaming on both the raw and the decompressed bytes. */
  maxBytes: number;
  maxRedirects: number;
  /** Requests in flight at once to one host (hostname:port). */
  perHostConcurrency: number;
  /** Minimum gap between requests to one host; a larger robots.txt Crawl-delay (capped at 30 s) wins. */
  perHostDelayMs: number;
  respectRobots: boolean;
  /** Hostnames or CIDRs allowed even though private/loopback; e.g. ['127.0.0.1'] for the demo and tests. */
  allowPrivate: string[];
  /** How long a host's robots.txt is trusted before it is fetched again. */
  robotsTtlMs?: number;
  /** Spacing per host shared with other processes (many workers), on top of this fetcher's own. */
  hostGate?: SharedHostGate;
}

/** Conservative defaults for crawling other people's servers. */
export const DEFAULT_FETCH_CONFIG: FetchConfig = {
  userAgent: 'naba/0.1 (+https://github.com/naba-news/naba)',
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  perHostConcurrency: 1,
  perHostDelayMs: 1000,
  respectRobots: true,
  allowPrivate: [],
  robotsTtlMs: 24 * 60 * 60 * 1000,
};

export interface FetchRequest {
  url: string;
  /** From the previous fetch; sent as If-None-Match. */
  etag?: string;
  /** From the previous fetch; sent as If-Modified-Since. */
  lastModified?: string;
  /** Overrides the Accept header chosen by `kind`. */
  accept?: string;
  kind?: 'feed' | 'page' | 'robots' | 'other';
}

export type FetchResult =
  | {
      status: 'ok';
      /** Final URL after redirects. */
      url: string;
      httpStatus: number;
      /** Body decoded to text with `charset`. */
      body: string;
      /** Body size in bytes after content decoding (gzip, br), before charset decoding. */
      bytes: number;
      contentType: string | null;
      /** WHATWG name of the encoding used, e.g. `utf-8`, `windows-1256`. */
      charset: string;
      etag?: string;
      lastModified?: string;
      fetchedAt: string;
      /** URLs that answered with a redirect, in order, starting with the requested one. */
      redirects: string[];
    }
  | { status: 'not-modified'; url: string; etag?: string; lastModified?: string; fetchedAt: string };

export interface Fetcher {
  /** Fetches one URL politely; resolves to a result or rejects with a {@link FetchError}. */
  fetch(req: FetchRequest, signal?: AbortSignal): Promise<FetchResult>;
  /** Closes pooled connections; later fetches fail with `aborted`. */
  close(): Promise<void>;
}

const ACCEPT: Record<NonNullable<FetchRequest['kind']>, string> = {
  feed:
    'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, ' +
    'application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8',
  page: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.8',
  robots: 'text/plain, */*;q=0.5',
  other: '*/*',
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ROBOTS_MAX_BYTES = 512 * 1024;
const ROBOTS_MAX_REDIRECTS = 5;
const ROBOTS_RETRY_MS = 10 * 60 * 1000;
const MAX_CRAWL_DELAY_MS = 30_000;

interface HopOptions {
  maxBytes: number;
  truncate: boolean;
}

type Hop = { kind: 'redirect'; location: string } | { kind: 'done'; result: FetchResult };

interface RobotsEntry {
  policy: Promise<RobotsPolicy>;
  expires: number;
}

/** Creates a fetcher with its own connection pool, per-host queues and robots.txt cache. */
export function createFetcher(config: Partial<FetchConfig> = {}): Fetcher {
  const cfg: FetchConfig = { ...DEFAULT_FETCH_CONFIG, ...config };
  const addressPolicy = createAddressPolicy(cfg.allowPrivate);
  const agent = new Agent({
    connect: { timeout: cfg.connectTimeoutMs, lookup: guardedLookup(addressPolicy) },
    headersTimeout: cfg.totalTimeoutMs,
    bodyTimeout: cfg.totalTimeoutMs,
  });
  const scheduler = new HostScheduler({
    concurrency: cfg.perHostConcurrency,
    delayMs: cfg.perHostDelayMs,
    ...(cfg.hostGate ? { gate: cfg.hostGate } : {}),
  });
  const robotsCache = new Map<string, RobotsEntry>();
  let closed = false;

  async function requestOnce(url: URL, req: FetchRequest, hopOpts: HopOptions, signal?: AbortSignal) {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), cfg.totalTimeoutMs);
    // Hand-combined rather than AbortSignal.any: a caller's long-lived signal must not collect one
    // dependent signal per request (Node 20 keeps those alive).
    const combinedCtl = new AbortController();
    const onCallerAbort = () => combinedCtl.abort();
    timeout.signal.addEventListener('abort', () => combinedCtl.abort(), { once: true });
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    if (signal?.aborted) combinedCtl.abort();
    const combined = combinedCtl.signal;
    let bytesRead: number | null = null;
    try {
      const headers: Record<string, string> = {
        'user-agent': cfg.userAgent,
        accept: req.accept ?? ACCEPT[req.kind ?? 'other'],
        'accept-encoding': 'gzip, deflate, br',
      };
      if (req.etag) headers['if-none-match'] = req.etag;
      if (req.lastModified) headers['if-modified-since'] = req.lastModified;
      const res = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        signal: combined,
      });
      const header = (name: string) => firstHeader(res.headers, name);
      const status = res.statusCode;
      if (REDIRECT_STATUSES.has(status) && header('location')) {
        await discard(res.body);
        return { kind: 'redirect', location: decodeLocation(header('location')!) } satisfies Hop;
      }
      if (status === 304 && (req.etag || req.lastModified)) {
        await discard(res.body);
        const result: FetchResult = {
          status: 'not-modified',
          url: url.href,
          fetchedAt: new Date().toISOString(),
        };
        const etag = header('etag') ?? req.etag;
        const lastModified = header('last-modified') ?? req.lastModified;
        if (etag) result.etag = etag;
        if (lastModified) result.lastModified = lastModified;
        return { kind: 'done', result } satisfies Hop;
      }
      if (status < 200 || status > 299) {
        await discard(res.body);
        throw httpError(url.href, status, header('retry-after'));
      }
      const declared = Number(header('content-length'));
      if (!hopOpts.truncate && Number.isFinite(declared) && declared > hopOpts.maxBytes) {
        res.body.destroy();
        throw new FetchError(
          'too-large',
          url.href,
          `body of ${declared} bytes exceeds ${hopOpts.maxBytes} bytes`,
        );
      }
      bytesRead = 0;
      const { bytes } = await readBody(res.body, {
        url: url.href,
        contentEncoding: header('content-encoding'),
        maxBytes: hopOpts.maxBytes,
        truncate: hopOpts.truncate,
        signal: combined,
        onRaw: (n) => {
          bytesRead = n;
        },
      });
      const contentType = header('content-type');
      const { charset } = detectCharset(bytes, contentType);
      let body: string;
      try {
        body = decodeBytes(bytes, charset);
      } catch (cause) {
        throw new FetchError('decode', url.href, `cannot decode body as ${charset}`, { cause });
      }
      const result: FetchResult = {
        status: 'ok',
        url: url.href,
        httpStatus: status,
        body,
        bytes: bytes.length,
        contentType,
        charset,
        fetchedAt: new Date().toISOString(),
        redirects: [],
      };
      const etag = header('etag');
      const lastModified = header('last-modified');
      if (etag) result.etag = etag;
      if (lastModified) result.lastModified = lastModified;
      return { kind: 'done', result } satisfies Hop;
    } catch (err) {
      if (err instanceof FetchError) throw err;
      if (timeout.signal.aborted) {
        throw new FetchError('timeout', url.href, `timeout after ${cfg.totalTimeoutMs} ms`, { cause: err });
      }
      if (signal?.aborted) throw new FetchError('aborted', url.href, 'aborted', { cause: err });
      if (closed) throw new FetchError('aborted', url.href, 'fetcher closed', { cause: err });
      for (const e of causeChain(err)) {
        if (e instanceof BlockedAddressError) {
          throw new FetchError('blocked-address', url.href, e.message, { cause: err });
        }
      }
      throw classifyNetworkError(err, url.href, { connectTimeoutMs: cfg.connectTimeoutMs, bytesRead });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  async function fetchFollowing(
    req: FetchRequest,
    opts: HopOptions & { maxRedirects: number; robots: boolean },
    signal?: AbortSignal,
  ): Promise<FetchResult> {
    let url = checkUrl(req.url, addressPolicy);
    const redirects: string[] = [];
    const visited = new Set([withoutHash(url)]);
    for (;;) {
      if (closed) throw new FetchError('aborted', url.href, 'fetcher is closed');
      if (signal?.aborted) throw new FetchError('aborted', url.href, 'aborted');
      if (opts.robots) await enforceRobots(url, signal);
      const current = url;
      let hop: Hop;
      try {
        hop = await scheduler.run(current.host, () => requestOnce(current, req, opts, signal), signal);
      } catch (err) {
        if (err instanceof FetchError) throw err;
        // Not sent; like a failed connection, worth trying again later.
        if (err instanceof HostGateError)
          throw new FetchError('connect', current.href, err.message, { cause: err });
        throw new FetchError('aborted', current.href, 'aborted while waiting for the host queue', {
          cause: err,
        });
      }
      if (hop.kind === 'done') {
        if (hop.result.status === 'ok') hop.result.redirects = redirects;
        return hop.result;
      }
      redirects.push(current.href);
      let next: URL;
      try {
        next = new URL(hop.location, current);
      } catch (cause) {
        throw new FetchError('invalid-url', current.href, `bad redirect location ${hop.location}`, { cause });
      }
      next = checkUrl(next.href, addressPolicy);
      if (visited.has(withoutHash(next))) {
        throw new FetchError('redirect-loop', req.url, `redirect loop back to ${next.href}`);
      }
      if (redirects.length > opts.maxRedirects) {
        throw new FetchError('too-many-redirects', req.url, `more than ${opts.maxRedirects} redirects`);
      }
      visited.add(withoutHash(next));
      url = next;
    }
  }

  async function enforceRobots(url: URL, signal?: AbortSignal): Promise<void> {
    const policy = await abortable(robotsFor(url), signal, url.href);
    if (policy.crawlDelayMs !== undefined) {
      scheduler.setHostDelay(url.host, Math.min(policy.crawlDelayMs, MAX_CRAWL_DELAY_MS));
    }
    if (!policy.isAllowed(`${url.pathname}${url.search}`)) {
      const why = policy.reason ?? `disallowed by robots.txt for ${productToken(cfg.userAgent)}`;
      throw new FetchError('robots', url.href, why);
    }
  }

  function robotsFor(url: URL): Promise<RobotsPolicy> {
    const key = url.origin;
    const cached = robotsCache.get(key);
    if (cached && cached.expires > Date.now()) return cached.policy;
    const entry: RobotsEntry = { policy: loadRobots(url), expires: Number.POSITIVE_INFINITY };
    robotsCache.set(key, entry);
    entry.policy.then(
      (p) => {
        const ttl = p.retryMs ?? cfg.robotsTtlMs ?? DEFAULT_FETCH_CONFIG.robotsTtlMs!;
        entry.expires = Date.now() + ttl;
      },
      () => {
        // Unreachable host: remember nothing, so the next fetch tries again.
        if (robotsCache.get(key) === entry) robotsCache.delete(key);
      },
    );
    return entry.policy;
  }

  async function loadRobots(url: URL): Promise<RobotsPolicy> {
    const robotsUrl = new URL('/robots.txt', url.origin).href;
    try {
      const res = await fetchFollowing(
        { url: robotsUrl, kind: 'robots' },
        { maxBytes: ROBOTS_MAX_BYTES, truncate: true, maxRedirects: ROBOTS_MAX_REDIRECTS, robots: false },
      );
      if (res.status !== 'ok') return ALLOW_ALL;
      return robotsPolicy(parseRobots(res.body), cfg.userAgent);
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      // RFC 9309 §2.3.1: a missing robots.txt (4xx) allows everything; a server error means "assume
      // complete disallow" for now. 429 is a server saying "not now", so it counts as the latter.
      if (err.code === 'http' && err.httpStatus !== undefined) {
        if (err.httpStatus >= 400 && err.httpStatus < 500 && err.httpStatus !== 429) return ALLOW_ALL;
        const retryMs = Math.max(err.retryAfterMs ?? 0, ROBOTS_RETRY_MS);
        const reason = `robots.txt unavailable (HTTP ${err.httpStatus}), host treated as disallowed`;
        return { isAllowed: (p) => p === '/robots.txt', reason, retryMs };
      }
      if (['too-many-redirects', 'redirect-loop', 'invalid-url', 'decode', 'too-large'].includes(err.code)) {
        return ALLOW_ALL;
      }
      throw err;
    }
  }

  return {
    async fetch(req, signal) {
      if (closed) throw new FetchError('aborted', req.url, 'fetcher is closed');
      return fetchFollowing(
        req,
        {
          maxBytes: cfg.maxBytes,
          truncate: false,
          maxRedirects: cfg.maxRedirects,
          robots: cfg.respectRobots && req.kind !== 'robots',
        },
        signal,
      );
    },
    async close() {
      closed = true;
      await agent.close();
    },
  };
}

function firstHeader(headers: IncomingHttpHeaders, name: string): string | null {
  const v = headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

/**
 * Header values arrive as latin1; servers that put a raw UTF-8 Arabic slug in Location mean UTF-8, as
 * browsers assume.
 */
function decodeLocation(raw: string): string {
  if (!/[\x80-\xff]/.test(raw)) return raw;
  const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
  return utf8.includes('\uFFFD') ? raw : utf8;
}

function withoutHash(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

/** Drains a little of an unwanted body so the connection can be reused, else drops it. */
async function discard(body: { dump(opts?: { limit: number }): Promise<void> }): Promise<void> {
  try {
    await body.dump({ limit: 64 * 1024 });
  } catch {
    // The connection is gone either way; nothing to report about a body nobody wanted.
  }
}

/** Lets one caller stop waiting on a shared promise (the robots.txt load) without cancelling it. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, url: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new FetchError('aborted', url, 'aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new FetchError('aborted', url, 'aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
