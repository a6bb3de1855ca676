import type http from 'node:http';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchError, type FetchErrorCode } from './errors.ts';
import { createFetcher, DEFAULT_FETCH_CONFIG, type FetchConfig } from './fetcher.ts';
import { startHttpServer, startRawServer, type TestServer } from './testing.ts';

const ARABIC = 'أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة الرياض بطاقة ثلاثمئة سرير';

const servers: TestServer[] = [];
const fetchers: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const s = await startHttpServer(handler);
  servers.push(s);
  return s;
}

function fetcher(config: Partial<FetchConfig> = {}) {
  const f = createFetcher({
    allowPrivate: ['127.0.0.1'],
    respectRobots: false,
    perHostDelayMs: 0,
    totalTimeoutMs: 5000,
    connectTimeoutMs: 2000,
    ...config,
  });
  fetchers.push(f);
  return f;
}

async function fetchError(p: Promise<unknown>): Promise<FetchError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchError);
  return err as FetchError;
}

async function expectCode(p: Promise<unknown>, code: FetchErrorCode): Promise<FetchError> {
  const err = await fetchError(p);
  expect(err.code, err.message).toBe(code);
  expect(err.stage).toBe('fetch');
  return err;
}

describe('fetch: plain responses', () => {
  it('returns a UTF-8 page with its validators and sends a clear user agent', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        etag: '"v1"',
        'last-modified': 'Sun, 29 Nov 2026 10:00:00 GMT',
      });
      res.end(`<p>${ARABIC}</p>`);
    });
    const r = await fetcher().fetch({ url: `${s.origin}/page`, kind: 'page' });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.body).toBe(`<p>${ARABIC}</p>`);
    expect(r.charset).toBe('utf-8');
    expect(r.httpStatus).toBe(200);
    expect(r.bytes).toBe(Buffer.byteLength(`<p>${ARABIC}</p>`));
    expect(r.etag).toBe('"v1"');
    expect(r.lastModified).toBe('Sun, 29 Nov 2026 10:00:00 GMT');
    expect(r.url).toBe(`${s.origin}/page`);
    expect(r.redirects).toEqual([]);
    expect(s.hits[0]?.headers['user-agent']).toBe(DEFAULT_FETCH_CONFIG.userAgent);
    expect(s.hits[0]?.headers['user-agent']).toMatch(/^naba\/[\d.]+ \(\+https:\/\//);
    expect(s.hits[0]?.headers['accept-encoding']).toContain('br');
    expect(s.hits[0]?.headers.accept).toContain('text/html');
  });

  it.each([
    ['If-None-Match', { etag: '"abc"' }],
    ['If-Modified-Since', { lastModified: 'Sat, 28 Nov 2026 08:00:00 GMT' }],
  ])('answers not-modified on 304 to %s', async (_name, validators) => {
    const s = await serve((req, res) => {
      const fresh =
        req.headers['if-none-match'] === '"abc"' ||
        req.headers['if-modified-since'] === 'Sat, 28 Nov 2026 08:00:00 GMT';
      if (fresh) {
        res.writeHead(304, { etag: '"abc"' });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end('<rss/>');
      }
    });
    const f = fetcher();
    const r = await f.fetch({ url: `${s.origin}/feed`, kind: 'feed', ...validators });
    expect(r.status).toBe('not-modified');
    expect(r.etag).toBe('"abc"');
    const unconditional = await f.fetch({ url: `${s.origin}/feed`, kind: 'feed' });
    expect(unconditional.status).toBe('ok');
  });

  it.each([
    ['gzip', (b: Buffer) => zlib.gzipSync(b)],
    ['br', (b: Buffer) => zlib.brotliCompressSync(b)],
    ['deflate', (b: Buffer) => zlib.deflateSync(b)],
    ['deflate', (b: Buffer) => zlib.deflateRawSync(b)],
  ])('decodes a %s body', async (encoding, compress) => {
    const text = `<html><body>${ARABIC.repeat(50)}</body></html>`;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': encoding });
      res.end(compress(Buffer.from(text)));
    });
    const r = await fetcher().fetch({ url: `${s.origin}/z` });
    expect(r.status === 'ok' && r.body).toBe(text);
  });

  it('reports a corrupt compressed body as a decode error', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'br' });
      res.end('this is not brotli at all');
    });
    await expectCode(fetcher().fetch({ url: `${s.origin}/bad` }), 'decode');
  });
});

