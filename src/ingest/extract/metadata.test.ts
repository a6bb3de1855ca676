import { describe, expect, it } from 'vitest';
import { parseDocument } from './dom.ts';
import { cleanTitle, type PageMetadata, parseJsonLoose, readMetadata } from './metadata.ts';

const page = (head: string, body = '', lang = '') =>
  readMetadata(parseDocument(`<html${lang}><head>${head}</head><body>${body}</body></html>`));
const ld = (json: unknown) => `<script type="application/ld+json">${JSON.stringify(json)}</script>`;

describe('readMetadata', () => {
  it.each<[string, string, string, Partial<PageMetadata>]>([
    [
      'JSON-LD NewsArticle',
      ld({
        '@type': 'NewsArticle',
        headline: 'افتتاح المعرض',
        datePublished: '2024-05-01T10:00:00+03:00',
        author: { name: 'هدى' },
      }),
      '',
      {
        title: 'افتتاح المعرض',
        published: '2024-05-01T10:00:00+03:00',
        author: 'هدى',
        declaredArticle: true,
      },
    ],
    [
      '@graph with an array of types',
      ld({
        '@graph': [
          { '@type': 'WebPage' },
          { '@type': ['ReportageNewsArticle', 'NewsArticle'], headline: 'تقرير ميداني' },
        ],
      }),
      '',
      { title: 'تقرير ميداني', declaredArticle: true },
    ],
    [
      'top-level array, several authors, image object, section list',
      ld([
        {
          '@type': 'Article',
          headline: 'ح',
          author: [{ name: 'أ' }, { name: 'ب' }],
          image: { url: 'https://x.example/i.jpg' },
          articleSection: ['رياضة', 'محلي'],
        },
      ]),
      '',
      { author: 'أ، ب', image: 'https://x.example/i.jpg', section: 'رياضة' },
    ],
    [
      'OpenGraph and article:* meta',
      '<meta property="og:title" content="عنوان"><meta property="og:image" content="https://x.example/og.jpg"><meta property="og:site_name" content="الوطن"><meta property="article:published_time" content="2024-01-02T03:04:05Z"><meta property="article:modified_time" content="2024-01-03T00:00:00Z"><meta property="article:section" content="سياسة"><meta property="og:type" content="article">',
      '',
      {
        title: 'عنوان',
        image: 'https://x.example/og.jpg',
        siteName: 'الوطن',
        published: '2024-01-02T03:04:05Z',
        modified: '2024-01-03T00:00:00Z',
        section: 'سياسة',
        declaredArticle: true,
      },
    ],
    [
      'article:tag, keywords and the Arabic comma',
      '<meta property="article:tag" content="غزة"><meta property="article:tag" content="مصر"><meta name="keywords" content="سياسة، اقتصاد">',
      '',
      { tags: ['غزة', 'مصر', 'سياسة', 'اقتصاد'] },
    ],
    [
      'name=author and <time datetime>',
      '<meta name="author" content="سعيد">',
      '<article><time datetime="2023-07-08T09:00:00+01:00">8 يوليو</time></article>',
      { author: 'سعيد', published: '2023-07-08T09:00:00+01:00' },
    ],
    [
      'canonical link over og:url',
      '<link rel="canonical" href="https://x.example/a/1"><meta property="og:url" content="https://x.example/a/1?amp">',
      '',
      { canonicalUrl: 'https://x.example/a/1' },
    ],
    [
      'og:type website is a listing hint',
      '<meta property="og:type" content="website">',
      '',
      { declaredArticle: false, declaredListing: true },
    ],
  ])('%s', (_name, head, body, expected) => {
    expect(page(head, body)).toMatchObject(expected);
  });

  it('reads <html lang>', () => {
    expect(page('', '', ' lang="ar-SA"').language).toBe('ar-SA');
  });

  it('survives broken JSON-LD and falls back to meta tags', () => {
    const m = page(
      '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script><meta property="og:title" content="بديل">',
    );
    expect(m.title).toBe('بديل');
    expect(m.declaredArticle).toBe(false);
  });

  it('keeps the JSON-LD articleBody', () => {
    expect(page(ld({ '@type': 'NewsArticle', articleBody: 'نص &amp; تفاصيل' })).articleBody).toBe(
      'نص & تفاصيل',
    );
  });
});

describe('parseJsonLoose', () => {
  it.each([
    ['{"a": 1,}', { a: 1 }],
    ['{"a": "line\nbreak"}', { a: 'line break' }],
    ['<![CDATA[{"a": 2}]]>', { a: 2 }],
  ])('%j', (raw, expected) => {
    expect(parseJsonLoose(raw)).toEqual(expected);
  });
});

describe('cleanTitle', () => {
  it.each([
    ['وزير الخارجية يتلقى اتصالا من نظيره | صدى البلد', 'صدى البلد', 'وزير الخارجية يتلقى اتصالا من نظيره'],
    ['وزير الخارجية يتلقى اتصالا من نظيره - بوابة الأهرام', undefined, 'وزير الخارجية يتلقى اتصالا من نظيره'],
    [
      'الجزيرة نت | ارتفاع أسعار النفط في الأسواق العالمية',
      'الجزيرة نت',
      'ارتفاع أسعار النفط في الأسواق العالمية',
    ],
    // A dash inside the headline is kept when what follows is not a short site name.
    [
      'مصر - السودان: مباحثات حول مياه النيل تستأنف الأسبوع المقبل',
      undefined,
      'مصر - السودان: مباحثات حول مياه النيل تستأنف الأسبوع المقبل',
    ],
    ['عنوان قصير', 'موقع', 'عنوان قصير'],
  ])('%s', (title, site, expected) => {
    expect(cleanTitle(title, site)).toBe(expected);
  });
});
