import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.ts';
import { createApp } from './app.ts';
import { ARTICLES, faultyRelated, seedStore } from './test-store.ts';

const NOW = Date.parse('2015-08-07T12:00:00Z');
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await seedStore();
  app = createApp({
    store,
    config: {},
    now: () => NOW,
    rateLimit: false,
    services: { related: faultyRelated },
  });
});
afterAll(async () => {
  await store.close();
});

async function page(path: string, init?: RequestInit) {
  const res = await app.request(path, init);
  return { res, html: await res.text() };
}

/** Hrefs of the links inside the element that follows the heading with this id. */
function sectionOf(html: string, headingId: string): string {
  const start = html.indexOf(`id="${headingId}"`);
  expect(start).toBeGreaterThan(-1);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

describe('pages', () => {
  it.each([
    '/',
    '/story/s-japan',
    '/article/copy',
    '/tag/اليابان',
    '/entity/اليابان',
    '/section/politics',
    '/source/spa',
    '/sources',
    '/search?q=اليابان',
  ])('%s is an RTL Arabic page with the security headers', async (path) => {
    const { res, html } = await page(encodeURI(path));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(html.startsWith('<!doctype html><html lang="ar" dir="rtl"')).toBe(true);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/ style="/);
  });

  it('ranks the story reported by three outlets first on the home page', async () => {
    const { html } = await page('/');
    const japan = html.indexOf('وزير الخارجية يستقبل سفير اليابان');
    const derby = html.indexOf('الهلال يفوز على النصر');
    expect(japan).toBeGreaterThan(-1);
    expect(derby).toBeGreaterThan(japan);
    // spa and sabq reported it; okaz only ran spa's text, so it counts as a copy, not an outlet.
    expect(html).toMatch(/مصدران<\/span><span>نسخة واحدة/);
  });

  it('shows who reported first and groups copies under their original on the story page', async () => {
    const { html } = await page('/story/s-japan');
    expect(html).toContain('أول من نشر الخبر');
    const timeline = sectionOf(html, 'tl-h');
    expect(timeline.indexOf('/article/wire')).toBeLessThan(timeline.indexOf('/article/own'));
    expect(timeline).toMatch(/نُشر أيضاً في:\s*<a href="\/article\/copy">عكاظ<\/a>/);
  });

  it('gives a copy its provenance and keeps copies and same-story siblings out of "similar"', async () => {
    const { html } = await page('/article/copy');
    expect(html).toMatch(/نقلاً عن <strong>واس<\/strong>/);
    expect(html).toContain('ينقل النص عن: واس');
    expect(html).toMatch(/href="https:\/\/okaz\.example\/news\/1" rel="noopener nofollow"/);
    const similar = sectionOf(html, 'similar-h');
    // wire (the original), own (same story), korea (already "read also"), korea-copy (a copy of it) are out;
    // the undated pick of the derby story is out and its dated pick is in, once.
    expect(similar).not.toContain('/article/wire');
    expect(similar).not.toContain('/article/own');
    expect(similar).not.toContain('/article/korea');
    expect(similar.match(/\/article\/match/g)).toHaveLength(1);
    expect(html.match(/class="read-also"/g)).toHaveLength(1);
    expect(html).toContain('/article/korea');
    const coverage = sectionOf(html, 'coverage-h');
    expect(coverage).toContain('/article/own');
    expect(coverage).not.toContain('/article/copy"');
  });

  it('says plainly when related articles are not available', async () => {
    const { html } = await page('/article/match');
    expect(sectionOf(html, 'similar-h')).toContain('غير متاحة الآن');
  });

  it('renders a hostile article inert', async () => {
    const { html } = await page('/article/evil');
    const body = html.slice(
      html.indexOf('class="body"'),
      html.indexOf('</div>', html.indexOf('class="body"')),
    );
    expect(body).toContain('فقرة أولى');
    expect(body).toContain('رابط خطر');
    expect(body).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|style=|tracker\.example/i);
  });

  it('finds an Arabic spelling from a query typed with a Persian yeh, and marks it', async () => {
    const { res, html } = await page(`/search?q=${encodeURIComponent('وزیر')}`);
    expect(res.status).toBe(200);
    expect(html).toContain('<mark>وزير</mark>');
  });

  it.each([
    ['/article/nope', 404],
    ['/story/nope', 404],
    ['/section/nope', 404],
    ['/source/nope', 404],
    ['/section/politics?cursor=garbage', 400],
    ['/search?q=x&from=yesterday', 400],
    ['/no/such/page', 404],
  ])('%s answers %i with an Arabic page', async (path, status) => {
    const { res, html } = await page(path);
    expect(res.status).toBe(status);
    expect(html).toContain('dir="rtl"');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await app.request('/story/s-japan');
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    const again = await app.request('/story/s-japan', { headers: { 'if-none-match': tag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-security-policy')).toBeTruthy();
  });

  it('switches the theme with a cookie and never redirects off the site', async () => {
    const res = await app.request('/theme?set=dark&back=//evil.example/x');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toMatch(/theme=dark/);
    const { html } = await page('/', { headers: { cookie: 'theme=dark' } });
    expect(html).toContain('data-theme="dark"');
    const back = await app.request('/theme?set=light&back=%2Fstory%2Fs-japan');
    expect(back.headers.get('location')).toBe('/story/s-japan');
  });

  it('serves the stylesheet and the Arabic font from this origin', async () => {
    const css = await app.request('/static/style.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('margin-inline');
    const font = await app.request('/static/fonts/naskh-400.woff2');
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
  });
});

describe('API', () => {
  it('pages articles with a cursor, without overlap, copies left out', async () => {
    const first = (await (await app.request('/api/articles?limit=2')).json()) as {
      items: { id: string }[];
      next: string;
    };
    expect(first.items).toHaveLength(2);
    const second = (await (await app.request(`/api/articles?limit=2&cursor=${first.next}`)).json()) as {
      items: { id: string }[];
    };
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const all = (await (await app.request('/api/articles?limit=100')).json()) as { items: { id: string }[] };
    expect(all.items.map((i) => i.id)).not.toContain('copy');
    expect(all.items).toHaveLength(ARTICLES.length - 2);
  });

  it.each([
    ['/api/articles?limit=0', 'limit'],
    ['/api/articles?limit=abc', 'limit'],
    ['/api/articles?section=weather', 'section'],
    ['/api/articles?cursor=nonsense', 'cursor'],
    ['/api/stories?limit=1000', 'limit'],
    ['/api/search', 'q'],
    ['/api/search?q=x&from=2015-13', 'from'],
    ['/api/search?q=x&cursor=bad', 'cursor'],
  ])('%s is a 400 naming %s', async (path, param) => {
    const res = await app.request(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(param);
  });

  it('gives an article with provenance and its related picks checked', async () => {
    const a = (await (await app.request('/api/articles/copy')).json()) as {
      duplicateOf: string;
      original: { source: string };
      html: string;
    };
    expect(a.duplicateOf).toBe('wire');
    expect(a.original.source).toBe('واس');
    const r = (await (await app.request('/api/articles/copy/related')).json()) as {
      available: boolean;
      readAlso: { id: string };
      similar: { id: string }[];
      otherCoverage: { id: string }[];
    };
    expect(r.available).toBe(true);
    expect(r.readAlso.id).toBe('korea');
    expect(r.similar.map((p) => p.id)).toEqual(['match']);
    expect(r.otherCoverage.map((p) => p.id)).toEqual(['own']);
    const evil = (await (await app.request('/api/articles/evil')).json()) as { html: string };
    expect(evil.html).not.toMatch(/<script|onerror|javascript:/i);
    expect((await app.request('/api/articles/nope')).status).toBe(404);
  });

  it('lists stories and gives one with its timeline', async () => {
    const list = (await (await app.request('/api/stories?limit=10')).json()) as { items: { id: string }[] };
    expect(list.items.map((s) => s.id)).toContain('s-japan');
    const s = (await (await app.request('/api/stories/s-japan')).json()) as {
      firstReport: { id: string };
      timeline: { id: string; copies: { id: string }[] }[];
    };
    expect(s.firstReport.id).toBe('wire');
    expect(s.timeline.map((e) => e.id)).toEqual(['wire', 'own']);
    expect(s.timeline[0]!.copies.map((c) => c.id)).toEqual(['copy']);
  });

  it('searches with highlight ranges in snippet coordinates', async () => {
    const res = await app.request(`/api/search?q=${encodeURIComponent('سفیر الیابان')}`);
    const body = (await res.json()) as {
      items: { id: string; snippet: { text: string; highlights: [number, number][] } }[];
    };
    expect(body.items.map((i) => i.id)).toContain('wire');
    const hit = body.items.find((i) => i.id === 'wire')!;
    const marked = hit.snippet.highlights.map(([s, e]) => hit.snippet.text.slice(s, e));
    expect(marked).toContain('سفير');
  });

  it('lists articles by tag, sources, and its own OpenAPI document', async () => {
    const tag = (await (await app.request(`/api/tags/${encodeURIComponent('اليابان')}`)).json()) as {
      items: { id: string }[];
    };
    expect(tag.items.map((i) => i.id).sort()).toEqual(['own', 'wire']);
    const sources = (await (await app.request('/api/sources')).json()) as {
      items: { id: string; health: object }[];
    };
    expect(sources.items.map((s) => s.id).sort()).toEqual(['okaz', 'sabq', 'spa']);
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/search']!.get.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'limit', 'cursor', 'section', 'source', 'from', 'to']),
    );
    expect((await app.request('/api/nothing')).status).toBe(404);
  });

  it('reports health', async () => {
    const res = await app.request('/healthz');
    expect(await res.json()).toEqual({ ok: true, articles: ARTICLES.length });
  });
});

describe('feeds', () => {
  const xml = new XMLParser({ ignoreAttributes: false });
  it.each([
    ['/feed.rss', 'rss'],
    ['/feed.atom', 'atom'],
    ['/section/politics/feed.rss', 'rss'],
    ['/section/politics/feed.atom', 'atom'],
    [`/tag/${encodeURIComponent('اليابان')}/feed.rss`, 'rss'],
    ['/story/s-japan/feed.atom', 'atom'],
  ])('%s is a valid %s feed with items and absolute links', async (path, kind) => {
    const res = await app.request(`http://naba.test${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(
      kind === 'rss' ? 'application/rss+xml' : 'application/atom+xml',
    );
    expect(res.headers.get('etag')).toBeTruthy();
    const doc = xml.parse(await res.text());
    const items = kind === 'rss' ? doc.rss.channel.item : doc.feed.entry;
    const list = Array.isArray(items) ? items : [items];
    expect(list.length).toBeGreaterThan(0);
    const link = kind === 'rss' ? list[0].link : list[0].link['@_href'];
    expect(link).toMatch(/^http:\/\/naba\.test\/(article|story)\//);
  });

  it('leaves copies out of the section feed', async () => {
    const text = await (await app.request('/section/politics/feed.rss')).text();
    expect(text).toContain('/article/wire');
    expect(text).not.toContain('/article/copy<');
  });
});

describe('errors and limits', () => {
  it('never shows a stack trace', async () => {
    const broken = createApp({
      store: new Proxy(store, {
        get(target, prop) {
          if (prop === 'listStories')
            return () => Promise.reject(new Error('store: disk on fire at /secret/path.ts:12'));
          const v = Reflect.get(target, prop);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      }),
      config: {},
      rateLimit: false,
    });
    const origWrite = process.stderr.write;
    process.stderr.write = () => true;
    try {
      const res = await broken.request('/');
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(html).not.toContain('disk on fire');
      expect(html).not.toContain('/secret/');
      const api = await broken.request('/api/stories');
      expect(await api.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
    } finally {
      process.stderr.write = origWrite;
    }
  });

  it('rate-limits search and the API per client', async () => {
    const limited = createApp({ store, config: {}, rateLimit: { burst: 3, perSecond: 0.001 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.request('/api/sources')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await limited.request('/search?q=x');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited.request('/')).status).toBe(200);
  });
});

describe('response cache', () => {
  it('renders a page once per TTL and shares it, keyed by theme', async () => {
    let reads = 0;
    let clock = 0;
    const counting = new Proxy(store, {
      get(target, prop) {
        if (prop === 'getStory') {
          return (id: string) => {
            reads++;
            return target.getStory(id);
          };
        }
        const v = Reflect.get(target, prop);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const cached = createApp({ store: counting, config: {}, rateLimit: false, cacheTtlMs: 10_000 });
    const realNow = Date.now;
    Date.now = () => clock;
    try {
      const first = await (await cached.request('/story/s-japan')).text();
      const again = await Promise.all([cached.request('/story/s-japan'), cached.request('/story/s-japan')]);
      expect(reads).toBe(1);
      expect(await again[0]!.text()).toBe(first);
      await cached.request('/story/s-japan', { headers: { cookie: 'theme=dark' } });
      expect(reads).toBe(2);
      clock = 11_000;
      // Expired: one request renders again, a request meanwhile gets the previous copy without waiting.
      const [renewed, stale] = await Promise.all([
        cached.request('/story/s-japan'),
        cached.request('/story/s-japan'),
      ]);
      expect(reads).toBe(3);
      expect(renewed.status).toBe(200);
      expect(stale.status).toBe(200);
      const tag = again[1]!.headers.get('etag')!;
      expect((await cached.request('/story/s-japan', { headers: { 'if-none-match': tag } })).status).toBe(
        304,
      );
    } finally {
      Date.now = realNow;
    }
  });

  it('never caches errors', async () => {
    const cached = createApp({ store, config: {}, rateLimit: false, cacheTtlMs: 10_000 });
    expect((await cached.request('/article/nope')).status).toBe(404);
    expect((await cached.request('/api/articles?limit=0')).status).toBe(400);
    expect((await cached.request('/api/articles?limit=0')).status).toBe(400);
  });
});
