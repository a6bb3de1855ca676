import { describe, expect, it } from 'vitest';
import { TAGS } from './conll.ts';
import { iob2Allowed, viterbi } from './perceptron.ts';

const tags = [...TAGS] as string[];
const T = tags.length;
const id = (t: string) => tags.indexOf(t);

describe('iob2Allowed', () => {
  const allowed = iob2Allowed(tags);
  const ok = (prev: string | null, cur: string) =>
    allowed[(prev === null ? T : id(prev)) * T + id(cur)] === 1;
  it.each([
    [null, 'I-PER', false],
    [null, 'B-PER', true],
    ['O', 'I-LOC', false],
    ['B-LOC', 'I-LOC', true],
    ['I-LOC', 'I-LOC', true],
    ['B-PER', 'I-ORG', false],
    ['I-ORG', 'B-ORG', true],
    ['B-MISC', 'O', true],
  ])('%s → %s: %s', (prev, cur, expected) => {
    expect(ok(prev, cur)).toBe(expected);
  });
});

describe('viterbi', () => {
  it('never puts I- after O even when its emission is best', () => {
    const emit = new Float64Array(2 * T);
    emit[0 * T + id('O')] = 1;
    emit[0 * T + id('B-PER')] = -10;
    emit[1 * T + id('I-PER')] = 5;
    emit[1 * T + id('B-PER')] = 1;
    const path = viterbi(emit, 2, T, new Float64Array((T + 1) * T), iob2Allowed(tags)).map((t) => tags[t]);
    expect(path).toEqual(['O', 'B-PER']);
  });

  it('uses transitions to continue a span', () => {
    const emit = new Float64Array(2 * T);
    emit[0 * T + id('B-ORG')] = 2;
    emit[1 * T + id('B-ORG')] = 1;
    emit[1 * T + id('I-ORG')] = 0.9;
    const trans = new Float64Array((T + 1) * T);
    trans[id('B-ORG') * T + id('I-ORG')] = 0.5;
    const path = viterbi(emit, 2, T, trans, iob2Allowed(tags)).map((t) => tags[t]);
    expect(path).toEqual(['B-ORG', 'I-ORG']);
  });
});
