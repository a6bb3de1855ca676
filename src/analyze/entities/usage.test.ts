import { describe, expect, it } from 'vitest';
import { buildUsage, profileOf } from './usage.ts';

// Invented sentences: `كتاب` is a common noun (with and without ال, and with pronouns), `كولكول` a name.
const sentences = [
  ...Array.from({ length: 6 }, () => ['قرأ', 'الكتاب', 'في', 'كولكول']),
  ...Array.from({ length: 4 }, () => ['وجد', 'كتابه', 'وكتاب', 'اخر']),
  ['زار', 'كولكول', 'أمس'],
];

describe('buildUsage', () => {
  const usage = buildUsage(sentences);

  it('tells a word that takes the article and pronouns from one that takes neither', () => {
    // كتاب: 10 times, 6 with ال (ratio 0.6 → bucket 3), and كتابه occurs.
    expect(profileOf(usage.get('كتاب'))).toEqual({ freq: '2', article: '3', pronoun: '1', use: '231' });
    // كولكول: 7 times, never with ال nor a pronoun.
    expect(profileOf(usage.get('كولكول'))).toEqual({ freq: '1', article: '0', pronoun: '0', use: '100' });
  });

  it('keeps only words seen at least minCount times', () => {
    expect(usage.has('زار')).toBe(false);
    expect(buildUsage(sentences, 1).has('زار')).toBe(true);
  });

  it('reads a missing profile as rare', () => {
    expect(profileOf(undefined)).toEqual({ freq: 'rare', article: '?', pronoun: '?', use: 'rare??' });
  });
});
