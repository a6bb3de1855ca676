import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Replay, startReplay } from '../demo/replay.ts';
import { SAMPLE_ARTICLES } from '../demo/sample.ts';
import type { Source } from '../model.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { crawlOnce, msUntilNextDue, runScheduler } from './crawler.ts';
import { createFetcher, FetchError, type Fetcher } from './fetch/index.ts';
import { startHttpServer, startRawServer, type TestServer } from './fetch/testing.ts';
import { articleFromFeed, isFinalFailure } from './source-read.ts';
import { addSource } from './sources.ts';

const NOW = new Date('2026-01-10T12:00:00Z');
const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

let dir: string;
let store: Store;
let replay: Replay | undefined;
const servers: TestServer[] = [];
const fetchers: Fetcher[] = [];

function loopbackFetcher(extra: Parameters<typeof createFetcher>[0] = {}): Fetcher {
  const f = createFetcher({
    allowPrivate: ['127.0.0.1'],
    perHostDelayMs: 0,
    perHostConcurrency: 4,
    ...extra,
  });
  fetchers.push(f);
  return f;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'naba-crawler-'));
  store = await openSqliteStore(join(dir, 'naba.db'));
});

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await replay?.close();
  replay = undefined;
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function replaySources(fetcher: Fetcher): Promise<Replay> {
  replay = await startReplay(SAMPLE_ARTICLES, { mainItems: 2 });
  for (const o of replay.outlets) await addSource({ store, fetcher }, o.homeUrl, { id: o.id, name: o.name });
  return replay;
}

