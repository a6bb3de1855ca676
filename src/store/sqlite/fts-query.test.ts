import { describe, expect, it } from 'vitest';
import { ftsMatchExpression, quoteFtsTerm } from './fts-query.ts';

describe('ftsMatchExpression', () => {
  it.each([
    [['تفجير'], {}, '"تفجير"'],
    [['تفجير', 'مسجد'], {}, '"تفجير" AND "مسجد"'],
    [['تفجير', 'مسجد'], { match: 'any' as const }, '"تفجير" OR "مسجد"'],
    [['ولي', 'عهد'], { phrase: true }, '"ولي" + "عهد"'],
    [['ولي عهد'], {}, '"ولي" AND "عهد"'],
    [['OR', 'NEAR'], {}, '"OR" AND "NEAR"'],
    [['say"hi'], {}, '"say""hi"'],
    [['نص*', '-رياض'], {}, '"نص*" AND "-رياض"'],
    [['', '  ', '…', '"'], {}, null],
    [[], {}, null],
  ])('%j with %j gives %s', (terms, options, expected) => {
    expect(ftsMatchExpression(terms, options)).toBe(expected);
  });

  it('doubles quotes so a term cannot close its string', () => {
    expect(quoteFtsTerm('a"b""c')).toBe('"a""b""""c"');
  });
});
