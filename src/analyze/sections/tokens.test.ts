import { describe, expect, it } from 'vitest';
import { analyze, analyzeWithIds } from '../../text/analyzer.ts';
import { headTokens, sectionTokensAnalyzer, sectionTokensFromAnalyzed } from './tokens.ts';

// Texts written for this test: cuts inside words, numbers, links, hashtags, and no whitespace at all.
const TEXTS = [
  'قال وزير الخارجية إن المحادثات مع نظيره العراقي تناولت أمن المنطقة',
  'ارتفع المؤشر 1,250.75 نقطة في تداولات اليوم http://example.com/news?id=12 وفق البيان',
  '#رؤية_2030 تدعم المشاريع الصغيرة... والمتوسطة!!',
  'كلمةطويلةبلافراغاتعلىالإطلاق',
  'don’t stop, said the CEO of G20 @someone',
];

describe('headTokens', () => {
  it('gives the tokens of the cut text from those of the whole text', () => {
    for (const text of TEXTS) {
      for (let cut = 1; cut <= text.length + 1; cut++) {
        expect(headTokens(text, analyze(text), cut).tokens).toEqual(analyze(text.slice(0, cut)));
      }
    }
  });

  it('gives the memo numbers of the cut text too', () => {
    for (const text of TEXTS) {
      const whole = analyzeWithIds(text);
      for (let cut = 1; cut <= text.length; cut += 7) {
        const head = headTokens(text, whole.tokens, cut, whole.ids!);
        expect(Array.from(head.ids!.ids)).toEqual(Array.from(analyzeWithIds(text.slice(0, cut)).ids!.ids));
      }
    }
  });
});

describe('sectionTokensFromAnalyzed', () => {
  it('reads what the classifier would read from the text: title, newline, head of the body', () => {
    const title = 'المنتخب يفوز بالمباراة';
    for (const body of TEXTS) {
      for (const maxChars of [10, 25, 1000]) {
        const want = sectionTokensAnalyzer(`${title}\n${body.slice(0, maxChars)}`);
        const got = sectionTokensFromAnalyzed(analyze(title), body, analyze(body), maxChars);
        expect(got).toEqual(want);
        const withIds = sectionTokensFromAnalyzed(analyze(title), body, analyze(body), maxChars, {
          title: analyzeWithIds(title).ids!,
          body: analyzeWithIds(body).ids!,
        });
        expect({ words: withIds.words, terms: withIds.terms }).toEqual(want);
        expect(withIds.wordIds!.ids).toHaveLength(want.words.length);
      }
    }
  });
});
