import { describe, expect, it } from 'vitest';
import {
  aggregate,
  articleContent,
  benchmarkTokens,
  exactMatch,
  precisionScore,
  recallScore,
  scoreExtraction,
  shingleMatching,
  shingles,
  type TpFpFn,
} from './extract.ts';

describe('benchmark tokenizer (Python \\w+)', () => {
  it.each([
    // Apostrophe and hyphen split; underscore and digits (ASCII or Arabic-Indic) are word characters.
    ["Don't stop_me 2024-11 ١٢٣", ['Don', 't', 'stop_me', '2024', '11', '١٢٣']],
    // Harakat are combining marks, not \w in Python: they split the word.
    ['مُحَمَّد', ['م', 'ح', 'م', 'د']],
    // Persian yeh is a letter like any other.
    ['وزیر الخارجیة', ['وزیر', 'الخارجیة']],
    ['', []],
    ['— … !', []],
  ])('%j', (text, tokens) => {
    expect(benchmarkTokens(text)).toEqual(tokens);
  });
});

describe('shingles', () => {
  it('builds word 4-grams as a multiset', () => {
    // "x x x x x" has 5 tokens → 2 windows, both (x x x x).
    expect([...shingles('x x x x x').values()]).toEqual([2]);
  });
  it('gives one short shingle for a text under 4 tokens and none for an empty one', () => {
    expect(shingles('hello world').size).toBe(1);
    expect(shingles('').size).toBe(0);
  });
});

describe('per-page tp/fp/fn', () => {
  it.each<[string, string, string, TpFpFn, number, number]>([
    // gold windows (a b c d), (b c d e); predicted (a b c d): tp 1, fp 0, fn 1 → /2 → P = 1, R = 0.5.
    ['one window missed', 'a b c d e', 'a b c d', [0.5, 0, 0.5], 1, 0.5],
    // gold (a b c d); predicted (a b c d), (b c d z): tp 1, fp 1 → /2 → P = 0.5, R = 1.
    ['one window extra', 'a b c d', 'a b c d z', [0.5, 0.5, 0], 0.5, 1],
    // x x x x x → 2 × (x x x x); predicted 1 × → tp 1, fn 1: counts matter, not just presence.
    ['multiset counts', 'x x x x x', 'x x x x', [0.5, 0, 0.5], 1, 0.5],
    // identical short texts: fp = fn = 0 → P = R = 1.
    ['identical', 'hello world', 'hello, world!', [1, 0, 0], 1, 1],
    // nothing predicted: (0, 0, 1) → P = 0 by the tp = fp = 0 rule, R = 0.
    ['empty prediction', 'a b c d', '', [0, 0, 1], 0, 0],
  ])('%s', (_name, truth, pred, tpfpfn, p, r) => {
    const got = shingleMatching(truth, pred);
    expect(got).toEqual(tpfpfn);
    expect(precisionScore(got)).toBe(p);
    expect(recallScore(got)).toBe(r);
  });

  it('gives all zeros when both texts are empty', () => {
    expect(shingleMatching('', '')).toEqual([0, 0, 0]);
  });
});

describe('aggregate (macro over pages, F1 of the means)', () => {
  it('leaves empty predictions out of precision but not out of recall', () => {
    // Page 1: P = 1, R = 0.5. Page 2 (empty prediction): no precision, R = 0. Page 3 (both empty): neither.
    // P = mean(1) = 1; R = mean(0.5, 0) = 0.25; F1 = 2·1·0.25 / 1.25 = 0.4.
    const s = aggregate([
      [0.5, 0, 0.5],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(0.25);
    expect(s.f1).toBeCloseTo(0.4, 12);
    expect(s.pages).toBe(3);
  });

  it('averages exactly like statistics.mean', () => {
    // Ten pages with P = 0.1/(0.1+0.9) = 0.1: a naive sum/10 gives 0.09999999999999999, Python gives 0.1.
    const pages: TpFpFn[] = Array.from({ length: 10 }, () => [0.1, 0.9, 0] as const);
    expect(aggregate(pages).precision).toBe(0.1);
  });
});

describe('scoreExtraction', () => {
  it('scores a missing prediction as empty and counts exact token matches', () => {
    const gold = new Map([
      ['a', 'one two three four five'],
      ['b', 'six seven eight nine'],
    ]);
    // a: windows (one two three four), (two three four five) both found → P = R = 1, exact.
    // b: missing → R = 0, no precision. P = 1, R = 0.5, F1 = 2·0.5/1.5 = 2/3, accuracy = 1/2.
    const s = scoreExtraction(gold, new Map([['a', 'one two three four five']]));
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(0.5);
    expect(s.f1).toBeCloseTo(2 / 3, 12);
    expect(s.accuracy).toBe(0.5);
    expect(exactMatch('a, b', 'a b')).toBe(1);
  });
});

describe('articleContent', () => {
  it('appends embedded posts with their attribution after the body', () => {
    const text = articleContent({
      id: 'x',
      sourceId: '',
      url: 'https://a.example/1',
      title: 't',
      text: 'نص الخبر',
      quotes: [
        { platform: 'x', author: 'هيئة الأرصاد', handle: '@met', date: 'January 1, 2025', text: 'تنبيه' },
      ],
    });
    expect(text).toBe('نص الخبر\n\nتنبيه\n\n— هيئة الأرصاد (@met) January 1, 2025');
    expect(articleContent(null)).toBe('');
  });
});
