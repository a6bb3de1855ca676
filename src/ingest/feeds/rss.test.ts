import { describe, expect, it } from 'vitest';
import { parseFeed } from './index.ts';

// Invented items in the shape Arabic news sites publish (WordPress-style RSS 2.0 with dc/content/media).
const RSS2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:media="http://search.yahoo.com/mrss/"
  xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>صحيفة الوادي - آخر الأخبار</title>
  <link>https://www.alwadi-news.example/</link>
  <atom:link href="https://feeds.alwadi-news.example/rss" rel="self" type="application/rss+xml"/>
  <description>أخبار محلية ودولية</description>
  <language>ar</language>
  <item>
    <title><![CDATA[وزير المالية: الميزانية الجديدة تركز على <b>الإسكان</b> والتعليم]]></title>
    <link>https://www.alwadi-news.example/economy/2015/08/06/ميزانية-جديدة</link>
    <guid isPermaLink="false">https://www.alwadi-news.example/?p=10234</guid>
    <pubDate>Thu, 06 Aug 2015 10:15:00 +0300</pubDate>
    <dc:creator><![CDATA[سارة العتيبي]]></dc:creator>
    <category><![CDATA[اقتصاد]]></category>
    <category>محليات</category>
    <description><![CDATA[<p>أعلن وزير المالية اليوم تفاصيل الميزانية &amp; أولوياتها&hellip;</p>]]></description>
    <content:encoded><![CDATA[<p>أعلن وزير المالية اليوم الخميس تفاصيل الميزانية الجديدة.</p><p>وقال إن الإسكان يأتي أولاً.</p>]]></content:encoded>
    <media:content url="https://cdn.alwadi-news.example/img/budget.jpg" medium="image" width="800" height="450"/>
  </item>
  <item>
    <title>أمطار رعدية متوقعة على المرتفعات الجنوبية</title>
    <link>/weather/2015/08/06/amtar</link>
    <pubDate>Thu, 06 Aug 2015 08:40:00 +0300</pubDate>
    <description>&lt;img src="/img/rain.jpg" alt=""&gt; توقعت هيئة الأرصاد هطول أمطار رعدية.</description>
    <enclosure url="https://cdn.alwadi-news.example/img/rain-large.jpg" type="image/jpeg" length="12345"/>
  </item>
  <item>
    <title>نتائج القبول الجامعي</title>
    <guid>https://www.alwadi-news.example/edu/results-2015</guid>
    <pubDate>not a date at all</pubDate>
    <media:thumbnail url="https://cdn.alwadi-news.example/img/edu-thumb.jpg"/>
  </item>
  <item>
    <title>بند بلا رابط</title>
    <guid isPermaLink="false">item-777</guid>
  </item>
</channel>
</rss>`;

describe('RSS 2.0 with dc, content and media namespaces', () => {
  const feed = parseFeed(RSS2, 'https://feeds.alwadi-news.example/rss');

  it('reads the channel', () => {
    expect(feed.kind).toBe('rss');
    expect(feed.title).toBe('صحيفة الوادي - آخر الأخبار');
    expect(feed.siteUrl).toBe('https://www.alwadi-news.example/');
    expect(feed.language).toBe('ar');
  });

  it('keeps items that have a link and drops the one without', () => {
    expect(feed.entries.map((e) => e.title)).toEqual([
      'وزير المالية: الميزانية الجديدة تركز على الإسكان والتعليم',
      'أمطار رعدية متوقعة على المرتفعات الجنوبية',
      'نتائج القبول الجامعي',
    ]);
  });

  it('maps a full item: link over non-permalink guid, dc:creator, content:encoded, media:content', () => {
    const e = feed.entries[0]!;
    expect(e.url).toBe(
      'https://www.alwadi-news.example/economy/2015/08/06/%D9%85%D9%8A%D8%B2%D8%A7%D9%86%D9%8A%D8%A9-%D8%AC%D8%AF%D9%8A%D8%AF%D8%A9',
    );
    expect(e.published).toBe('2015-08-06T10:15:00+03:00');
    expect(e.updated).toBeUndefined();
    expect(e.author).toBe('سارة العتيبي');
    expect(e.summary).toBe('أعلن وزير المالية اليوم تفاصيل الميزانية & أولوياتها…');
    expect(e.contentHtml).toBe(
      '<p>أعلن وزير المالية اليوم الخميس تفاصيل الميزانية الجديدة.</p><p>وقال إن الإسكان يأتي أولاً.</p>',
    );
    expect(e.image).toBe('https://cdn.alwadi-news.example/img/budget.jpg');
    expect(e.categories).toEqual(['اقتصاد', 'محليات']);
  });

  it('resolves relative links against the site and prefers a media/enclosure image to an inline one', () => {
    const e = feed.entries[1]!;
    expect(e.url).toBe('https://www.alwadi-news.example/weather/2015/08/06/amtar');
    expect(e.image).toBe('https://cdn.alwadi-news.example/img/rain-large.jpg');
    expect(e.summary).toBe('توقعت هيئة الأرصاد هطول أمطار رعدية.');
  });

  it('takes a permalink guid when there is no link, and drops an unreadable date', () => {
    const e = feed.entries[2]!;
    expect(e.url).toBe('https://www.alwadi-news.example/edu/results-2015');
    expect(e.published).toBeUndefined();
    expect(e.image).toBe('https://cdn.alwadi-news.example/img/edu-thumb.jpg');
    expect(Object.keys(e)).not.toContain('published');
  });
});

describe('RSS dates', () => {
  it('an unreadable pubDate gives way to dc:date; atom:updated is kept as updated', () => {
    const xml = `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>ت</title><link>https://a.example/</link>
