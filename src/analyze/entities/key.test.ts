import { describe, expect, it } from 'vitest';
import { entityKey, keyWord } from './key.ts';

// Counts as the lexicon would hold them: how often each spelling was part of a name in training.
const nameWords = new Map<string, number>([
  ['العراق', 50],
  ['سوريا', 40],
  ['لبنان', 30],
  ['للبنان', 2],
  ['بيروت', 20],
  ['وبيروت', 1],
  ['ليبيا', 10],
]);

describe('keyWord', () => {
  it.each([
    ['والعراق', 'العراق'],
    ['بالعراق', 'العراق'],
    ['للعراق', 'العراق'],
    ['العراق', 'العراق'],
    ['لسوريا', 'سوريا'],
    ['وسوريا', 'سوريا'],
    ['لبنان', 'لبنان'],
    ['للبنان', 'لبنان'],
    ['وبيروت', 'بيروت'],
    ['لليبيا', 'ليبيا'],
    // Unseen words lose a clitic only before the article.
    ['والكرخ', 'الكرخ'],
    ['فرنسا', 'فرنسا'],
    ['بلير', 'بلير'],
    ['سوريّا', 'سوريا'],
    ['العراقُ', 'العراق'],
  ])('%s → %s', (word, key) => {
    expect(keyWord(word, nameWords).form).toBe(key);
  });
});

describe('entityKey', () => {
  it.each([
    [['ومحمد', 'شياع', 'السوداني'], 'ومحمد شياع السوداني'],
    [['لجامعة', 'الدول', 'العربية'], 'لجامعه الدول العربيه'],
    [['الأمم', 'المتحدة'], 'الامم المتحده'],
  ])('%j → %s', (words, key) => {
    expect(entityKey(words, nameWords)).toBe(key);
  });
});

describe('keyWord with the stream-attested clitic lexicon', () => {
  // Counts that would wrongly favour the stripped reading: the lexicon must win for words it knows.
  const misleading = new Map([
    ['سام', 50],
    ['يروت', 50],
  ]);

  it.each([
    ['بسام', 'بسام'],
    ['بيروت', 'بيروت'],
  ])('%s keeps its first letter', (word, key) => {
    expect(keyWord(word, misleading)).toEqual({ form: key, dropped: 0 });
  });

  it('still strips a real preposition', () => {
    expect(keyWord('لسوريا', new Map([['سوريا', 5]]))).toEqual({ form: 'سوريا', dropped: 1 });
  });
});
