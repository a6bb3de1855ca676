import { describe, expect, it } from 'vitest';
import type { Source } from '../model.ts';
import { FeedError } from './feeds/errors.ts';
import { parseOpml, toOpml } from './opml.ts';

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>مصادري الإخبارية</title></head>
  <body>
    <outline text="الخليج">
      <outline type="rss" text="صحيفة الشرق" title="صحيفة الشرق اليومية" xmlUrl="https://alsharq.example/rss.xml" htmlUrl="https://alsharq.example/" language="ar"/>
      <outline type="rss" text="وكالة الأنباء" xmlUrl="https://wire.example.org/ar/feed?cat=1&amp;lang=ar"/>
    </outline>
    <outline text="تقنية">
      <outline text="فرعي">
        <outline type="rss" text="  مدونة   البرمجة " xmlUrl="https://code-blog.example/atom.xml" htmlUrl="https://code-blog.example"/>
      </outline>
    </outline>
    <outline type="rss" text="مكرر" xmlUrl="https://alsharq.example/rss.xml?utm_source=opml"/>
    <outline type="link" text="رابط فقط" url="https://example.com/page"/>
    <outline type="rss" xmlUrl="https://untitled.example/feed"/>
  </body>
</opml>`;

describe('parseOpml', () => {
  const parsed = parseOpml(OPML);

  it('reads the title', () => {
    expect(parsed.title).toBe('مصادري الإخبارية');
  });

  it('flattens folders, prefers title to text, names untitled feeds by host, skips non-feeds and duplicates', () => {
    expect(parsed.sources).toEqual([
      {
        name: 'صحيفة الشرق اليومية',
        feedUrl: 'https://alsharq.example/rss.xml',
        siteUrl: 'https://alsharq.example/',
        language: 'ar',
      },
      { name: 'وكالة الأنباء', feedUrl: 'https://wire.example.org/ar/feed?cat=1&lang=ar' },
      {
        name: 'مدونة البرمجة',
        feedUrl: 'https://code-blog.example/atom.xml',
        siteUrl: 'https://code-blog.example/',
      },
      { name: 'untitled.example', feedUrl: 'https://untitled.example/feed' },
    ]);
  });

  it('forgives bare ampersands in attributes', () => {
    const xml =
      '<opml version="1.0"><head/><body><outline text="أ" xmlUrl="https://a.example/rss.php?x=1&y=2"/></body></opml>';
    expect(parseOpml(xml).sources[0]!.feedUrl).toBe('https://a.example/rss.php?x=1&y=2');
  });

  it.each([
    ['empty', '', 'empty'],
    ['not OPML', '<rss version="2.0"><channel/></rss>', 'unsupported'],
    ['malformed', '<opml><head><title>x</head></opml>', 'malformed'],
  ])('%s → FeedError %s at stage opml', (_name, xml, code) => {
    let err: unknown;
    try {
      parseOpml(xml);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FeedError);
    expect((err as FeedError).code).toBe(code);
    expect((err as FeedError).stage).toBe('opml');
    expect((err as FeedError).message).toMatch(/^opml: /);
  });
});

describe('toOpml → parseOpml round trip', () => {
  const sources: Source[] = [
    {
      id: 's1',
      name: 'صحيفة "الرأي" & الرأي الآخر',
      siteUrl: 'https://alrai.example/',
      feeds: ['https://alrai.example/rss/latest.xml', 'https://alrai.example/rss/sport.xml?a=1&b=2'],
      language: 'ar',
      paused: false,
    },
    {
      id: 's2',
      name: 'Gulf Tech',
      siteUrl: 'https://gulftech.example/',
      feeds: ['https://gulftech.example/feed'],
      language: 'en',
      paused: true,
    },
  ];

  it('gives back every feed with its name, site and language', () => {
    const xml = toOpml(sources, 'مصادر نبأ');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>/);
    const back = parseOpml(xml);
    expect(back.title).toBe('مصادر نبأ');
    expect(back.sources).toEqual([
      {
        name: 'صحيفة "الرأي" & الرأي الآخر',
        feedUrl: 'https://alrai.example/rss/latest.xml',
        siteUrl: 'https://alrai.example/',
        language: 'ar',
      },
      {
        name: 'صحيفة "الرأي" & الرأي الآخر',
        feedUrl: 'https://alrai.example/rss/sport.xml?a=1&b=2',
        siteUrl: 'https://alrai.example/',
        language: 'ar',
      },
      {
        name: 'Gulf Tech',
        feedUrl: 'https://gulftech.example/feed',
        siteUrl: 'https://gulftech.example/',
        language: 'en',
      },
    ]);
  });

  it('writes an empty list as a valid, empty OPML', () => {
    expect(parseOpml(toOpml([])).sources).toEqual([]);
  });
});
