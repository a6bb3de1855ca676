import { describe, expect, it } from 'vitest';
import { FeedError, parseFeed } from './index.ts';

const URL = 'https://feeds.example.ps/rss';

function item(n: number, link = `https://news.example.ps/a/${n}`): string {
  return `<item><title>خبر رقم ${n}</title><link>${link}</link><pubDate>Fri, 07 Aug 2015 10:00:00 +0300</pubDate></item>`;
}

function rss(items: string, head = ''): string {
  return `${head}<rss version="2.0"><channel><title>أخبار فلسطين</title><link>https://news.example.ps/</link><description>-</description>${items}</channel></rss>`;
}

function failure(body: string): FeedError {
  try {
    parseFeed(body, URL);
  } catch (e) {
    if (e instanceof FeedError) return e;
    throw e;
  }
  throw new Error('expected a FeedError');
}

describe('bad input', () => {
  it.each([
    ['empty body', ''],
    ['whitespace and BOM only', '\uFEFF \n\t'],
    ['XML declaration only', '<?xml version="1.0" encoding="utf-8"?>\n'],
  ])('%s → empty', (_name, body) => {
    const e = failure(body);
    expect(e.code).toBe('empty');
    expect(e.stage).toBe('feed');
    expect(e.url).toBe(URL);
    expect(e.message).toContain(URL);
  });

  it('a well-formed feed without items → empty, saying so', () => {
    const e = failure(rss(''));
    expect(e.code).toBe('empty');
    expect(e.message).toMatch(/no items/);
  });

  it('a feed whose items have no usable link → empty, saying how many items there were', () => {
    const e = failure(
      rss('<item><title>أ</title></item><item><title>ب</title><link>javascript:void(0)</link></item>'),
    );
    expect(e.code).toBe('empty');
    expect(e.message).toMatch(/2 items but none/);
  });

  it('mismatched tags → malformed with line and column', () => {
    const e = failure(rss('<item><title>خبر</titel><link>https://news.example.ps/a/1</link></item>'));
    expect(e.code).toBe('malformed');
    expect(e.message).toMatch(/^feed: malformed XML at line 1, col \d+: .*title/);
    expect(e.message).toContain(URL);
  });

  it('truncated before the first item is complete → malformed', () => {
    const full = rss(item(1));
    const e = failure(full.slice(0, full.indexOf('</title>')));
    expect(e.code).toBe('malformed');
  });

  it('truncated after complete items → those items, flagged partial (the cut item is dropped)', () => {
    const full = rss(item(1) + item(2) + item(3));
    const cut = full.slice(0, full.lastIndexOf('<link>'));
    const feed = parseFeed(cut, URL);
    expect(feed.partial).toBe(true);
    expect(feed.entries.map((e) => e.title)).toEqual(['خبر رقم 1', 'خبر رقم 2']);
  });

  it('a complete feed is not flagged partial', () => {
    expect(parseFeed(rss(item(1)), URL).partial).toBeUndefined();
  });

  it('truncated Atom keeps its complete entries', () => {
    const atom =
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>ت</title><id>x</id><updated>2015-08-07T10:00:00Z</updated>' +
      '<entry><title>أول</title><id>1</id><link href="https://a.example/1"/><updated>2015-08-07T10:00:00Z</updated></entry>' +
      '<entry><title>ثان</title><id>2</id><link href="https://a.exa';
    const feed = parseFeed(atom, 'https://a.example/atom');
    expect(feed.partial).toBe(true);
    expect(feed.entries.map((e) => e.url)).toEqual(['https://a.example/1']);
  });

  it('an HTML page where a feed was expected → unsupported, pointing at the feeds it announces', () => {
    const html = `<!DOCTYPE html><html dir="rtl" lang="ar"><head><title>الرئيسية</title>
      <link rel="alternate" type="application/rss+xml" title="آخر الأخبار" href="/rss/latest.xml"></head>
      <body><h1>أخبار</h1></body></html>`;
    const e = failure(html);
    expect(e.code).toBe('unsupported');
    expect(e.message).toMatch(/HTML page/);
    expect(e.message).toContain('https://feeds.example.ps/rss/latest.xml');
  });

  it('an HTML page without feed links → unsupported with a hint', () => {
    const e = failure('<html><body><p>الصفحة غير موجودة</p></body></html>');
    expect(e.code).toBe('unsupported');
    expect(e.message).toMatch(/announces no feed/);
  });

  it.each([
    ['OPML', '<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>', /OPML/],
    ['unknown XML', '<?xml version="1.0"?><response><status>ok</status></response>', /<response>/],
    ['plain text', 'Service Temporarily Unavailable', /not XML or JSON/],
    ['a root named like an Object property', '<constructor><item/></constructor>', /<constructor>/],
    ['JSON that is not a feed', '{"status":"error","message":"rate limited"}', /not a JSON Feed/],
  ])('%s → unsupported', (_name, body, message) => {
    const e = failure(body);
    expect(e.code).toBe('unsupported');
    expect(e.message).toMatch(message);
  });

  it('broken JSON → malformed', () => {
    expect(failure('{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[').code).toBe(
      'malformed',
    );
  });

  it('items that all point to one URL are deduplicated by canonical URL, first kept', () => {
    const feed = parseFeed(
      rss(
        item(1, 'https://news.example.ps/home') +
          item(2, 'https://news.example.ps/home/?utm_source=rss') +
          item(3, 'https://m.news.example.ps/home#comments') +
          item(4, 'https://news.example.ps/home'),
      ),
      URL,
    );
    expect(feed.entries).toHaveLength(1);
    expect(feed.entries[0]!.title).toBe('خبر رقم 1');
  });

  it('the windows-1256 XML prolog of an already decoded body is not a problem', () => {
    const feed = parseFeed(rss(item(1), '<?xml version="1.0" encoding="windows-1256"?>\n'), URL);
    expect(feed.entries[0]!.title).toBe('خبر رقم 1');
  });

  it('leading whitespace and a BOM before the XML declaration are tolerated', () => {
    const feed = parseFeed(`\uFEFF\n\n  ${rss(item(1), '<?xml version="1.0"?>')}`, URL);
    expect(feed.entries).toHaveLength(1);
  });

  it('decodes entities (named, numeric, double-escaped) and CDATA in titles', () => {
    const feed = parseFeed(
      rss(
        '<item><title>&#1575;&#1604;&#1602;&#1583;&#1587; &amp;quot;اليوم&amp;quot; &#x2014; تقرير</title><link>https://news.example.ps/a/1</link></item>' +
          '<item><title><![CDATA[غزة: <span>إعادة</span> فتح المعبر & تسهيلات]]></title><link>https://news.example.ps/a/2</link></item>',
      ),
      URL,
    );
    expect(feed.entries.map((e) => e.title)).toEqual([
      'القدس "اليوم" — تقرير',
      'غزة: إعادة فتح المعبر & تسهيلات',
    ]);
  });

  it('repairs bare ampersands in links, a common publisher error, without touching CDATA', () => {
    const feed = parseFeed(
      rss(
        '<item><title>أ & ب</title><link>https://news.example.ps/a.php?id=1&cat=2</link><description><![CDATA[x &amp; y]]></description></item>',
      ),
      URL,
    );
    expect(feed.partial).toBeUndefined();
    expect(feed.entries[0]).toMatchObject({
      title: 'أ & ب',
      url: 'https://news.example.ps/a.php?id=1&cat=2',
      summary: 'x & y',
    });
  });

  it('a huge feed (10,000 items) parses completely', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => item(i)).join('');
    const feed = parseFeed(rss(items), URL);
    expect(feed.entries).toHaveLength(10_000);
    expect(feed.entries[9_999]!.url).toBe('https://news.example.ps/a/9999');
  });
});

describe('debris around the feed', () => {
  it('skips a PHP warning printed before the feed', () => {
    const body = `<br />\n<b>Warning</b>:  Cannot modify header information in <b>/var/www/rss.php</b> on line <b>12</b><br />\n${rss(item(1), '<?xml version="1.0" encoding="utf-8"?>')}`;
    expect(parseFeed(body, URL).entries.map((e) => e.title)).toEqual(['خبر رقم 1']);
  });

  it('skips a plain-text notice printed before the feed', () => {
    const body = `Notice: Undefined index: cat in /var/www/feed.php on line 3\n${rss(item(2))}`;
    expect(parseFeed(body, URL).entries).toHaveLength(1);
  });

  it('drops control characters XML forbids', () => {
    const feed = parseFeed(rss(item(1).replace('خبر', 'خبر\u000B\u001A')), URL);
    expect(feed.entries[0]!.title).toBe('خبر رقم 1');
  });
});