describe('crawlOnce against a local replay', () => {
  it('stores every article of every feed, with the page text and no page furniture', async () => {
    const fetcher = loopbackFetcher();
    const r = await replaySources(fetcher);
    const report = await crawlOnce({ store, fetcher }, { now: NOW });
    expect(report.inserted).toBe(SAMPLE_ARTICLES.length);
    expect(report.failedSources).toBe(0);
    expect(await store.countArticles()).toBe(SAMPLE_ARTICLES.length);
    const page = r.urlOf('t-001')!;
    const { items } = await store.listArticles({ sourceId: 'okaz', limit: 10 });
    const library = items.find((s) => s.article.url === page)!.article;
    expect(library.title).toBe('افتتاح مكتبة عامة جديدة في حي الروضة بجدة');
    expect(library.text).toContain('تضم أكثر من عشرين ألف كتاب');
    // okaz's template embeds another article's teaser and a tag list inside the body.
    expect(library.text).not.toContain('اقرأ أيضاً');
    expect(library.text).not.toContain('كلمات دلالية');
    expect(library.published).toBe('2015-08-06T09:15:00+03:00');
    const state = await store.getSourceState('okaz');
    expect(state?.lastSuccessAt).toBe(NOW.toISOString());
    expect(state?.lastError).toBeNull();
    expect(Date.parse(state!.nextFetchAt!)).toBeGreaterThan(NOW.getTime());
  });

  it('is idempotent: a second run gets not-modified feeds, fetches no page and stores nothing twice', async () => {
    const fetcher = loopbackFetcher();
    const r = await replaySources(fetcher);
    await crawlOnce({ store, fetcher }, { now: NOW });
    const pagesAfterFirst = r.stats.pages;
    const second = await crawlOnce({ store, fetcher }, { now: later(1) });
    expect(second.sources.length).toBe(2);
    expect(second.inserted).toBe(0);
    for (const s of second.sources) expect(s.notModified).toBe(s.feeds);
    expect(r.stats.notModified).toBeGreaterThanOrEqual(second.sources.reduce((n, s) => n + s.feeds, 0));
    expect(r.stats.pages).toBe(pagesAfterFirst);
    expect(await store.countArticles()).toBe(SAMPLE_ARTICLES.length);
  });

  it('follows a sitemap index to its daily news sitemaps, and re-reads the index every time', async () => {
    const fetcher = loopbackFetcher();
    replay = await startReplay(SAMPLE_ARTICLES.map((a) => ({ ...a, source: 'was' })));
    await addSource({ store, fetcher }, replay.outlets[0]!.homeUrl, { id: 'was' });
    const first = await crawlOnce({ store, fetcher }, { now: NOW });
    expect(first.inserted).toBe(SAMPLE_ARTICLES.length);
    // The index and one sitemap per day.
    expect(first.sources[0]!.feeds).toBe(3);
    const second = await crawlOnce({ store, fetcher }, { now: later(1) });
    expect(second.sources[0]!.feeds).toBe(3);
    expect(second.sources[0]!.notModified).toBe(2);
    expect(second.inserted).toBe(0);
  });

  it('only crawls due sources', async () => {
    const fetcher = loopbackFetcher();
    await replaySources(fetcher);
    await crawlOnce({ store, fetcher }, { now: NOW });
    // The next fetch is at least the minimum interval (5 minutes) away.
    const again = await crawlOnce({ store, fetcher }, { now: new Date(NOW.getTime() + 60_000) });
    expect(again.sources).toEqual([]);
  });

  it('resumes after a crash: committed batches stay, the rest is fetched next time, nothing twice', async () => {
    const fetcher = loopbackFetcher();
    const r = await replaySources(fetcher);
    const crash = new AbortController();
    let batches = 0;
    const first = await crawlOnce(
      {
        store,
        fetcher,
        batchSize: 1,
        concurrency: 1,
        sourceConcurrency: 1,
        // The process "dies" right after its first batch is committed.
        pipeline: async () => {
          batches++;
          crash.abort();
        },
      },
      { now: NOW, signal: crash.signal },
    );
    expect(batches).toBe(1);
    const committed = await store.countArticles();
    expect(committed).toBeGreaterThanOrEqual(1);
    expect(committed).toBeLessThan(SAMPLE_ARTICLES.length);
    expect(first.sources.every((s) => s.nextFetchAt === undefined)).toBe(true);
    const pagesBefore = r.stats.pages;

    const fresh = loopbackFetcher();
    const second = await crawlOnce({ store, fetcher: fresh }, { now: later(1) });
    expect(second.inserted).toBe(SAMPLE_ARTICLES.length - committed);
    expect(await store.countArticles()).toBe(SAMPLE_ARTICLES.length);
    // Committed articles are not fetched again.
    expect(r.stats.pages - pagesBefore).toBe(SAMPLE_ARTICLES.length - committed);
  });

  it('hands each stored batch to the pipeline, in order and never two at once', async () => {
    const fetcher = loopbackFetcher();
    await replaySources(fetcher);
    const seen: string[] = [];
    let running = 0;
    let overlap = false;
    await crawlOnce(
      {
        store,
        fetcher,
        batchSize: 2,
        pipeline: async (articles) => {
          running++;
          if (running > 1) overlap = true;
          await new Promise((resolve) => setTimeout(resolve, 5));
          seen.push(...articles.map((a) => a.id));
          running--;
        },
      },
      { now: NOW },
    );
    expect(overlap).toBe(false);
    expect(new Set(seen).size).toBe(SAMPLE_ARTICLES.length);
  });
});

describe('runScheduler', () => {
  it('crawls due sources until stopped, then leaves the next fetch scheduled', async () => {
    const fetcher = loopbackFetcher();
    await replaySources(fetcher);
    const controller = new AbortController();
    const rounds: number[] = [];
    await runScheduler(
      { store, fetcher },
      {
        signal: controller.signal,
        onRound: (r) => {
          rounds.push(r.inserted);
          controller.abort();
        },
      },
    );
    expect(rounds).toEqual([SAMPLE_ARTICLES.length]);
    const wait = await msUntilNextDue(store);
    // At least the minimum polling interval (5 minutes), at most the maximum (2 hours).
    expect(wait).toBeGreaterThan(4 * 60_000);
    expect(wait).toBeLessThanOrEqual(2 * 3600_000);
  });

  it('keeps stored articles when the pipeline fails, and says so', async () => {
    const fetcher = loopbackFetcher();
    await replaySources(fetcher);
    const report = await crawlOnce(
      {
        store,
        fetcher,
        pipeline: async () => {
          throw new Error('model missing');
        },
      },
      { now: NOW },
    );
    expect(report.inserted).toBe(SAMPLE_ARTICLES.length);
    expect(report.sources.every((s) => s.ok && s.pipelineError === 'pipeline: model missing')).toBe(true);
  });
});

