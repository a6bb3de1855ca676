import { describe, expect, it } from 'vitest';
import { classifyNetworkError, FetchError, httpError, parseRetryAfter } from './errors.ts';

const NOW = Date.parse('2026-11-30T08:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 5 ', 5_000],
    ['0', 0],
    ['Mon, 30 Nov 2026 08:02:00 GMT', 120_000],
    ['Monday, 30-Nov-26 08:00:30 GMT', 30_000],
    ['Sun, 29 Nov 2026 08:00:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
  ])('%j → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('is undefined without a header', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe('httpError', () => {
  it.each([
    [429, '120', 'fetch: HTTP 429, retry after 120 s (https://x.example/feed)', 120_000],
    [503, '30', 'fetch: HTTP 503, retry after 30 s (https://x.example/feed)', 30_000],
    [500, '30', 'fetch: HTTP 500 (https://x.example/feed)', undefined],
    [429, null, 'fetch: HTTP 429 (https://x.example/feed)', undefined],
  ])('HTTP %i with Retry-After %j', (status, header, message, retryAfterMs) => {
    const err = httpError('https://x.example/feed', status, header, NOW);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.message).toBe(message);
    expect(err.code).toBe('http');
    expect(err.httpStatus).toBe(status);
    expect(err.retryAfterMs).toBe(retryAfterMs);
  });
});

describe('classifyNetworkError', () => {
  const url = 'https://x.example/feed';
  const withCode = (code: string) => Object.assign(new Error(`low-level ${code}`), { code });

  it.each([
    [withCode('ENOTFOUND'), null, 'dns', 'fetch: DNS lookup failed (ENOTFOUND) (https://x.example/feed)'],
    [withCode('EAI_AGAIN'), null, 'dns', 'fetch: DNS lookup failed (EAI_AGAIN) (https://x.example/feed)'],
    [
      withCode('UND_ERR_CONNECT_TIMEOUT'),
      null,
      'timeout',
      'fetch: connect timeout after 10000 ms (https://x.example/feed)',
    ],
    [
      withCode('ECONNREFUSED'),
      null,
      'connect',
      'fetch: connection failed (ECONNREFUSED) (https://x.example/feed)',
    ],
    [
      new TypeError('outer', { cause: withCode('ECONNRESET') }),
      null,
      'connect',
      'fetch: connection failed (ECONNRESET) (https://x.example/feed)',
    ],
    [
      withCode('UND_ERR_SOCKET'),
      4096,
      'connect',
      'fetch: connection lost after 4096 bytes of body (UND_ERR_SOCKET) (https://x.example/feed)',
    ],
  ])('%s', (err, bytesRead, code, message) => {
    const out = classifyNetworkError(err, url, { connectTimeoutMs: 10_000, bytesRead });
    expect(out.code).toBe(code);
    expect(out.message).toBe(message);
    expect(out.cause).toBe(err);
  });
});
