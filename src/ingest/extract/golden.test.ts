/**
 * Golden pages: test/pages/<case>/{source.html, expected.json}. expected.json is `{ url, article }` where
 * `article` lists the fields to check (null: the page has no article). Add a case with scripts/add-page.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, detectCharset } from '../fetch/charset.ts';
import { extract } from './index.ts';

const ROOT = join(import.meta.dirname, '../../../test/pages');
const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const OPTIONAL = [
  'author',
  'published',
  'modified',
  'image',
  'canonicalUrl',
  'language',
  'section',
  'publisherTags',
  'sourceLine',
  'quotes',
];

interface Expected {
  url: string;
  article: Record<string, unknown> | null;
}

describe('golden pages', () => {
  it('has the required cases', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'arabic-reference-shape',
        'jsonld-tweet',
        'windows-1256-meta',
        'home-page-null',
        'broken-html',
      ]),
    );
  });

  it.each(cases)('%s', (name) => {
    const html = readFileSync(join(ROOT, name, 'source.html'), 'utf8');
    const expected = JSON.parse(readFileSync(join(ROOT, name, 'expected.json'), 'utf8')) as Expected;
    const article = extract(html, expected.url);
    if (expected.article === null) {
      expect(article).toBeNull();
      return;
    }
    expect(article).not.toBeNull();
    const got: Record<string, unknown> = {};
    for (const key of Object.keys(expected.article))
      got[key] = (article as unknown as Record<string, unknown>)[key];
    expect(got).toEqual(expected.article);
    // Fields the case does not list must be absent: no invented author, date, quotes or tags.
    for (const key of OPTIONAL) {
      if (!(key in expected.article))
        expect((article as unknown as Record<string, unknown>)[key], key).toBeUndefined();
    }
    expect(article!.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads the windows-1256 page from its legacy bytes the same way', () => {
    const html = readFileSync(join(ROOT, 'windows-1256-meta', 'source.html'), 'utf8');
    const bytes = iconv.encode(html, 'windows-1256');
    const decoded = decodeBytes(bytes, detectCharset(bytes, null).charset);
    const article = extract(decoded, 'http://alwadi.example/news.php?id=1234');
    expect(article?.title).toBe('افتتاح معرض الكتاب في دورته الجديدة');
    expect(article?.text).toContain('بمشاركة أكثر من ثلاثمائة دار نشر');
  });

  it('keeps the reference-page boilerplate out of the body', () => {
    const html = readFileSync(join(ROOT, 'arabic-reference-shape', 'source.html'), 'utf8');
    const article = extract(html, 'https://nahar.example/economy/2024/12/02/agri-call')!;
    for (const junk of [
      'اقرأ أيضا',
      'إقرأ أيضاً',
      'القمح',
      'مقالات مشابهة',
      'الأكثر قراءة',
      'كلمات دلالية',
      'شارك',
      'طباعة',
      'تكبير الخط',
      'المزيد',
      'اشترك',
      'حمل تطبيق',
      'تابعونا',
      'المصدر',
    ]) {
      expect(article.text).not.toContain(junk);
    }
    // The teaser's tweet goes with the teaser: it is not a quote of this article.
    expect(article.quotes).toBeUndefined();
  });
});

describe('display html', () => {
  it('shows converted embeds as marked blockquotes, never as scripts or iframes', () => {
    const html = readFileSync(join(ROOT, 'jsonld-tweet', 'source.html'), 'utf8');
    const article = extract(html, 'https://khaleej.example/weather/cold-wave')!;
    expect(article.html).toMatch(/<blockquote[^>]*data-platform="x"[^>]*>/);
    expect(article.html).toMatch(/<blockquote[^>]*class="naba-quote"[^>]*>/);
    expect(article.html).toContain('data-platform="youtube"');
    expect(article.html).not.toMatch(/<script|<iframe|nabaquote/);
    expect(article.text).not.toContain('تنبيه');
  });
});
