import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.ts';
import { isStopword, stopwords } from './stopwords.ts';

describe('isStopword', () => {
  it.each([
    ['preposition', 'في'],
    ['preposition with hamza, normalized', 'إلى'],
    ['preposition with clitic pronoun', 'عليها'],
    ['conjunction + preposition', 'وفي'],
    ['pronoun', 'هو'],
    ['demonstrative', 'هذه'],
    ['relative pronoun', 'الذي'],
    ['particle', 'لم'],
    ['news filler', 'أضاف'],
    ['news filler with waw', 'وأضاف'],
    ['news filler', 'أكد'],
    ['news filler feminine', 'قالت'],
    ['single letter', 'و'],
    ['english article', 'the'],
    ['english auxiliary', 'was'],
  ])('%s: %s', (_rule, word) => {
    expect(isStopword(normalize(word))).toBe(true);
  });

  it.each([['وزير'], ['الحكومة'], ['الرياض'], ['محمد'], ['government'], ['2024']])(
    'content word: %s',
    (word) => {
      expect(isStopword(normalize(word))).toBe(false);
    },
  );

  it('stores every entry in normalized form', () => {
    for (const w of stopwords()) expect(normalize(w)).toBe(w);
  });

  it('matches the Persian-keyboard spelling of a stopword', () => {
    expect(isStopword(normalize('فی'))).toBe(true);
  });
});
