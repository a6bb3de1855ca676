import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeArticle } from './index.ts';
import { phraseKey } from './keyphrases/key.ts';

const REFERENCE = fileURLToPath(new URL('../../../shared/reference-page.txt', import.meta.url));
const SOURCE_LINE = 'المصدر: صدى البلد';

const has = (tags: string[], phrase: string) => tags.some((t) => phraseKey(t) === phraseKey(phrase));

describe.runIf(existsSync(REFERENCE))('analyzeArticle on the reference page', () => {
  const page = existsSync(REFERENCE) ? readFileSync(REFERENCE, 'utf8') : '';
  const main = page.slice(0, page.indexOf(SOURCE_LINE) + SOURCE_LINE.length);
  const a = analyzeArticle({ title: '', text: main });

  it('tags the people, places and subject an editor would', () => {
    expect(a.tags.length).toBeGreaterThanOrEqual(5);
    expect(a.tags.length).toBeLessThanOrEqual(10);
    expect(has(a.tags, 'فؤاد حسين')).toBe(true);
    expect(has(a.tags, 'بسام صباغ')).toBe(true);
    expect(has(a.tags, 'العراق')).toBe(true);
    expect(has(a.tags, 'سوريا')).toBe(true);
    expect(
      a.tags.slice(0, 5).some((t) => has([t], 'فؤاد حسين') || has([t], 'العراق') || has([t], 'سوريا')),
    ).toBe(true);
  });

  it('does not tag the page’s furniture or its sources', () => {
    for (const junk of ['المزيد', 'كلمات دلالية', 'صدى البلد', 'السومرية نيوز', 'السبت', 'أمس']) {
      expect(has(a.tags, junk)).toBe(false);
    }
  });

  it('shows tags in the article’s spelling, never a stem', () => {
    for (const t of a.tags) expect(main.includes(t)).toBe(true);
  });

  it('merges near-duplicates into one tag', () => {
    const keys = a.tags.map(phraseKey);
    expect(new Set(keys).size).toBe(keys.length);
    // The full name absorbs the surname alone.
    if (has(a.tags, 'محمد شياع السوداني')) expect(a.tags).not.toContain('السوداني');
  });

  it('finds the quoted sources', () => {
    expect(a.quotedSources.map((q) => [q.kind, q.name])).toEqual([
      ['outlet', 'السومرية نيوز'],
      ['source-line', 'صدى البلد'],
    ]);
  });

  it('gives terms, entities, language and a section', () => {
    expect(a.language).toBe('ar');
    expect(a.terms.length).toBeGreaterThan(100);
    expect(a.entities.some((e) => e.type === 'PER' && e.text === 'فؤاد حسين')).toBe(true);
    expect(a.entities.some((e) => e.text.includes('السومرية'))).toBe(false);
    expect(a.section).toMatch(/^(politics|international)$/);
    expect(a.sectionConfidence).toBeGreaterThan(0);
  });

  it('keeps tags about the article when the related-links box follows it', () => {
    const full = analyzeArticle({ title: '', text: page });
    expect(has(full.tags, 'المزيد')).toBe(false);
    expect(has(full.tags, 'العراق') || has(full.tags, 'سوريا')).toBe(true);
  });
});

describe('analyzeArticle on bad input', () => {
  it.each([
    ['empty', '', ''],
    ['whitespace', ' \n\t ', ''],
    ['emoji only', '😀😀😀 🎉', ''],
    ['digits only', '123 456 ٧٨٩', ''],
  ])('%s: empty analysis, no crash', (_, title, text) => {
    const a = analyzeArticle({ title, text: text || title });
    expect(a.tags).toEqual([]);
    expect(a.entities).toEqual([]);
    expect(a.quotedSources).toEqual([]);
    expect(a.language).toBe('other');
    expect(a.section).toBe('');
    expect(a.sectionConfidence).toBe(0);
  });

  it('English text: English terms and tags, no crash', () => {
    const text =
      'The central bank raised interest rates. The central bank said inflation was high. Interest rates rose.';
    const a = analyzeArticle({ title: 'Central bank raises rates', text });
    expect(a.language).toBe('en');
    expect(a.terms).toContain('bank');
    expect(a.tags.some((t) => t.toLowerCase().includes('bank'))).toBe(true);
  });

  it('mixed Arabic and English: both kinds of words are terms', () => {
    const a = analyzeArticle({
      title: 'شركة Apple تطلق iPhone جديدا',
      text: 'أعلنت شركة Apple عن هاتف iPhone الجديد. وقالت شركة Apple إن هاتف iPhone يصل الأسواق قريبا.',
    });
    expect(a.language).toBe('ar');
    expect(a.terms).toContain('apple');
    expect(a.titleTerms).toContain('iphone');
    expect(a.tags.length).toBeGreaterThan(0);
  });

  it('a 5 MB text: terms for all of it, tags from its start, no crash', () => {
    const sentence = 'بحث وزير الخارجية السعودي مع نظيره العراقي تطورات الأوضاع في المنطقة. ';
    const text = sentence.repeat(Math.ceil(5_000_000 / sentence.length));
    const a = analyzeArticle({ title: 'عنوان', text });
    expect(text.length).toBeGreaterThanOrEqual(5_000_000);
    expect(a.terms.length).toBeGreaterThan(500_000);
    expect(a.tags.length).toBeGreaterThan(0);
    expect(a.tags.length).toBeLessThanOrEqual(10);
  });

  it('tolerates missing fields', () => {
    const a = analyzeArticle({ title: undefined as unknown as string, text: null as unknown as string });
    expect(a.tags).toEqual([]);
    expect(a.terms).toEqual([]);
  });
});

describe('analyzeArticle across the analyzer memo starting over', () => {
  // The parts keep per-word tables by the analyzer's memo numbers; the memo starting over must not change
  // any result.
  const article = {
    title: 'وزير الخارجية العراقي يبحث مع نظيره السوري أمن الحدود',
    text: 'بحث وزير الخارجية العراقي فؤاد حسين مع نظيره السوري بسام صباغ في اتصال هاتفي أمن الحدود (واس). وأكد حسين أهمية التنسيق، بحسب صحيفة الصباح.',
  };
  const flood = (n: number, tag: string) => {
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(`${tag}${i.toString(36)}`);
    analyzeArticle({ title: '', text: words.join(' ') }, { entities: false, sections: false });
  };

  it('gives the same analysis before and after', () => {
    const before = analyzeArticle(article);
    flood(310_000, 'a');
    expect(analyzeArticle(article)).toEqual(before);
    flood(299_990, 'b');
    expect(analyzeArticle(article)).toEqual(before);
    expect(analyzeArticle(article)).toEqual(before);
  }, 60_000);
});