<item><title>خبر</title><link>https://a.example/1</link><pubDate>الخميس 99 أغسطس</pubDate><dc:date>2015-08-06T10:00:00+03:00</dc:date><atom:updated>2015-08-06T12:00:00+03:00</atom:updated></item>
</channel></rss>`;
    expect(parseFeed(xml, 'https://a.example/rss').entries[0]).toMatchObject({
      published: '2015-08-06T10:00:00+03:00',
      updated: '2015-08-06T12:00:00+03:00',
    });
  });
});

describe('RSS 0.91 and inline images', () => {
  it('reads an old Netscape RSS with a DOCTYPE', () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>نشرة المساء</title><link>http://old.example.sa/</link><description>قديم</description><language>ar-sa</language>
<item><title>افتتاح معرض الكتاب</title><link>http://old.example.sa/news.asp?id=55</link>
<description><![CDATA[<img src='http://old.example.sa/pics/55.jpg'>افتتح أمير المنطقة معرض الكتاب]]></description></item>
</channel></rss>`;
    const feed = parseFeed(xml, 'http://old.example.sa/rss.xml');
    expect(feed.kind).toBe('rss');
    expect(feed.language).toBe('ar-sa');
    expect(feed.entries).toEqual([
      {
        url: 'http://old.example.sa/news.asp?id=55',
        title: 'افتتاح معرض الكتاب',
        summary: 'افتتح أمير المنطقة معرض الكتاب',
        image: 'http://old.example.sa/pics/55.jpg',
      },
    ]);
  });
});

describe('RSS 1.0 (RDF)', () => {
  const RDF = `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel rdf:about="https://wire.example.org/rss">
    <title>وكالة الأنباء التجريبية</title>
    <link>https://wire.example.org/</link>
    <description>برقيات</description>
    <dc:language>ar</dc:language>
    <items><rdf:Seq><rdf:li rdf:resource="https://wire.example.org/a/1001"/><rdf:li rdf:resource="https://wire.example.org/a/1002"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://wire.example.org/a/1001">
    <title>خادم الحرمين يستقبل وزير الخارجية</title>
    <link>https://wire.example.org/a/1001</link>
    <description>استقبل خادم الحرمين الشريفين وزير الخارجية.</description>
    <dc:date>2015-08-07T11:30:00+03:00</dc:date>
    <dc:creator>واس</dc:creator>
    <dc:subject>سياسة</dc:subject>
    <content:encoded><![CDATA[<p>استقبل خادم الحرمين الشريفين في قصر السلام بجدة وزير الخارجية.</p>]]></content:encoded>
  </item>
  <item rdf:about="https://wire.example.org/a/1002">
    <title>ارتفاع مؤشر السوق</title>
    <dc:date>2015-08-07T15:05:00+03:00</dc:date>
  </item>
</rdf:RDF>`;

  it('reads channel and items, dc:date as published, rdf:about as the fallback link', () => {
    const feed = parseFeed(RDF, 'https://wire.example.org/rss');
    expect(feed.kind).toBe('rdf');
    expect(feed.title).toBe('وكالة الأنباء التجريبية');
    expect(feed.language).toBe('ar');
    expect(feed.entries).toEqual([
      {
        url: 'https://wire.example.org/a/1001',
        title: 'خادم الحرمين يستقبل وزير الخارجية',
        published: '2015-08-07T11:30:00+03:00',
        author: 'واس',
        summary: 'استقبل خادم الحرمين الشريفين وزير الخارجية.',
        contentHtml: '<p>استقبل خادم الحرمين الشريفين في قصر السلام بجدة وزير الخارجية.</p>',
        categories: ['سياسة'],
      },
      {
        url: 'https://wire.example.org/a/1002',
        title: 'ارتفاع مؤشر السوق',
        published: '2015-08-07T15:05:00+03:00',
      },
    ]);
  });
});
