/** Why a fetch failed; stable strings that callers can branch on (retry, back off, give up). */
export type FetchErrorCode =
  | 'timeout'
  | 'connect'
  | 'dns'
  | 'http'
  | 'too-large'
  | 'too-many-redirects'
  | 'redirect-loop'
  | 'blocked-address'
  | 'robots'
  | 'aborted'
  | 'decode'
  | 'invalid-url';

/**
 * A failed fetch. The message reads `fetch: <cause> (<url>)`; `code` says what kind of failure it was,
 * `httpStatus` and `retryAfterMs` are set for HTTP errors when the server gave them.
 */
export class FetchError extends Error {
  readonly stage = 'fetch';
  readonly code: FetchErrorCode;
  readonly url: string;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;

  constructor(
    code: FetchErrorCode,
    url: string,
    detail: string,
    extra: { httpStatus?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`fetch: ${detail} (${url})`, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'FetchError';
    this.code = code;
    this.url = url;
    if (extra.httpStatus !== undefined) this.httpStatus = extra.httpStatus;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }
}

/** Builds the error for a non-success HTTP status, with Retry-After surfaced for 429 and 503. */
export function httpError(url: string, status: number, retryAfterHeader?: string | null, now = Date.now()) {
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(retryAfterHeader ?? null, now) : undefined;
  const detail =
    retryAfterMs === undefined
      ? `HTTP ${status}`
      : `HTTP ${status}, retry after ${Math.ceil(retryAfterMs / 1000)} s`;
  return new FetchError('http', url, detail, { httpStatus: status, retryAfterMs });
}

const DELAY_SECONDS = /^\s*(\d+)\s*$/;

/**
 * Parses a Retry-After value: delay-seconds or an HTTP date. Returns milliseconds from `now`
 * (0 for a date in the past), or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const seconds = DELAY_SECONDS.exec(value);
  if (seconds) return Number(seconds[1]) * 1000;
  // Date.parse accepts plain numbers and other loose forms; an HTTP date always names a weekday or month.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Walks an error's `cause` chain (undici and zlib nest the interesting error). */
export function* causeChain(err: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let cur: unknown = err;
  while (cur !== undefined && cur !== null && !seen.has(cur)) {
    seen.add(cur);
    yield cur;
    cur = typeof cur === 'object' ? (cur as { cause?: unknown }).cause : undefined;
  }
}

function errCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * Turns a low-level error (undici, net, dns, tls) into a FetchError. `bytesRead` tells apart a refused
 * connection from one lost mid-body.
 */
export function classifyNetworkError(
  err: unknown,
  url: string,
  ctx: { connectTimeoutMs: number; bytesRead: number | null },
): FetchError {
  for (const e of causeChain(err)) {
    if (e instanceof FetchError) return e;
  }
  for (const e of causeChain(err)) {
    const code = errCode(e);
    if (code === undefined) continue;
    if (DNS_CODES.has(code)) {
      return new FetchError('dns', url, `DNS lookup failed (${code})`, { cause: err });
    }
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new FetchError('timeout', url, `connect timeout after ${ctx.connectTimeoutMs} ms`, {
        cause: err,
      });
    }
    if (TIMEOUT_CODES.has(code)) {
      return new FetchError('timeout', url, `timeout (${code})`, { cause: err });
    }
  }
  const first = [...causeChain(err)].map(errCode).find((c) => c !== undefined);
  const reason = first ?? (err instanceof Error ? err.message : String(err));
  if (ctx.bytesRead !== null) {
    return new FetchError(
      'connect',
      url,
      `connection lost after ${ctx.bytesRead} bytes of body (${reason})`,
      {
        cause: err,
      },
    );
  }
  return new FetchError('connect', url, `connection failed (${reason})`, { cause: err });
}