describe('one bad source never stops the others', () => {
  it('records malformed feeds, 429 with Retry-After and silent hosts on their sources, stores the good one', async () => {
    const fetcher = loopbackFetcher({ totalTimeoutMs: 2000, connectTimeoutMs: 2000 });
    replay = await startReplay(SAMPLE_ARTICLES.filter((a) => a.source === 'okaz'));
    await addSource({ store, fetcher }, replay.outlets[0]!.homeUrl, { id: 'good' });

    const malformed = await startHttpServer((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(404).end();
      else
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(
            '<?xml version="1.0"?>\n<rss version="2.0"><channel>\n<item><title>خبر</title><link>http://x/1</link></itm>',
          );
    });
    const limited = await startHttpServer((req, res) => {
      if (req.url === '/robots.txt') res.writeHead(404).end();
      else res.writeHead(429, { 'retry-after': '7200' }).end();
    });
    const silent = await startRawServer(() => {});
    servers.push(malformed, limited, silent);
    const add = (id: string, s: TestServer) =>
      store.upsertSource({
        id,
        name: id,
        siteUrl: `${s.origin}/`,
        feeds: [`${s.origin}/rss.xml`],
        language: 'ar',
        paused: false,
      } satisfies Source);
    await add('malformed', malformed);
    await add('limited', limited);
    await add('silent', silent);

    const report = await crawlOnce({ store, fetcher, rand: () => 0.5 }, { now: NOW });
    expect(report.sources.map((s) => s.sourceId).sort()).toEqual(['good', 'limited', 'malformed', 'silent']);
    expect(await store.countArticles({ sourceId: 'good' })).toBe(3);
    expect((await store.getSourceState('good'))?.lastError).toBeNull();

    const bad = {
      malformed: await store.getSourceState('malformed'),
      limited: await store.getSourceState('limited'),
      silent: await store.getSourceState('silent'),
    };
    expect(bad.malformed?.lastError).toMatch(/^feed: malformed .*\(http:\/\/127\.0\.0\.1:\d+\/rss\.xml\)$/);
    expect(bad.limited?.lastError).toMatch(
      /^fetch: HTTP 429, retry after 7200 s \(http:\/\/127\.0\.0\.1:\d+\/rss\.xml\)$/,
    );
    expect(bad.silent?.lastError).toMatch(/^fetch: .*timeout/);
    for (const state of Object.values(bad)) {
      expect(state?.consecutiveFailures).toBe(1);
      expect(state?.lastSuccessAt).toBeNull();
      expect(Date.parse(state!.nextFetchAt!)).toBeGreaterThan(NOW.getTime());
    }
    // Retry-After is a floor on the next fetch.
    expect(Date.parse(bad.limited!.nextFetchAt!)).toBeGreaterThanOrEqual(NOW.getTime() + 7_200_000);

    // A second failure backs off further (jitter fixed at 0.5: the ceiling doubles).
    const first = Date.parse(bad.malformed!.nextFetchAt!) - NOW.getTime();
    const retryAt = new Date(Date.parse(bad.malformed!.nextFetchAt!));
    await crawlOnce({ store, fetcher, rand: () => 0.5 }, { now: retryAt });
    const again = await store.getSourceState('malformed');
    expect(again?.consecutiveFailures).toBe(2);
    expect(Date.parse(again!.nextFetchAt!) - retryAt.getTime()).toBe(first * 2);
  });

  it('counts a failed article page without failing its source', async () => {
    const fetcher = loopbackFetcher();
    const feed = await startHttpServer((req, res) => {
      if (req.url === '/rss.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
          <item><title>غائب</title><link>http://127.0.0.1:${feed.port}/gone</link></item></channel></rss>`,
        );
      } else res.writeHead(404).end();
    });
    servers.push(feed);
    await store.upsertSource({
      id: 'x',
      name: 'x',
      siteUrl: `${feed.origin}/`,
      feeds: [`${feed.origin}/rss.xml`],
      language: 'ar',
      paused: false,
    });
    const report = await crawlOnce({ store, fetcher }, { now: NOW });
    const r = report.sources[0]!;
    expect(r.ok).toBe(true);
    expect(r.articleFailures).toBe(1);
    expect(r.lastArticleError).toBe(`fetch: HTTP 404 (${feed.origin}/gone)`);
    expect((await store.getSourceState('x'))?.consecutiveFailures).toBe(0);
  });
});

