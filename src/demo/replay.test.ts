import { describe, expect, it } from 'vitest';
import { parseFeed } from '../ingest/feeds/index.ts';
import { createFetcher } from '../ingest/fetch/index.ts';
import type { CorpusArticle } from './corpus.ts';
import { type FeedFormat, outletProfile } from './outlets.ts';
import { arabicDate } from './render.ts';
import { buildSite, encodeWindows1256, startReplay } from './replay.ts';
import { SAMPLE_ARTICLES } from './sample.ts';

const ORIGIN = 'http://127.0.0.1:9';
const hostile: CorpusArticle = {
  id: 't-x',
  source: 'alriyadh',
  url: 'https://example.test/x',
  published: '2015-08-06T10:00:00+03:00',
  title: 'عنوان <script>alert(1)</script> & "اقتباس"',
  author: 'كاتب <b>',
  text: 'فقرة فيها <img src=x onerror=alert(1)> وعلامة & ونهاية.\nفقرة ثانية ]]> </p></div>',
};

describe('article pages', () => {
  it.each(['alriyadh', 'aljazirah', 'alyaum', 'almadina', 'was'])(
    '%s escapes article text instead of treating it as markup',
    (source) => {
      const site = buildSite(outletProfile(source), ORIGIN, [{ ...hostile, source }], 30);
      const page = site.respond(site.model.articles[0]!.path);
      expect(page.status).toBe(200);
      const html = page.body.toString('latin1');
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('</p></div>\n</div>'.repeat(2));
    },
  );

  it('serves almadina in windows-1256 announced only by a meta tag', async () => {
    const replay = await startReplay([{ ...SAMPLE_ARTICLES[0]!, source: 'almadina' }]);
    const fetcher = createFetcher({ allowPrivate: ['127.0.0.1'], perHostDelayMs: 0 });
    try {
      const url = replay.urlOf('t-001')!;
      const res = await fetcher.fetch({ url, kind: 'page' });
      if (res.status !== 'ok') throw new Error('expected a page');
      expect(res.contentType).toBe('text/html');
      expect(res.charset).toBe('windows-1256');
      expect(res.body).toContain('افتتاح مكتبة عامة جديدة');
    } finally {
      await fetcher.close();
      await replay.close();
    }
  });

  it('writes characters windows-1256 lacks as numeric references', () => {
    const bytes = encodeWindows1256('سلام ✓');
    expect(bytes.toString('latin1')).toContain('&#10003;');
    expect(bytes.length).toBe('سلام '.length + '&#10003;'.length);
  });

  it('answers unknown paths with 404', () => {
    const site = buildSite(outletProfile('okaz'), ORIGIN, SAMPLE_ARTICLES.slice(0, 1), 30);
    expect(site.respond('/news/999999').status).toBe(404);
  });

  it.each([
    ['2015-08-06', 'الخميس 6 أغسطس 2015'],
    ['2015-08-11', 'الثلاثاء 11 أغسطس 2015'],
  ])('arabicDate(%s) = %s', (day, text) => {
    expect(arabicDate(day)).toBe(text);
  });
});

describe('feeds', () => {
  const formats: [string, FeedFormat, string][] = [
    ['alriyadh', 'rss', 'rss'],
    ['3alyoum', 'rss-full', 'rss'],
    ['okaz', 'atom', 'atom'],
    ['aawsat', 'json', 'json'],
    ['was', 'news-sitemap', 'sitemap'],
  ];
  it.each(formats)('%s publishes %s that parseFeed reads back whole', (source, format, kind) => {
    const articles = SAMPLE_ARTICLES.map((a) => ({ ...a, source }));
    const profile = outletProfile(source);
    expect(profile.feed).toBe(format);
    const site = buildSite(profile, ORIGIN, articles, 30);
    const byDay = site.model.feeds.archives.map((f) => {
      const res = site.respond(f.url.slice(ORIGIN.length));
      return parseFeed(res.body.toString('utf8'), f.url);
    });
    expect(byDay.map((f) => f.kind)).toEqual(byDay.map(() => kind));
    const urls = byDay.flatMap((f) => f.entries.map((e) => e.url)).sort();
    expect(urls).toEqual(site.model.articles.map((s) => ORIGIN + s.path).sort());
    const first = byDay[0]!.entries.find((e) => e.url === ORIGIN + site.model.articles[0]!.path)!;
    expect(first.title).toBe(SAMPLE_ARTICLES[0]!.title);
    expect(Date.parse(first.published!)).toBe(Date.parse(SAMPLE_ARTICLES[0]!.published));
    if (format === 'rss-full' || format === 'json') expect(first.contentHtml).toContain('عشرين ألف كتاب');
  });

  it('keeps only the most recent items in the main feed, newest first', () => {
    const site = buildSite(outletProfile('alriyadh'), ORIGIN, SAMPLE_ARTICLES, 2);
    const main = parseFeed(site.respond('/rss.xml').body.toString('utf8'), `${ORIGIN}/rss.xml`);
    expect(main.entries.map((e) => e.title)).toEqual([SAMPLE_ARTICLES[5]!.title, SAMPLE_ARTICLES[4]!.title]);
  });

  it('escapes hostile text in every format', () => {
    for (const source of ['alriyadh', 'okaz', 'aawsat', 'was', '3alyoum']) {
      const site = buildSite(outletProfile(source), ORIGIN, [{ ...hostile, source }], 30);
      const f = site.model.feeds.archives[0]!;
      const xml = site.respond(f.url.slice(ORIGIN.length)).body.toString('utf8');
      // JSON Feed titles are plain text by definition; XML ones must be escaped.
      if (source !== 'aawsat') {
        expect(xml).not.toContain('<script>');
        expect(xml).not.toContain('<img src=x');
      }
      // Feed readers treat titles as possibly marked up, so the tags go; the rest must arrive intact.
      const parsed = parseFeed(xml, f.url);
      expect(parsed.entries[0]!.title).toBe('عنوان & "اقتباس"');
      expect(parsed.entries).toHaveLength(1);
    }
  });

  it('answers a conditional GET with 304', async () => {
    const replay = await startReplay(SAMPLE_ARTICLES);
    const fetcher = createFetcher({ allowPrivate: ['127.0.0.1'], perHostDelayMs: 0 });
    try {
      const url = `${replay.outlets.find((o) => o.id === 'okaz')!.origin}/feeds/atom.xml`;
      const first = await fetcher.fetch({ url, kind: 'feed' });
      if (first.status !== 'ok') throw new Error('expected a feed');
      expect(first.etag).toBeTruthy();
      const second = await fetcher.fetch({ url, kind: 'feed', etag: first.etag! });
      expect(second.status).toBe('not-modified');
    } finally {
      await fetcher.close();
      await replay.close();
    }
  });
});
