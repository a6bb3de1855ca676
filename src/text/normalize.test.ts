import { describe, expect, it } from 'vitest';
import { fold, normalize, normalizeLetters, normalizeWithOffsets } from './normalize.ts';

describe('normalizeLetters', () => {
  it.each([
    ['alef hamza above', 'أحمد', 'احمد'],
    ['alef hamza below', 'إسلام', 'اسلام'],
    ['alef madda', 'آخر', 'اخر'],
    ['alef wasla', 'ٱلله', 'الله'],
    ['hamza on waw kept', 'مسؤول', 'مسؤول'],
    ['hamza on yeh kept', 'رئيس', 'رئيس'],
    ['bare hamza kept', 'سماء', 'سماء'],
    ['farsi yeh', 'وزیر', 'وزير'],
    ['keheh', 'کتاب', 'كتاب'],
    ['gaf', 'گوگل', 'كوكل'],
    ['ae', 'مدرسە', 'مدرسه'],
    ['heh goal', 'ہذا', 'هذا'],
    ['peh', 'پاريس', 'باريس'],
    ['tcheh', 'چاد', 'جاد'],
    ['jeh', 'ژان', 'زان'],
    ['veh', 'ڤولفو', 'فولفو'],
    ['fatha damma kasra shadda sukun tanween', 'مُحَمَّدٌ', 'محمد'],
    ['superscript alef', 'هٰذا', 'هذا'],
    ['quranic marks', 'ٱلرَّحِيمِ۝', 'الرحيم'],
    ['tatweel', 'الـــعربية', 'العربية'],
    ['zero width non-joiner', 'عر\u200Cبي', 'عربي'],
    ['zero width space', 'عر\u200Bبي', 'عربي'],
    ['right-to-left mark', '\u200Fسلام', 'سلام'],
    ['bidi embedding', '\u202Bسلام\u202C', 'سلام'],
    ['arabic letter mark', 'سلام\u061C', 'سلام'],
    ['presentation forms', 'ﻣﺤﻤﺪ', 'محمد'],
    ['lam-alef ligature expands to two letters', 'ﻻ', 'لا'],
    ['lam-alef with hamza ligature', 'ﻷن', 'لان'],
    ['allah ligature', 'ﷲ', 'الله'],
    ['isolated diacritic form vanishes', 'ب\uFE70', 'ب'],
    ['arabic-indic digits', '٢٠٢٤', '2024'],
    ['persian digits', '۱۴۰۳', '1403'],
    ['arabic decimal separator', '٣٫٥', '3.5'],
    ['teh marbuta kept', 'مدرسة', 'مدرسة'],
    ['alef maksura kept', 'مستشفى', 'مستشفى'],
    ['latin case kept', 'CNN', 'CNN'],
  ])('%s: %s → %s', (_rule, input, expected) => {
    expect(normalizeLetters(input)).toBe(expected);
  });

  it('returns clean text unchanged', () => {
    expect(normalizeLetters('كتب الطالب')).toBe('كتب الطالب');
  });

  it('handles empty input', () => {
    expect(normalizeLetters('')).toBe('');
    expect(normalize('')).toBe('');
  });
});

describe('fold', () => {
  it.each([
    ['teh marbuta → heh', 'مدرسة', 'مدرسه'],
    ['alef maksura → yeh', 'مستشفى', 'مستشفي'],
    ['other letters untouched', 'كتب', 'كتب'],
  ])('%s', (_rule, input, expected) => {
    expect(fold(input)).toBe(expected);
  });
});

describe('normalize', () => {
  it.each([
    ['letters then fold', 'الخارجیة', 'الخارجيه'],
    ['lowercases latin', 'CNN News', 'cnn news'],
    ['lowercases accented latin', 'École', 'école'],
    ['keeps arabic punctuation', 'نعم، لا؟', 'نعم، لا؟'],
    ['persian and arabic spellings meet', 'وزیر الخارجیة', 'وزير الخارجيه'],
  ])('%s', (_rule, input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});

describe('normalizeWithOffsets', () => {
  it('maps each normalized char back to its source index', () => {
    const { text, offsets } = normalizeWithOffsets('مُحَمَّد');
    expect(text).toBe('محمد');
    expect(Array.from(offsets)).toEqual([0, 2, 4, 7, 8]);
  });

  it('points both letters of an expanded ligature at the ligature', () => {
    const { text, offsets } = normalizeWithOffsets('ﻻبد');
    expect(text).toBe('لابد');
    expect(Array.from(offsets)).toEqual([0, 0, 1, 2, 3]);
  });

  it('lets a match on normalized text highlight the original spelling', () => {
    const original = 'قال وزیر الخارجیة إن';
    const { text, offsets } = normalizeWithOffsets(original);
    const at = text.indexOf('وزير الخارجيه');
    const end = at + 'وزير الخارجيه'.length;
    expect(original.slice(offsets[at]!, offsets[end]!)).toBe('وزیر الخارجیة');
  });

  it('has text.length + 1 offsets ending at the input length', () => {
    const input = 'الـعربية ٢٠٢٤';
    const { text, offsets } = normalizeWithOffsets(input);
    expect(offsets.length).toBe(text.length + 1);
    expect(offsets[text.length]).toBe(input.length);
  });

  it('letters mode keeps teh marbuta', () => {
    expect(normalizeWithOffsets('مدرسة', 'letters').text).toBe('مدرسة');
  });

  it('agrees with normalize on a long mixed input', () => {
    const input = 'ﻻ مُحَمَّد وزیر ٢٠٢٤ CNN '.repeat(5000);
    expect(normalizeWithOffsets(input).text).toBe(normalize(input));
  });
});
