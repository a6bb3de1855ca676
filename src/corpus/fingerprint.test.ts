import { describe, expect, it } from 'vitest';
import { checkCopy, DEDUP_DEFAULTS, diffCopy } from './dedup.ts';
import {
  containmentFromJaccard,
  dayMask,
  estimateJaccard,
  fingerprint,
  NUM_HASHES,
  SAMPLE_SIZE,
  sampleJaccard,
  shingleSet,
  weekdayMask,
} from './fingerprint.ts';
import { LshIndex } from './lsh.ts';

const P1 =
  'أعلنت وزارة الصحة اليوم تسجيل اثنتي عشرة إصابة جديدة بفيروس كورونا في مدينة الرياض خلال الأسبوع الماضي، مؤكدة أن جميع الحالات تخضع للعلاج في المستشفيات الحكومية.';
const P2 =
  'وأوضح المتحدث الرسمي باسم الوزارة أن فرق الرصد الميداني تتابع المخالطين للمصابين، وأن الفحوص المخبرية أجريت لأكثر من ثلاثمئة شخص في الأحياء الشرقية من المدينة.';
const P3 =
  'ودعت الوزارة المواطنين والمقيمين إلى الالتزام بالإجراءات الوقائية وارتداء الكمامات في الأماكن المزدحمة وغسل اليدين باستمرار، محذرة من التهاون في التعليمات الصحية.';
const P4 =
  'وكانت الوزارة قد افتتحت الشهر الماضي ثلاثة مراكز جديدة للفحص السريع في جدة والدمام والمدينة المنورة لاستيعاب الأعداد المتزايدة من المراجعين.';
const EXTRA =
  'من جهة أخرى، أكد مدير الشؤون الصحية بالمنطقة الشرقية أن المستشفيات جاهزة لاستقبال الحالات الطارئة على مدار الساعة وبطاقة استيعابية كاملة.';
const WIRE = [P1, P2, P3, P4].join('\n');
const TITLE = 'الصحة: 12 إصابة جديدة بكورونا في الرياض';

const UNRELATED =
  'تأهل المنتخب السعودي لكرة القدم إلى الدور النهائي من بطولة كأس آسيا بعد فوزه على نظيره الياباني بهدفين مقابل هدف واحد في المباراة التي أقيمت مساء أمس على ملعب مدينة الملك عبدالله الرياضية بجدة، وسط حضور جماهيري كبير تجاوز ستين ألف مشجع.\nوقال مدرب المنتخب في المؤتمر الصحفي إن اللاعبين قدموا أداء بطوليا وإن الفريق سيستعد جيدا للمباراة النهائية.';

describe('shingles and MinHash', () => {
  it('gives equal texts equal signatures and the estimate 1', () => {
    const a = fingerprint(TITLE, WIRE);
    const b = fingerprint(TITLE, WIRE);
    expect(a.signature).toHaveLength(NUM_HASHES);
    expect(estimateJaccard(a.signature, b.signature)).toBe(1);
  });

  it('normalizes before shingling: diacritics, alef forms and tatweel do not change the shingles', () => {
    const plain = shingleSet([1, 2, 3]);
    expect(plain).toHaveLength(1);
    const a = fingerprint('', 'أعلنت الوزارة اليوم إصابات جديدة في المدينة');
    const b = fingerprint('', 'أعلنتْ الوزارةُ اليـــوم إصابات جديدة في المدينة');
    expect(estimateJaccard(a.signature, b.signature)).toBe(1);
  });

  it('derives containment from Jaccard and set sizes', () => {
    // A of 100 inside B of 400: J = 100/400 = 0.25 → containment 1.
    expect(containmentFromJaccard(0.25, 100, 400)).toBeCloseTo(1, 5);
    expect(containmentFromJaccard(0, 100, 400)).toBe(0);
    expect(containmentFromJaccard(0.5, 0, 10)).toBe(0);
  });

  it('handles an empty text and one shorter than a shingle', () => {
    const empty = fingerprint('', '');
    expect(empty.shingles).toBe(0);
    expect(checkCopy(empty, empty).copy).toBe(false);
    expect(fingerprint('', 'خبر').shingles).toBe(1);
  });
});

describe('paragraph hashes', () => {
  it('hash each paragraph as if it stood alone, skipping lines without words', () => {
    // Blank lines, a line of punctuation only, CRLF and a number-only line: paragraphs come from one pass
    // over the whole text and must equal the paragraphs fingerprinted one by one.
    const lines = [P1, '', '— — …', `${P2}\r`, '2015', '', '', P3];
    const whole = fingerprint(TITLE, `\n${lines.join('\n')}\n`);
    const alone = lines.flatMap((line) => [...fingerprint('', line).paragraphs]);
    expect(alone).toHaveLength(4);
    expect([...whole.paragraphs]).toEqual(alone);
    // And the words of the whole text are those of its paragraphs in order (same signature).
    expect(whole.signature).toEqual(fingerprint(TITLE, lines.join(' \n ')).signature);
  });
});

