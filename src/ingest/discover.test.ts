import { describe, expect, it } from 'vitest';
import { discoverFeeds, guessFeedUrls } from './discover.ts';

const PAGE = 'https://www.almasar.example/ar/news/2015/08/06/story.html';

describe('discoverFeeds', () => {
  it('finds RSS, Atom and JSON Feed links, resolving relative hrefs against the page', () => {
    const html = `<!DOCTYPE html><html lang="ar" dir="rtl"><head>
      <meta charset="utf-8"><title>المسار - أخبار</title>
      <link rel="alternate" type="application/rss+xml" title="المسار » آخر الأخبار" href="/ar/rss.xml">
      <link rel="alternate" type="application/atom+xml" title="المسار - أطلس" href="../../atom.xml">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" hreflang="en" href="https://www.almasar.example/en/">
    </head><body><p>خبر</p></body></html>`;
    expect(discoverFeeds(html, PAGE)).toEqual([
      {
        url: 'https://www.almasar.example/ar/rss.xml',
        type: 'application/rss+xml',
        title: 'المسار » آخر الأخبار',
      },
      {
        url: 'https://www.almasar.example/ar/news/2015/atom.xml',
        type: 'application/atom+xml',
        title: 'المسار - أطلس',
      },
      { url: 'https://www.almasar.example/ar/news/2015/08/06/feed.json', type: 'application/feed+json' },
    ]);
  });

  it('resolves against <base href>, itself relative to the page', () => {
    const html = `<html><head><base href="/ar/">
      <link rel="alternate" type="application/rss+xml" href="feeds/main.xml"></head><body></body></html>`;
    expect(discoverFeeds(html, PAGE)).toEqual([
      { url: 'https://www.almasar.example/ar/feeds/main.xml', type: 'application/rss+xml' },
    ]);
  });

  it('reads rel and type case-insensitively, with parameters, and in the body', () => {
    const html = `<html><head></head><body>
      <link rel="Alternate Feed" type="Application/RSS+XML; charset=UTF-8" href="//cdn.almasar.example/rss">
      </body></html>`;
    expect(discoverFeeds(html, PAGE)).toEqual([
      { url: 'https://cdn.almasar.example/rss', type: 'application/rss+xml' },
    ]);
  });

  it('accepts RSS announced as plain XML by older CMSs', () => {
    const html = '<head><link rel="alternate" type="text/xml" title="RSS" href="rss.aspx?cat=3"></head>';
    expect(discoverFeeds(html, 'https://old.example.eg/default.aspx')).toEqual([
      { url: 'https://old.example.eg/rss.aspx?cat=3', type: 'text/xml', title: 'RSS' },
    ]);
  });

  it('puts comment feeds last and drops WordPress REST/oEmbed JSON and duplicates', () => {
    const html = `<html><head>
      <link rel="alternate" type="application/rss+xml" title="المسار » خلاصة التعليقات" href="https://www.almasar.example/comments/feed/">
      <link rel="alternate" type="application/rss+xml" title="المسار » الخلاصة" href="https://www.almasar.example/feed/">
      <link rel="alternate" type="application/json" href="https://www.almasar.example/wp-json/wp/v2/posts/991">
      <link rel="alternate" type="application/json+oembed" href="https://www.almasar.example/wp-json/oembed/1.0/embed?url=x">
      <link rel="alternate" type="application/rss+xml" href="https://www.almasar.example/feed/#again">
    </head></html>`;
    expect(discoverFeeds(html, PAGE).map((f) => f.url)).toEqual([
      'https://www.almasar.example/feed/',
      'https://www.almasar.example/comments/feed/',
    ]);
  });

  it('returns nothing for a page without feed links, an empty page, or unusable hrefs', () => {
    expect(discoverFeeds('<html><head><title>لا شيء</title></head></html>', PAGE)).toEqual([]);
    expect(discoverFeeds('', PAGE)).toEqual([]);
    expect(
      discoverFeeds('<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">', PAGE),
    ).toEqual([]);
  });
});

describe('guessFeedUrls', () => {
  it('lists the usual feed places on the page origin', () => {
    const guesses = guessFeedUrls(PAGE);
    expect(guesses).toContain('https://www.almasar.example/feed');
    expect(guesses).toContain('https://www.almasar.example/rss.xml');
    expect(guesses.every((u) => u.startsWith('https://www.almasar.example/'))).toBe(true);
  });

  it('returns nothing for an invalid page URL', () => {
    expect(guessFeedUrls('no url')).toEqual([]);
  });
});
