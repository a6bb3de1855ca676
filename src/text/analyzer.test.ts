import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeWithIds, phraseSpans, phrases, terms } from './analyzer.ts';

// ../shared/reference-page.txt from the project root.
const REFERENCE = fileURLToPath(new URL('../../../shared/reference-page.txt', import.meta.url));

describe('analyze', () => {
  it('gives each token its text, norm, stem, offsets, stop flag and kind', () => {
    const input = 'قال وزیر الخارجیة، #الرياض';
    const tokens = analyze(input);
    expect(tokens.map((t) => t.kind)).toEqual(['word', 'word', 'word', 'punct', 'hashtag']);
    expect(tokens[0]).toMatchObject({ text: 'قال', norm: 'قال', stop: true });
    expect(tokens[1]).toMatchObject({
      text: 'وزیر',
      norm: 'وزير',
      stem: 'وزير',
      start: 4,
      end: 8,
      stop: false,
    });
    expect(tokens[2]).toMatchObject({ text: 'الخارجیة', norm: 'الخارجيه', stem: 'خارج' });
    expect(tokens[4]).toMatchObject({ text: '#الرياض', norm: '#الرياض', stem: 'رياض' });
    for (const t of tokens) expect(input.slice(t.start, t.end)).toBe(t.text);
  });

  it('lowercases latin stems', () => {
    expect(analyze('CNN')[0]).toMatchObject({ norm: 'cnn', stem: 'cnn', kind: 'word' });
  });

  it('numbers each token by its memo entry: the same word, the same number', () => {
    const input = 'وزير الخارجية يلتقي وزير الدفاع، وزير';
    const { tokens, ids } = analyzeWithIds(input);
    expect(tokens).toEqual(analyze(input));
    expect(ids!.ids).toHaveLength(tokens.length);
    expect(ids!.ids[0]).toBe(ids!.ids[3]);
    expect(ids!.ids[0]).toBe(ids!.ids[6]);
    expect(ids!.ids[1]).not.toBe(ids!.ids[4]);
    expect(analyzeWithIds('الخارجية').ids!.ids[0]).toBe(ids!.ids[1]);
  });

  it('returns nothing for empty input', () => {
    expect(analyze('')).toEqual([]);
    expect(terms('')).toEqual([]);
  });
});

describe('terms', () => {
  it('gives identical terms for the Persian-keyboard and Arabic spellings', () => {
    expect(terms('وزیر الخارجیة')).toEqual(terms('وزير الخارجية'));
    expect(terms('وزير الخارجية')).toEqual(['وزير', 'خارج']);
  });

  it.each([['والعراق'], ['بالعراق'], ['للعراق'], ['العراق'], ['عراق'], ['وبالعراق']])(
    'clitic form %s gives the stem of العراق',
    (word) => {
      expect(terms(word)).toEqual(['عراق']);
    },
  );

  it('drops stopwords and punctuation, keeps numbers and hashtags', () => {
    expect(terms('وأضاف أن الوزير وصل في ٢٠٢٤. #الرياض')).toEqual(['وزير', 'وصل', '2024', 'رياض']);
  });

  it('indexes each word of a multi-word hashtag', () => {
    expect(terms('#السعودية_تتحدث')).toEqual(['سعود', 'تتحدث']);
  });

  it.each([
    ['thousands separators', '1,000,000', '1000000'],
    ['arabic-indic with separators', '١٬٥٠٠', '1500'],
    ['decimal kept', '3.5', '3.5'],
    ['comma that is not a thousands separator', '1,5', '1,5'],
  ])('number term: %s', (_rule, input, expected) => {
    expect(terms(input)).toEqual([expected]);
  });

  it('skips links and mentions', () => {
    expect(terms('https://spa.gov.sa @spagov الرياض')).toEqual(['رياض']);
  });

  it('indexes english words lowercased without stopwords', () => {
    expect(terms('The Minister of Foreign Affairs')).toEqual(['minister', 'foreign', 'affairs']);
  });

  it.skipIf(!existsSync(REFERENCE))(
    'matches the Persian-keyboard tag of the reference page to its body',
    () => {
      const page = readFileSync(REFERENCE, 'utf8');
      const tagLine = page.split('\n').find((l) => l.includes('کلمات') || l.includes('كلمات دلالية'));
      expect(tagLine).toBeDefined();
      expect(tagLine).toContain('وزیر الخارجیة');
      const tag = terms('وزیر الخارجیة');
      const body = terms(page.slice(0, page.indexOf(tagLine!)));
      const at = body.findIndex((t, i) => t === tag[0] && body[i + 1] === tag[1]);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(terms(tagLine!)).toEqual(expect.arrayContaining(tag));
    },
  );

  it('handles a 100k-character input with the right number of terms', () => {
    const unit = 'وصل وزير الخارجية إلى الرياض، ';
    const input = unit.repeat(Math.ceil(100_000 / unit.length));
    const count = input.length / unit.length;
    expect(input.length).toBeGreaterThanOrEqual(100_000);
    const out = terms(input);
    expect(out).toHaveLength(count * 4);
    expect(out.slice(0, 4)).toEqual(['وصل', 'وزير', 'خارج', 'رياض']);
    expect(analyze(input)).toHaveLength(count * 6);
  });
});

describe('phrases', () => {
  it('gives n-grams with no stopword at either edge, not across punctuation', () => {
    const tokens = analyze('قال وزير الخارجية، في الرياض');
    expect(phrases(tokens, 2)).toEqual([['وزير'], ['وزير', 'الخارجيه'], ['الخارجيه'], ['الرياض']]);
  });

  it('keeps stopwords inside a phrase', () => {
    const tokens = analyze('خادم الحرمين في الرياض');
    expect(phrases(tokens, 4)).toContainEqual(['خادم', 'الحرمين', 'في', 'الرياض']);
    expect(phrases(tokens, 4)).not.toContainEqual(['الحرمين', 'في']);
  });

  it('respects maxN', () => {
    const tokens = analyze('رئيس مجلس الوزراء السعودي');
    expect(Math.max(...phrases(tokens, 2).map((p) => p.length))).toBe(2);
    expect(phraseSpans(tokens, 3)).toContainEqual({ from: 0, to: 3 });
  });

  it('returns nothing for empty input', () => {
    expect(phrases([], 3)).toEqual([]);
  });
});