describe('shingle samples', () => {
  /** `n` distinct mixed 32-bit values from `seed` on, ascending (a shingle set stand-in). */
  function set(from: number, n: number): Uint32Array {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.imul(from + i, 0x9e3779b1) >>> 0;
    return out.sort();
  }

  it('keep the smallest shingle hashes, ascending, at most SAMPLE_SIZE', () => {
    const fp = fingerprint(TITLE, WIRE);
    expect(fp.sample!.length).toBe(Math.min(fp.shingles, SAMPLE_SIZE));
    for (let i = 1; i < fp.sample!.length; i++) expect(fp.sample![i]!).toBeGreaterThan(fp.sample![i - 1]!);
  });

  it('give the exact Jaccard for sets up to the sample size', () => {
    // 60 shared of 100 + 100: J = 60 / 140.
    const a = set(0, 100);
    const b = set(40, 100);
    expect(sampleJaccard(a, b)).toBeCloseTo(60 / 140, 10);
    expect(sampleJaccard(a, a)).toBe(1);
    expect(sampleJaccard(a, set(1000, 50))).toBe(0);
    expect(sampleJaccard(new Uint32Array(0), new Uint32Array(0))).toBe(0);
  });

  it('estimate the Jaccard of large sets from their heads within a few points', () => {
    // 2,000 + 2,000 sharing 500: J = 500 / 3500 ≈ 0.143.
    const a = set(0, 2000).slice(0, SAMPLE_SIZE);
    const b = set(1500, 2000).slice(0, SAMPLE_SIZE);
    expect(Math.abs(sampleJaccard(a, b) - 500 / 3500)).toBeLessThan(0.06);
  });
});

describe('copy decisions on constructed copies', () => {
  const original = fingerprint(TITLE, WIRE);
  it.each([
    ['re-titled', fingerprint('وزارة الصحة تعلن 12 إصابة جديدة', WIRE), true],
    ['trimmed to the first two paragraphs', fingerprint(TITLE, [P1, P2].join('\n')), true],
    ['with an added paragraph', fingerprint(TITLE, [P1, P2, EXTRA, P3, P4].join('\n')), true],
    ['with paragraphs reordered', fingerprint(TITLE, [P2, P1, P4, P3].join('\n')), true],
    ['an unrelated text', fingerprint('المنتخب إلى النهائي', UNRELATED), false],
  ])('%s → copy %s', (_name, other, expected) => {
    expect(checkCopy(original, other).copy).toBe(expected);
  });

  it('asks for shared headline specifics only below specificsBelow', () => {
    const rewrite = fingerprint(TITLE, [P1, P2, EXTRA].join('\n'));
    const check = checkCopy(original, rewrite);
    expect(check.copy).toBe(true);
    expect(check.jaccard).toBeLessThan(DEDUP_DEFAULTS.specificsBelow);
    // Same wording, other names: a template of another event.
    expect(checkCopy(original, rewrite, DEDUP_DEFAULTS, { specifics: () => false }).copy).toBe(false);
    expect(checkCopy(original, rewrite, DEDUP_DEFAULTS, { specifics: () => true }).copy).toBe(true);
    // Near-verbatim texts are copies on their wording alone: the check is not even asked.
    let asked = false;
    const verbatim = checkCopy(original, fingerprint('عنوان آخر', WIRE), DEDUP_DEFAULTS, {
      specifics: () => {
        asked = true;
        return false;
      },
    });
    expect(verbatim.copy).toBe(true);
    expect(asked).toBe(false);
  });

  it('records what a copy changed', () => {
    const copy = fingerprint('عنوان آخر', [P1, P2, EXTRA].join('\n'));
    const diff = diffCopy('wire-1', original, copy);
    expect(diff).toMatchObject({ of: 'wire-1', titleChanged: true, leadChanged: false, added: 1, cut: 2 });
    const same = diffCopy('wire-1', original, fingerprint(TITLE, WIRE));
    expect(same).toMatchObject({ titleChanged: false, leadChanged: false, added: 0, cut: 0, similarity: 1 });
  });
});

describe('LSH banding', () => {
  it('finds a trimmed copy and not an unrelated text', () => {
    const lsh = new LshIndex();
    lsh.insert(0, lsh.keys(fingerprint(TITLE, WIRE).signature));
    lsh.insert(1, lsh.keys(fingerprint('', UNRELATED).signature));
    const found = new Set<number>();
    lsh.query(lsh.keys(fingerprint(TITLE, [P1, P2, P3].join('\n')).signature), (d) => found.add(d));
    expect([...found]).toEqual([0]);
  });

  it('keeps at most bucketCap articles per bucket', () => {
    const lsh = new LshIndex({ bands: 4, rows: 2, bucketCap: 3 });
    const keys = lsh.keys(new Uint32Array(8).fill(7));
    for (let d = 0; d < 10; d++) lsh.insert(d, keys);
    const found = new Set<number>();
    lsh.query(keys, (d) => found.add(d));
    expect(found.size).toBe(3);
  });
});

describe('weekdays named', () => {
  it('finds weekday names with their clitics, Sunday as bit 0', () => {
    expect(weekdayMask('يبدأ الصرف يوم الأحد')).toBe(1);
    expect(weekdayMask('تأجيل الجلسة للإثنين المقبل')).toBe(2);
    expect(weekdayMask('بين الثلاثاء والأربعاء')).toBe(4 | 8);
    expect(weekdayMask('حالة الطقس المتوقعة اليوم السبت')).toBe(64);
    expect(weekdayMask('أحد المواقع وجمعة من الناس')).toBe(0);
  });

  it('keeps the title days apart from the days named anywhere', () => {
    const fp = fingerprint('حالة الطقس اليوم الجمعة', 'صدر التقرير، ويتوقع تحسن الطقس الخميس.');
    expect(fp.days).toBe(dayMask(32, 16));
    expect(fp.days! & 0x7f).toBe(32);
    expect(fp.days! >> 8).toBe(32 | 16);
  });
});
