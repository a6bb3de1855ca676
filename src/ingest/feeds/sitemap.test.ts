import { describe, expect, it } from 'vitest';
import { parseFeed } from './index.ts';

describe('XML sitemap', () => {
  const XML = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://www.sahel-daily.example/ar/news/الدوري-السعودي-يبدأ</loc>
    <lastmod>2015-08-08T21:10:00+03:00</lastmod>
    <changefreq>hourly</changefreq>
    <image:image><image:loc>https://img.sahel-daily.example/league.jpg</image:loc></image:image>
  </url>
  <url>
    <loc><![CDATA[https://www.sahel-daily.example/ar/search?q=طقس&page=2]]></loc>
  </url>
  <url><loc>https://www.sahel-daily.example/ar/news/item?id=5&amp;cat=2</loc><lastmod>2015-08-07</lastmod></url>
  <url><loc>not a url at all</loc></url>
</urlset>`;

  const feed = parseFeed(XML, 'https://www.sahel-daily.example/sitemap-news-1.xml');

  it('lists the pages with lastmod as updated (and as published, having nothing better)', () => {
    expect(feed.kind).toBe('sitemap');
    expect(feed.entries[0]).toEqual({
      url: 'https://www.sahel-daily.example/ar/news/%D8%A7%D9%84%D8%AF%D9%88%D8%B1%D9%8A-%D8%A7%D9%84%D8%B3%D8%B9%D9%88%D8%AF%D9%8A-%D9%8A%D8%A8%D8%AF%D8%A3',
      published: '2015-08-08T21:10:00+03:00',
      updated: '2015-08-08T21:10:00+03:00',
      image: 'https://img.sahel-daily.example/league.jpg',
    });
  });

  it('reads CDATA and entity-escaped locations, and skips unusable ones', () => {
    expect(feed.entries.map((e) => e.url)).toEqual([
      expect.stringContaining('/ar/news/'),
      'https://www.sahel-daily.example/ar/search?q=%D8%B7%D9%82%D8%B3&page=2',
      'https://www.sahel-daily.example/ar/news/item?id=5&cat=2',
    ]);
  });
});

describe('Google News sitemap', () => {
  const XML = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://www.sahel-daily.example/ar/news/2015/08/08/1044</loc>
    <lastmod>2015-08-08T23:00:00+03:00</lastmod>
    <news:news>
      <news:publication><news:name>صحيفة الساحل</news:name><news:language>ar</news:language></news:publication>
      <news:publication_date>2015-08-08T19:45:00+03:00</news:publication_date>
      <news:title>الهلال يفوز على النصر &amp; يتصدر الدوري</news:title>
      <news:keywords>رياضة، الدوري السعودي, الهلال</news:keywords>
    </news:news>
  </url>
  <url>
    <loc>https://www.sahel-daily.example/ar/news/2015/08/08/1045</loc>
    <news:news>
      <news:publication><news:name>صحيفة الساحل</news:name><news:language>ar</news:language></news:publication>
      <news:publication_date>2015-08-08</news:publication_date>
      <news:title><![CDATA[انخفاض أسعار الذهب]]></news:title>
    </news:news>
  </url>
</urlset>`;

  const feed = parseFeed(XML, 'https://www.sahel-daily.example/news-sitemap.xml');

  it('takes the publication as the feed title and language', () => {
    expect(feed.title).toBe('صحيفة الساحل');
    expect(feed.language).toBe('ar');
  });

  it('dates by news:publication_date, keeps lastmod as updated, titles by news:title', () => {
    expect(feed.entries).toEqual([
      {
        url: 'https://www.sahel-daily.example/ar/news/2015/08/08/1044',
        title: 'الهلال يفوز على النصر & يتصدر الدوري',
        published: '2015-08-08T19:45:00+03:00',
        updated: '2015-08-08T23:00:00+03:00',
        categories: ['رياضة', 'الدوري السعودي', 'الهلال'],
      },
      {
        url: 'https://www.sahel-daily.example/ar/news/2015/08/08/1045',
        title: 'انخفاض أسعار الذهب',
        published: '2015-08-08',
      },
    ]);
  });
});

describe('sitemap index', () => {
  it('lists child sitemaps, absolute, and no entries', () => {
    const XML = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://www.sahel-daily.example/sitemap-news.xml</loc><lastmod>2015-08-08</lastmod></sitemap>
  <sitemap><loc>/sitemap-2015-08.xml</loc></sitemap>
</sitemapindex>`;
    const feed = parseFeed(XML, 'https://www.sahel-daily.example/sitemap.xml');
    expect(feed).toEqual({
      kind: 'sitemap-index',
      entries: [],
      sitemaps: [
        'https://www.sahel-daily.example/sitemap-news.xml',
        'https://www.sahel-daily.example/sitemap-2015-08.xml',
      ],
    });
  });

  it('reads a one-child index (no array in the XML) as a list', () => {
    const XML =
      '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>';
    expect(parseFeed(XML, 'https://a.example/sitemap.xml').sitemaps).toEqual(['https://a.example/s1.xml']);
  });
});
