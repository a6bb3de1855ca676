import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

const show = (s: string) => tokenize(s).map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  it.each([
    ['arabic words on spaces', 'قال الوزير', ['word:قال', 'word:الوزير']],
    ['arabic comma splits', 'نعم، لا', ['word:نعم', 'punct:،', 'word:لا']],
    ['arabic question mark', 'هل؟', ['word:هل', 'punct:؟']],
    ['arabic semicolon', 'أولا؛ ثانيا', ['word:أولا', 'punct:؛', 'word:ثانيا']],
    ['arabic then digits', 'ب2024', ['word:ب', 'number:2024']],
    ['arabic with tatweel then latin', 'الـCNN', ['word:الـ', 'word:CNN']],
    ['diacritics stay inside', 'مُحَمَّدٌ', ['word:مُحَمَّدٌ']],
    ['tatweel stays inside', 'الفلسطينـــيين', ['word:الفلسطينـــيين']],
    ['zero-width non-joiner stays inside', 'می\u200Cشود', ['word:می\u200Cشود']],
    ['decimal number', '3.5 مليار', ['number:3.5', 'word:مليار']],
    ['thousands separators', '1,000,000', ['number:1,000,000']],
    ['arabic-indic decimal', '٣٫٥', ['number:٣٫٥']],
    ['full stop after a number', 'عام 2015.', ['word:عام', 'number:2015', 'punct:.']],
    ['hashtag', '#الرياض', ['hashtag:#الرياض']],
    ['hashtag with underscore and digits', '#رؤية_2030', ['hashtag:#رؤية_2030']],
    ['mention', '@Asaad_Shaibani', ['mention:@Asaad_Shaibani']],
    [
      'url with trailing punctuation',
      'https://spa.gov.sa/a?b=1.',
      ['url:https://spa.gov.sa/a?b=1', 'punct:.'],
    ],
    ['www url', 'www.alarabiya.net', ['url:www.alarabiya.net']],
    ['email', 'info@example.com', ['url:info@example.com']],
    ['latin with digits', 'G20', ['word:G20']],
    ['latin apostrophe', "don't", ["word:don't"]],
    ['ligature is a word', 'ﻻبد', ['word:ﻻبد']],
    ['quotes split', '"نعم"', ['punct:"', 'word:نعم', 'punct:"']],
    ['run of dots is one token', 'انتهى...', ['word:انتهى', 'punct:...']],
    ['guillemets', '«الرياض»', ['punct:«', 'word:الرياض', 'punct:»']],
  ])('%s', (_rule, input, expected) => {
    expect(show(input)).toEqual(expected);
  });

  it('keeps offsets into the input', () => {
    const input = ' قال  مُحَمَّد، #الرياض';
    for (const t of tokenize(input)) expect(input.slice(t.start, t.end)).toBe(t.text);
    expect(tokenize(input)[1]).toMatchObject({ start: 6, end: 14 });
  });

  it('splits latin text', () => {
    expect(show('The U.S. said')).toEqual([
      'word:The',
      'word:U',
      'punct:.',
      'word:S',
      'punct:.',
      'word:said',
    ]);
  });

  it('returns nothing for empty or blank input', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \n\t\u200F ')).toEqual([]);
  });

  it('handles a 100k-character input in one pass with the right token count', () => {
    const unit = 'قال الوزير، ';
    const input = unit.repeat(Math.ceil(100_000 / unit.length));
    const tokens = tokenize(input);
    const units = input.length / unit.length;
    expect(input.length).toBeGreaterThanOrEqual(100_000);
    expect(tokens.length).toBe(units * 3);
    expect(tokens.at(-1)).toMatchObject({ kind: 'punct', end: input.length - 1 });
  });
});