describe('fetch: size limits', () => {
  it('stops a 50 MB body at maxBytes and drops the connection', async () => {
    let written = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.on('close', () => {
        closed = true;
      });
      const pump = () => {
        while (written < 50 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end();
      };
      pump();
    });
    const err = await expectCode(
      fetcher({ maxBytes: 1024 * 1024 }).fetch({ url: `${s.origin}/huge` }),
      'too-large',
    );
    expect(err.message).toBe(`fetch: body exceeds 1048576 bytes (${s.origin}/huge)`);
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(true);
    expect(written).toBeLessThan(20 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over maxBytes before reading', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
    });
    const err = await expectCode(
      fetcher({ maxBytes: 1024 * 1024 }).fetch({ url: `${s.origin}/cl` }),
      'too-large',
    );
    expect(err.message).toContain('5242880 bytes');
  });

  it('stops a gzip bomb on decoded bytes', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/html' });
      res.end(bomb);
    });
    const err = await expectCode(
      fetcher({ maxBytes: 1024 * 1024 }).fetch({ url: `${s.origin}/bomb` }),
      'too-large',
    );
    expect(err.message).toContain('decoded body exceeds 1048576 bytes');
  });
});

describe('fetch: redirects', () => {
  it('follows a short chain and lists the hops', async () => {
    const s = await serve((req, res) => {
      const n = Number(req.url?.split('/')[2]);
      if (n < 2) {
        res.writeHead(n === 0 ? 301 : 302, { location: `/r/${n + 1}` });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(ARABIC);
      }
    });
    const r = await fetcher({ maxRedirects: 3 }).fetch({ url: `${s.origin}/r/0` });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.url).toBe(`${s.origin}/r/2`);
    expect(r.redirects).toEqual([`${s.origin}/r/0`, `${s.origin}/r/1`]);
    expect(r.body).toBe(ARABIC);
  });

  it('follows a Location holding a raw UTF-8 Arabic path', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: Buffer.from('/أخبار/محلية').toString('latin1') });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(req.url);
      }
    });
    const r = await fetcher().fetch({ url: `${s.origin}/old` });
    expect(r.status === 'ok' && decodeURI(r.url)).toBe(`${s.origin}/أخبار/محلية`);
    expect(r.status === 'ok' && r.body).toBe(
      '/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D9%85%D8%AD%D9%84%D9%8A%D8%A9',
    );
  });

  it('detects a redirect loop', async () => {
    const s = await serve((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    await expectCode(fetcher({ maxRedirects: 10 }).fetch({ url: `${s.origin}/a` }), 'redirect-loop');
  });

  it('gives up after maxRedirects', async () => {
    const s = await serve((req, res) => {
      const n = Number(req.url?.split('/')[2]);
      res.writeHead(307, { location: `/r/${n + 1}` });
      res.end();
    });
    await expectCode(fetcher({ maxRedirects: 3 }).fetch({ url: `${s.origin}/r/0` }), 'too-many-redirects');
    expect(s.hits).toHaveLength(4);
  });

  it.each([
    ['a private address', 'http://10.1.2.3/', 'blocked-address'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/', 'blocked-address'],
    ['a file URL', 'file:///etc/passwd', 'invalid-url'],
  ] as const)('re-checks each hop: refuses a redirect to %s', async (_name, target, code) => {
    const s = await serve((_req, res) => {
      res.writeHead(302, { location: target });
      res.end();
    });
    await expectCode(fetcher().fetch({ url: `${s.origin}/go` }), code);
  });
});

describe('fetch: timeouts and broken peers', () => {
  it('times out on a server that accepts and never answers', async () => {
    const s = await startRawServer(() => {});
    servers.push(s);
    const err = await expectCode(
      fetcher({ totalTimeoutMs: 300 }).fetch({ url: `${s.origin}/feed` }),
      'timeout',
    );
    expect(err.message).toBe(`fetch: timeout after 300 ms (${s.origin}/feed)`);
  });

  it('times out on a server that sends headers and stalls', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
      res.write('<html>');
    });
    await expectCode(fetcher({ totalTimeoutMs: 300 }).fetch({ url: `${s.origin}/slow` }), 'timeout');
  });

  it('reports a connection dropped mid-body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '10000' });
      res.write(Buffer.alloc(5000, 0x62), () => res.socket?.destroy());
    });
    const err = await expectCode(fetcher().fetch({ url: `${s.origin}/drop` }), 'connect');
    expect(err.message).toMatch(/^fetch: connection lost after \d+ bytes of body/);
  });

  it('reports a refused connection', async () => {
    const s = await serve(() => {});
    const url = `${s.origin}/gone`;
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    const err = await expectCode(fetcher().fetch({ url }), 'connect');
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('stops when the caller aborts', async () => {
    const s = await startRawServer(() => {});
    servers.push(s);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    await expectCode(fetcher().fetch({ url: `${s.origin}/x` }, ctl.signal), 'aborted');
  });
});

