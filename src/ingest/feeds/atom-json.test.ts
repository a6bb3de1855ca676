import { describe, expect, it } from 'vitest';
import { parseFeed } from './index.ts';

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"
      xml:lang="ar" xml:base="https://www.nahar-tech.example/ar/">
  <title type="html">نهار &lt;i&gt;التقنية&lt;/i&gt;</title>
  <link rel="self" href="https://www.nahar-tech.example/ar/atom.xml"/>
  <link rel="alternate" type="text/html" href="https://www.nahar-tech.example/ar/"/>
  <id>tag:nahar-tech.example,2015:ar</id>
  <updated>2015-08-09T12:00:00+03:00</updated>
  <author><name>هيئة التحرير</name></author>
  <entry>
    <title>إطلاق قمر صناعي عربي جديد للاتصالات</title>
    <link rel="alternate" type="text/html" href="space/satellite-launch"/>
    <link rel="enclosure" type="image/jpeg" href="/img/sat.jpg"/>
    <id>tag:nahar-tech.example,2015:1201</id>
    <published>2015-08-06T07:00:00+03:00</published>
    <updated>2015-08-09T09:30:00+03:00</updated>
    <author><name>خالد المنصوري</name></author>
    <category term="space" label="فضاء"/>
    <category term="telecom"/>
    <summary type="html">&lt;p&gt;نجح إطلاق القمر الصناعي من قاعدة كورو.&lt;/p&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>نجح إطلاق القمر <b>الصناعي</b> فجر اليوم.</p></div></content>
  </entry>
  <entry xml:base="https://blog.nahar-tech.example/">
    <title>تحديث لتطبيق الخرائط</title>
    <link href="2015/08/maps"/>
    <id>tag:nahar-tech.example,2015:1202</id>
    <updated>2015-08-08T18:00:00+03:00</updated>
    <content type="text">صدر تحديث جديد.

يدعم العربية بالكامل.</content>
    <media:thumbnail url="https://cdn.nahar-tech.example/maps.png"/>
  </entry>
</feed>`;

describe('Atom', () => {
  const feed = parseFeed(ATOM, 'https://www.nahar-tech.example/ar/atom.xml');

  it('reads the feed head: html title as text, alternate link, xml:lang', () => {
    expect(feed.kind).toBe('atom');
    expect(feed.title).toBe('نهار التقنية');
    expect(feed.siteUrl).toBe('https://www.nahar-tech.example/ar/');
    expect(feed.language).toBe('ar');
  });

  it('dates an entry by published, keeping updated apart', () => {
    const e = feed.entries[0]!;
    expect(e.published).toBe('2015-08-06T07:00:00+03:00');
    expect(e.updated).toBe('2015-08-09T09:30:00+03:00');
  });

  it('falls back to updated when an entry has no published', () => {
    const e = feed.entries[1]!;
    expect(e.published).toBe('2015-08-08T18:00:00+03:00');
    expect(e.updated).toBe('2015-08-08T18:00:00+03:00');
  });

  it('maps the rest of an entry, resolving links against xml:base', () => {
    expect(feed.entries[0]).toMatchObject({
      url: 'https://www.nahar-tech.example/ar/space/satellite-launch',
      title: 'إطلاق قمر صناعي عربي جديد للاتصالات',
      author: 'خالد المنصوري',
      summary: 'نجح إطلاق القمر الصناعي من قاعدة كورو.',
      image: 'https://www.nahar-tech.example/img/sat.jpg',
      categories: ['فضاء', 'telecom'],
    });
    expect(feed.entries[0]!.contentHtml).toContain('<b>الصناعي</b>');
  });

  it('uses the entry xml:base, the feed author, and turns text content into HTML paragraphs', () => {
    expect(feed.entries[1]).toMatchObject({
      url: 'https://blog.nahar-tech.example/2015/08/maps',
      author: 'هيئة التحرير',
      contentHtml: '<p>صدر تحديث جديد.</p>\n<p>يدعم العربية بالكامل.</p>',
      image: 'https://cdn.nahar-tech.example/maps.png',
    });
  });
});

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'مدونة الرصيف',
  home_page_url: 'https://raseef-blog.example/',
  feed_url: 'https://raseef-blog.example/feed.json',
  language: 'ar',
  authors: [{ name: 'فريق الرصيف' }],
  items: [
    {
      id: 'https://raseef-blog.example/posts/coffee-history',
      url: 'https://raseef-blog.example/posts/coffee-history',
      title: 'تاريخ القهوة في اليمن',
      content_html: '<p>انطلقت القهوة من موانئ <em>المخا</em>.</p>',
      summary: 'كيف انتقلت القهوة من اليمن إلى العالم',
      image: 'https://raseef-blog.example/img/coffee.jpg',
      date_published: '2015-08-10T08:00:00+03:00',
      date_modified: '2015-08-11T10:00:00+03:00',
      authors: [{ name: 'منى الحداد' }, { name: 'يوسف بركات' }],
      tags: ['تاريخ', 'اليمن', 'تاريخ'],
    },
    {
      id: '2',
      url: '/posts/dates-season',
      title: 'موسم التمور',
      content_text: 'بدأ موسم جني التمور.\n\nوالأسعار مستقرة.',
      date_published: 'غير معروف',
    },
    { id: '3', title: 'بلا رابط', content_text: 'نص' },
  ],
});

describe('JSON Feed 1.1', () => {
  const feed = parseFeed(JSON_FEED, 'https://raseef-blog.example/feed.json');

  it('reads the head', () => {
    expect(feed).toMatchObject({
      kind: 'json',
      title: 'مدونة الرصيف',
      siteUrl: 'https://raseef-blog.example/',
      language: 'ar',
    });
  });

  it('maps an item with its authors, tags (deduplicated), image and dates', () => {
    expect(feed.entries[0]).toEqual({
      url: 'https://raseef-blog.example/posts/coffee-history',
      title: 'تاريخ القهوة في اليمن',
      published: '2015-08-10T08:00:00+03:00',
      updated: '2015-08-11T10:00:00+03:00',
      author: 'منى الحداد، يوسف بركات',
      summary: 'كيف انتقلت القهوة من اليمن إلى العالم',
      contentHtml: '<p>انطلقت القهوة من موانئ <em>المخا</em>.</p>',
      image: 'https://raseef-blog.example/img/coffee.jpg',
      categories: ['تاريخ', 'اليمن'],
    });
  });

  it('resolves a relative url, falls back to the feed authors, converts content_text, drops a bad date', () => {
    expect(feed.entries[1]).toEqual({
      url: 'https://raseef-blog.example/posts/dates-season',
      title: 'موسم التمور',
      author: 'فريق الرصيف',
      contentHtml: '<p>بدأ موسم جني التمور.</p>\n<p>والأسعار مستقرة.</p>',
    });
  });

  it('skips an item with neither url nor URL-like id', () => {
    expect(feed.entries).toHaveLength(2);
  });
});
