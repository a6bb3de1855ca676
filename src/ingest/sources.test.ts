import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Replay, startReplay } from '../demo/replay.ts';
import { SAMPLE_ARTICLES } from '../demo/sample.ts';
import type { Source } from '../model.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { createFetcher, type Fetcher } from './fetch/index.ts';
import { startHttpServer, type TestServer } from './fetch/testing.ts';
import { addSource, exportOpml, importOpml, sourceIdFor } from './sources.ts';

let dir: string;
let store: Store;
let replay: Replay | undefined;
const servers: TestServer[] = [];
const fetchers: Fetcher[] = [];

function fetcherAllowing(allowPrivate: string[]): Fetcher {
  const f = createFetcher({ allowPrivate, perHostDelayMs: 0 });
  fetchers.push(f);
  return f;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'naba-sources-'));
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

describe('addSource', () => {
  it('discovers the feeds a home page announces with <link rel="alternate">', async () => {
    replay = await startReplay(SAMPLE_ARTICLES);
    const okaz = replay.outlets.find((o) => o.id === 'okaz')!;
    const fetcher = fetcherAllowing(['127.0.0.1']);
    const r = await addSource({ store, fetcher }, okaz.homeUrl, { id: 'okaz' });
    expect(r.discovery).toBe('page');
    expect(r.created).toBe(true);
    // The main feed and one archive per day (the sample has two days).
    expect(r.source.feeds).toEqual([
      `${okaz.origin}/feeds/atom.xml`,
      `${okaz.origin}/feeds/atom/2015-08-06.xml`,
      `${okaz.origin}/feeds/atom/2015-08-07.xml`,
    ]);
    expect(r.source.name).toBe('صحيفة عكاظ');
    expect(r.source.siteUrl).toBe(okaz.homeUrl);
    expect(await store.getSource('okaz')).toEqual(r.source);
  });

  it('takes a feed URL as it is, named after the feed', async () => {
    replay = await startReplay(SAMPLE_ARTICLES);
    const aawsat = replay.outlets.find((o) => o.id === 'aawsat')!;
    const fetcher = fetcherAllowing(['127.0.0.1']);
    const r = await addSource({ store, fetcher }, `${aawsat.origin}/feed.json`, { language: 'ar' });
    expect(r.discovery).toBe('feed');
    expect(r.source.feeds).toEqual([`${aawsat.origin}/feed.json`]);
    expect(r.source.name).toBe('الشرق الأوسط');
    expect(r.source.id).toBe('127-0-0-1');
  });

  it('falls back to the sitemaps robots.txt lists when the page announces no feed', async () => {
    replay = await startReplay([{ ...SAMPLE_ARTICLES[0]!, source: 'was' }]);
    const fetcher = fetcherAllowing(['127.0.0.1']);
    const r = await addSource({ store, fetcher }, replay.outlets[0]!.homeUrl, { id: 'was' });
    expect(r.discovery).toBe('robots');
    expect(r.source.feeds).toEqual([`${replay.outlets[0]!.origin}/sitemap_index.xml`]);
  });

  it('refuses a private address unless it is allowed, and stores nothing', async () => {
    replay = await startReplay(SAMPLE_ARTICLES);
    const fetcher = fetcherAllowing([]);
    await expect(addSource({ store, fetcher }, replay.outlets[0]!.homeUrl)).rejects.toThrow(
      /^fetch: refused loopback address 127\.0\.0\.1/,
    );
    expect(await store.listSources()).toEqual([]);
  });

  it('says so when a page announces no feed and none is found', async () => {
    const site = await startHttpServer((req, res) => {
      if (req.url === '/')
        res.writeHead(200, { 'content-type': 'text/html' }).end('<title>بلا موجز</title><p>مرحبا</p>');
      else res.writeHead(404).end();
    });
    servers.push(site);
    const fetcher = fetcherAllowing(['127.0.0.1']);
    await expect(addSource({ store, fetcher }, `${site.origin}/`)).rejects.toThrow(/^sources: found no feed/);
  });

  it('refuses a feed another source already follows', async () => {
    replay = await startReplay(SAMPLE_ARTICLES);
    const okaz = replay.outlets.find((o) => o.id === 'okaz')!;
    const fetcher = fetcherAllowing(['127.0.0.1']);
    await addSource({ store, fetcher }, okaz.homeUrl, { id: 'okaz' });
    await expect(addSource({ store, fetcher }, okaz.homeUrl, { id: 'other' })).rejects.toThrow(
      /already a feed of source "okaz"/,
    );
  });
});

describe('OPML', () => {
  const sources: Source[] = [
    {
      id: 'okaz-com-sa',
      name: 'عكاظ',
      siteUrl: 'https://www.okaz.com.sa/',
      feeds: ['https://www.okaz.com.sa/rss/local.xml', 'https://www.okaz.com.sa/rss/sport.xml'],
      language: 'ar',
      paused: false,
    },
    {
      id: 'spa-gov-sa',
      name: 'واس',
      siteUrl: 'https://www.spa.gov.sa/',
      feeds: ['https://www.spa.gov.sa/rss.xml'],
      language: 'ar',
      paused: true,
    },
  ];

  it('exports every source and imports them back as the same sources', async () => {
    for (const s of sources) await store.upsertSource(s);
    const xml = await exportOpml(store);
    const other = await openSqliteStore(join(dir, 'other.db'));
    try {
      const r = await importOpml(other, xml);
      expect(r.skipped).toBe(0);
      const back = await other.listSources();
      expect(back.map((s) => [s.id, s.name, s.siteUrl, s.feeds])).toEqual(
        sources.map((s) => [s.id, s.name, s.siteUrl, s.feeds]),
      );
    } finally {
      await other.close();
    }
  });

  it('skips feeds already followed and keeps ids unique', async () => {
    await store.upsertSource(sources[1]!);
    const xml = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
      <outline text="واس" xmlUrl="https://www.spa.gov.sa/rss.xml"/>
      <outline text="واس الإنجليزية" xmlUrl="https://www.spa.gov.sa/en/rss.xml" htmlUrl="https://www.spa.gov.sa/"/>
    </body></opml>`;
    const r = await importOpml(store, xml);
    expect(r.skipped).toBe(1);
    expect(r.added.map((s) => s.id)).toEqual(['spa-gov-sa-2']);
  });

  it('rejects a document that is not OPML', async () => {
    await expect(importOpml(store, '<rss version="2.0"></rss>')).rejects.toThrow(/^opml: expected an <opml>/);
  });
});

describe('sourceIdFor', () => {
  it.each([
    ['https://www.okaz.com.sa/rss', 'okaz-com-sa'],
    ['https://sabq.org/', 'sabq-org'],
    ['https://www2.aleqt.com/feed', 'aleqt-com'],
    ['http://127.0.0.1:8080/', '127-0-0-1'],
    ['not a url', 'not-a-url'],
  ])('%s → %s', (url, id) => {
    expect(sourceIdFor(url)).toBe(id);
  });
});