describe('fetch: HTTP errors', () => {
  it('surfaces Retry-After seconds on 429', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(429, { 'retry-after': '120' });
      res.end('slow down');
    });
    const err = await expectCode(fetcher().fetch({ url: `${s.origin}/feed` }), 'http');
    expect(err.httpStatus).toBe(429);
    expect(err.retryAfterMs).toBe(120_000);
    expect(err.message).toBe(`fetch: HTTP 429, retry after 120 s (${s.origin}/feed)`);
  });

  it('surfaces a Retry-After date on 503', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(503, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() });
      res.end();
    });
    const err = await expectCode(fetcher().fetch({ url: `${s.origin}/feed` }), 'http');
    expect(err.httpStatus).toBe(503);
    expect(err.retryAfterMs).toBeGreaterThan(3_500_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(3_600_000);
  });

  it('reports 404 without a retry hint', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    const err = await expectCode(fetcher().fetch({ url: `${s.origin}/none` }), 'http');
    expect(err.httpStatus).toBe(404);
    expect(err.retryAfterMs).toBeUndefined();
    expect(err.message).toBe(`fetch: HTTP 404 (${s.origin}/none)`);
  });
});

describe('fetch: Arabic charsets', () => {
  const page = (meta: string) =>
    `<html><head>${meta}<title>${ARABIC}</title></head><body>${ARABIC}</body></html>`;

  it.each([
    [
      '<meta charset> only',
      page('<meta charset="windows-1256">'),
      'windows-1256',
      'text/html',
      'windows-1256',
    ],
    [
      '<meta http-equiv> with a cp1256 alias',
      page('<meta http-equiv="Content-Type" content="text/html; charset=cp1256">'),
      'windows-1256',
      'text/html',
      'windows-1256',
    ],
    ['no declaration at all (sniffed)', page(''), 'windows-1256', 'text/html', 'windows-1256'],
    ['ISO-8859-6 in the header', page(''), 'iso-8859-6', 'text/html; charset=ISO-8859-6', 'iso-8859-6'],
    ['the "arabic" label in the header', page(''), 'iso-8859-6', 'text/html; charset=arabic', 'iso-8859-6'],
    [
      'a 1256 body behind a stale utf-8 header',
      page(''),
      'windows-1256',
      'text/html; charset=utf-8',
      'windows-1256',
    ],
    [
      'an XML prolog',
      `<?xml version="1.0" encoding="windows-1256"?><rss><title>${ARABIC}</title></rss>`,
      'windows-1256',
      'application/rss+xml',
      'windows-1256',
    ],
  ])('decodes %s', async (_name, html, encodeAs, contentType, expected) => {
    const bytes = iconv.encode(html, encodeAs);
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(bytes);
    });
    const r = await fetcher().fetch({ url: `${s.origin}/ar` });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.charset).toBe(expected);
    expect(r.body).toBe(html);
    expect(r.body).toContain(ARABIC);
  });
});

