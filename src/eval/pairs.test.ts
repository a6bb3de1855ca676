import { describe, expect, it } from 'vitest';
import { type LabelledPair, pearson, prf, ranks, rocAuc, scorePairs, spearman } from './pairs.ts';

describe('pair metrics', () => {
  it('computes precision, recall and F1', () => {
    // tp 2, fp 1, fn 1
    const p = prf([true, true, true, false, false], [true, true, false, true, false]);
    expect(p.precision).toBeCloseTo(2 / 3);
    expect(p.recall).toBeCloseTo(2 / 3);
    expect(p.f1).toBeCloseTo(2 / 3);
    expect(prf([false], [false])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it.each([
    ['perfect separation', [0.9, 0.8], [0.1, 0.2], 1],
    ['reversed', [0.1], [0.9], 0],
    ['all tied', [0.5, 0.5], [0.5], 0.5],
    ['one of two pairs ordered', [0.6, 0.2], [0.4], 0.5],
  ])('ROC AUC: %s', (_name, pos, neg, expected) => {
    expect(rocAuc(pos, neg)).toBeCloseTo(expected);
  });

  it('is NaN without one of the classes', () => {
    expect(rocAuc([], [1])).toBeNaN();
  });

  it('ranks ties with their mean rank', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  it('computes Pearson and Spearman', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1);
    // Monotone but not linear: Spearman 1, Pearson below 1.
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 100])).toBeCloseTo(1);
    expect(pearson([1, 2, 3, 4], [1, 4, 9, 100])).toBeLessThan(0.99);
    expect(pearson([1, 1], [1, 2])).toBeNaN();
  });
});

describe('scorePairs', () => {
  const pairs: LabelledPair[] = [
    { a: 'a', b: 'b', label: 'COPY' },
    { a: 'a', b: 'c', label: 'SAME_STORY' },
    { a: 'a', b: 'd', label: 'RELATED' },
    { a: 'a', b: 'e', label: 'UNRELATED' },
    { a: 'a', b: 'missing', label: 'COPY' },
  ];
  const judged = {
    b: { sameGroup: true, sameStory: true, score: 0.9 },
    c: { sameGroup: false, sameStory: true, score: 0.6 },
    d: { sameGroup: false, sameStory: true, score: 0.4 },
    e: { sameGroup: false, sameStory: false, score: 0.1 },
  } as const;

  it('measures copy and story agreement and the related AUCs, leaving out unknown ids', () => {
    const r = scorePairs(pairs, (p) => judged[p.b as keyof typeof judged] ?? null);
    expect(r.pairs).toBe(4);
    expect(r.copy).toEqual({ precision: 1, recall: 1, f1: 1 });
    // The RELATED pair was wrongly put in the story: precision 2/3.
    expect(r.story?.precision).toBeCloseTo(0.6667, 3);
    expect(r.story?.recall).toBe(1);
    expect(r.related_auc).toBe(1);
    expect(r.related_auc_any).toBe(1);
    expect(r.pearson).toBeUndefined();
  });

  it('correlates the score with −overall for graded pairs', () => {
    const graded: LabelledPair[] = [
      { a: 'a', b: 'b', overall: 1 },
      { a: 'a', b: 'c', overall: 2.5 },
      { a: 'a', b: 'e', overall: 4 },
    ];
    const r = scorePairs(graded, (p) => judged[p.b as keyof typeof judged] ?? null);
    expect(r.pearson).toBeGreaterThan(0.9);
    expect(r.spearman).toBe(1);
    expect(r.copy).toBeUndefined();
  });
});