describe('feed content as the fallback', () => {
  it('builds the article from the feed when the page yields none', async () => {
    const fetcher = loopbackFetcher();
    replay = await startReplay(SAMPLE_ARTICLES.filter((a) => a.source === 'okaz'));
    // alweeam's profile is a full-text RSS feed; the page extractor is made to find nothing.
    const feedServer = await startHttpServer((req, res) => {
      if (req.url !== '/rss.xml') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
        `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>
        <item><title>عنوان من الموجز</title><link>${replay!.urlOf('t-001')}</link><pubDate>Thu, 06 Aug 2015 06:15:00 GMT</pubDate>
        <content:encoded>&lt;p&gt;الفقرة الأولى من الموجز.&lt;/p&gt;&lt;p&gt;والفقرة الثانية.&lt;/p&gt;</content:encoded></item></channel></rss>`,
      );
    });
    servers.push(feedServer);
    await store.upsertSource({
      id: 'f',
      name: 'f',
      siteUrl: `${feedServer.origin}/`,
      feeds: [`${feedServer.origin}/rss.xml`],
      language: 'ar',
      paused: false,
    });
    const report = await crawlOnce({ store, fetcher, extract: () => null }, { now: NOW });
    expect(report.inserted).toBe(1);
    const { items } = await store.listArticles({ limit: 5 });
    expect(items[0]?.article.title).toBe('عنوان من الموجز');
    expect(items[0]?.article.text).toBe('الفقرة الأولى من الموجز.\n\nوالفقرة الثانية.');
    expect(items[0]?.article.published).toBe('2015-08-06T06:15:00Z');
  });

  it.each([
    ['paragraphs', '<p>سطر أول.</p><p>سطر ثان.</p>', 'سطر أول.\n\nسطر ثان.'],
    ['line breaks and entities', 'أ &amp; ب<br>ج', 'أ & ب\nج'],
    ['scripts dropped', '<p>نص</p><script>alert(1)</script>', 'نص'],
    ['nothing', '  ', null],
  ])('articleFromFeed: %s', (_name, html, text) => {
    const a = articleFromFeed({ url: 'https://x.test/1', contentHtml: html }, 'id1', 's');
    expect(a?.text ?? null).toBe(text);
  });
});

describe('isFinalFailure', () => {
  it.each([
    [new FetchError('http', 'u', 'HTTP 404', { httpStatus: 404 }), true],
    [new FetchError('http', 'u', 'HTTP 410', { httpStatus: 410 }), true],
    [new FetchError('http', 'u', 'HTTP 429', { httpStatus: 429 }), false],
    [new FetchError('http', 'u', 'HTTP 503', { httpStatus: 503 }), false],
    [new FetchError('timeout', 'u', 'timeout'), false],
    [new FetchError('connect', 'u', 'refused'), false],
    [new FetchError('robots', 'u', 'disallowed'), true],
    [new FetchError('too-large', 'u', 'big'), true],
  ])('%s → %s', (error, final) => {
    expect(isFinalFailure(error)).toBe(final);
  });
});