describe('fetch: robots.txt', () => {
  function site(robots: string | number) {
    return serve((req, res) => {
      if (req.url === '/robots.txt') {
        if (typeof robots === 'number') res.writeHead(robots);
        else res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(typeof robots === 'number' ? '' : robots);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(ARABIC);
    });
  }

  it('refuses a disallowed path, allows others, and fetches robots.txt once', async () => {
    const s = await site('User-agent: *\nDisallow: /\n\nUser-agent: naba\nDisallow: /private/\nAllow: /');
    const f = fetcher({ respectRobots: true });
    const err = await expectCode(f.fetch({ url: `${s.origin}/private/a` }), 'robots');
    expect(err.message).toBe(`fetch: disallowed by robots.txt for naba (${s.origin}/private/a)`);
    const ok = await f.fetch({ url: `${s.origin}/news/1` });
    expect(ok.status).toBe('ok');
    await f.fetch({ url: `${s.origin}/news/2` });
    expect(s.hits.filter((h) => h.path === '/robots.txt')).toHaveLength(1);
    expect(s.hits.map((h) => h.path)).not.toContain('/private/a');
  });

  it('follows a redirected robots.txt', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/robots.txt') {
        res.writeHead(301, { location: '/meta/robots.txt' });
        res.end();
      } else if (req.url === '/meta/robots.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('User-agent: *\nDisallow: /archive/');
      } else {
        res.end('ok');
      }
    });
    const f = fetcher({ respectRobots: true });
    await expectCode(f.fetch({ url: `${s.origin}/archive/2015` }), 'robots');
    expect((await f.fetch({ url: `${s.origin}/today` })).status).toBe('ok');
  });

  it('honours Crawl-delay as a larger per-host gap', async () => {
    const s = await site('User-agent: *\nCrawl-delay: 0.2\nDisallow: /private/');
    const f = fetcher({ respectRobots: true, perHostDelayMs: 0 });
    await Promise.all([1, 2, 3].map((i) => f.fetch({ url: `${s.origin}/news/${i}` })));
    const times = s.hits.filter((h) => h.path.startsWith('/news/')).map((h) => h.at);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(200);
  });

  it('allows everything when robots.txt is missing', async () => {
    const s = await site(404);
    const r = await fetcher({ respectRobots: true }).fetch({ url: `${s.origin}/news/1` });
    expect(r.status).toBe('ok');
  });

  it('treats a failing robots.txt (5xx) as disallow for now', async () => {
    const s = await site(503);
    const err = await expectCode(
      fetcher({ respectRobots: true }).fetch({ url: `${s.origin}/news/1` }),
      'robots',
    );
    expect(err.message).toContain('HTTP 503');
  });

  it('ignores robots.txt when respectRobots is off', async () => {
    const s = await site('User-agent: *\nDisallow: /');
    const r = await fetcher({ respectRobots: false }).fetch({ url: `${s.origin}/news/1` });
    expect(r.status).toBe('ok');
    expect(s.hits.map((h) => h.path)).toEqual(['/news/1']);
  });
});

describe('fetch: politeness', () => {
  it('keeps at least perHostDelayMs between requests to one host', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    const delay = 150;
    const f = fetcher({ perHostDelayMs: delay, perHostConcurrency: 1 });
    await Promise.all([1, 2, 3, 4].map((i) => f.fetch({ url: `${s.origin}/p/${i}` })));
    expect(s.hits).toHaveLength(4);
    const times = s.hits.map((h) => h.at);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(delay);
    }
  });
});

describe('fetch: address guard', () => {
  it.each([
    ['IPv4 loopback', (port: number) => `http://127.0.0.1:${port}/`],
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/`],
    ['localhost (resolved)', (port: number) => `http://localhost:${port}/`],
    ['IPv4-mapped IPv6 loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ['a decimal IPv4 alias', (port: number) => `http://2130706433:${port}/`],
  ])('refuses %s when nothing private is allowed', async (_name, urlFor) => {
    const s = await serve((_req, res) => res.end('secret'));
    const err = await expectCode(
      fetcher({ allowPrivate: [] }).fetch({ url: urlFor(s.port) }),
      'blocked-address',
    );
    expect(err.message).toMatch(/refused loopback address|refused IPv4-mapped address/);
    expect(s.hits).toHaveLength(0);
  });

  it.each([
    ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/`],
    ['127.0.0.0/8', (port: number) => `http://localhost:${port}/`],
    ['localhost', (port: number) => `http://localhost:${port}/`],
  ])('allows loopback listed in allowPrivate as %s', async (allowed, urlFor) => {
    const s = await serve((_req, res) => res.end('hello'));
    const r = await fetcher({ allowPrivate: [allowed] }).fetch({ url: urlFor(s.port) });
    expect(r.status === 'ok' && r.body).toBe('hello');
  });

  it.each([
    ['ftp://example.com/feed', 'unsupported scheme ftp'],
    ['http://user:secret@example.com/', 'URL carries credentials'],
    ['not a url', 'invalid URL'],
  ])('refuses %s as invalid-url', async (url, detail) => {
    const err = await expectCode(fetcher().fetch({ url }), 'invalid-url');
    expect(err.message).toContain(detail);
    expect(err.message).not.toContain('secret');
  });
});
