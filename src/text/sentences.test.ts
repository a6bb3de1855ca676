import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.ts';

const texts = (s: string) => splitSentences(s).map((x) => x.text);

describe('splitSentences', () => {
  it.each([
    ['full stop', 'وصل الوزير. بدأ الاجتماع.', ['وصل الوزير.', 'بدأ الاجتماع.']],
    ['arabic question mark', 'هل وصل؟ نعم.', ['هل وصل؟', 'نعم.']],
    ['exclamation', 'مبروك! فاز الفريق', ['مبروك!', 'فاز الفريق']],
    ['ellipsis char', 'انتظر… ثم غادر', ['انتظر…', 'ثم غادر']],
    ['newline', 'العنوان\nالنص الأول', ['العنوان', 'النص الأول']],
    ['decimal number is not an end', 'بلغ النمو 3.5 في المئة.', ['بلغ النمو 3.5 في المئة.']],
    ['arabic abbreviation د.', 'قال د. محمد إنه بخير.', ['قال د. محمد إنه بخير.']],
    ['latin abbreviation U.S.', 'The U.S. said no.', ['The U.S. said no.']],
    ['known abbreviation Dr.', 'Dr. Smith left. He returned.', ['Dr. Smith left.', 'He returned.']],
    ['domain name', 'زوروا spa.gov.sa للمزيد.', ['زوروا spa.gov.sa للمزيد.']],
    ['closing quote stays with its sentence', 'قال: "انتهى." ثم غادر', ['قال: "انتهى."', 'ثم غادر']],
    ['run of terminators', 'حقا؟! نعم', ['حقا؟!', 'نعم']],
  ])('%s', (_rule, input, expected) => {
    expect(texts(input)).toEqual(expected);
  });

  it('keeps offsets into the input', () => {
    const input = '  أولا.  ثانيا؟ ';
    for (const s of splitSentences(input)) expect(input.slice(s.start, s.end)).toBe(s.text);
  });

  it('returns nothing for empty or blank input', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n \n')).toEqual([]);
  });

  it('splits a 100k-character input into the right number of sentences', () => {
    const input = 'وصل الوفد إلى الرياض. '.repeat(5000);
    expect(input.length).toBeGreaterThanOrEqual(100_000);
    expect(splitSentences(input)).toHaveLength(5000);
  });
});
