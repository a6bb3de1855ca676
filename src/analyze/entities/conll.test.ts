import { describe, expect, it } from 'vitest';
import { canonicalTag, formatConll, isDev, isHeldOut, parseConll, spansOf } from './conll.ts';

describe('canonicalTag', () => {
  it.each([
    ['O', 'O'],
    ['B-PERS', 'B-PER'],
    ['I-PERS', 'I-PER'],
    ['B-PER', 'B-PER'],
    ['B-GPE', 'B-LOC'],
    ['I-LOC', 'I-LOC'],
    ['B-ORG', 'B-ORG'],
    ['B-MISC', 'B-MISC'],
    ['B-FAC', 'B-MISC'],
    ['S-LOC', 'B-LOC'],
    ['', 'O'],
    ['garbage', 'O'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalTag(raw)).toBe(expected);
  });
});

describe('spansOf (IOB2 decoding)', () => {
  it.each([
    { tags: ['O', 'O'], spans: [] },
    { tags: ['B-PER', 'I-PER', 'O'], spans: [['PER', 0, 2]] },
    {
      tags: ['B-PER', 'B-PER'],
      spans: [
        ['PER', 0, 1],
        ['PER', 1, 2],
      ],
    },
    // CoNLL convention: a stray I- opens a span.
    { tags: ['O', 'I-LOC', 'I-LOC'], spans: [['LOC', 1, 3]] },
    {
      tags: ['B-ORG', 'I-LOC'],
      spans: [
        ['ORG', 0, 1],
        ['LOC', 1, 2],
      ],
    },
    {
      tags: ['B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'I-ORG'],
      spans: [
        ['LOC', 0, 2],
        ['ORG', 2, 5],
      ],
    },
    {
      tags: ['B-MISC', 'O', 'B-PER'],
      spans: [
        ['MISC', 0, 1],
        ['PER', 2, 3],
      ],
    },
  ])('$tags', ({ tags, spans }) => {
    expect(spansOf(tags).map((s) => [s.type, s.start, s.end])).toEqual(spans);
  });
});

describe('parseConll', () => {
  it('reads two-column ANERcorp style with PERS', () => {
    const text = 'قال O\nالرئيس O\nعلي B-PERS\nحسن I-PERS\n\nفي O\nبغداد B-LOC\n';
    const s = parseConll(text);
    expect(s).toHaveLength(2);
    expect(s[0]!.tokens).toEqual(['قال', 'الرئيس', 'علي', 'حسن']);
    expect(s[0]!.tags).toEqual(['O', 'O', 'B-PER', 'I-PER']);
    expect(s[1]!.tags).toEqual(['O', 'B-LOC']);
  });

  it('reads the last of four tab-separated columns (NewsFANE)', () => {
    const text = 'المانيا\tB-Nation\tB-GPE\tB-LOC\nو\tO\tO\tO\nالعرب\tB-Group\tB-NORP\tO\n';
    const [s] = parseConll(text);
    expect(s!.tokens).toEqual(['المانيا', 'و', 'العرب']);
    expect(s!.tags).toEqual(['B-LOC', 'O', 'O']);
  });

  it('round-trips through formatConll', () => {
    const sentences = [{ tokens: ['زار', 'دمشق'], tags: ['O', 'B-LOC'] }];
    expect(parseConll(formatConll(sentences))).toEqual(sentences);
  });
});

describe('isHeldOut', () => {
  it.each([
    [0, false],
    [899, false],
    [900, true],
    [999, true],
    [1000, false],
    [1950, true],
  ])('sentence %i → %s', (i, expected) => {
    expect(isHeldOut(i)).toBe(expected);
  });
});

describe('isDev', () => {
  it.each([
    [0, false],
    [399, false],
    [400, true],
    [499, true],
    [500, false],
    [1450, true],
    [900, false],
  ])('sentence %i → %s', (i, expected) => {
    expect(isDev(i)).toBe(expected);
    // The dev split lies inside the training part: never a held-out sentence.
    if (expected) expect(isHeldOut(i)).toBe(false);
  });
});
