import { describe, expect, it } from 'vitest';
import { analyze } from '../../text/analyzer.ts';
import { normalizeLetters } from '../../text/normalize.ts';
import { mapDocFreq } from '../docfreq.ts';
import { displayFirstWord } from './display.ts';
import { type EntityMention, extractKeyphrases } from './extract.ts';
import { phraseKey, tokenStem } from './key.ts';

/** Entity mentions for every occurrence of each name in `text` (stands in for the tagger). */
function mentions(text: string, names: [string, string, string?][]): EntityMention[] {
  const out: EntityMention[] = [];
  for (const [name, type, key] of names) {
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
      out.push({ start: i, end: i + name.length, type, key: key ?? name });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function tags(
  text: string,
  opts: { title?: string; names?: [string, string, string?][]; exclude?: string[] } = {},
) {
  return extractKeyphrases({
    tokens: analyze(text),
    titleTokens: analyze(opts.title ?? ''),
    entities: mentions(text, opts.names ?? []),
    excludeNames: opts.exclude,
  }).map((k) => k.text);
}

describe('displayFirstWord', () => {
  const vocabulary = new Set(['سوريا', 'مكة'].map(normalizeLetters));
  const known = (w: string) => vocabulary.has(w);
  it.each([
    ['والعراق', 'العراق'],
    ['بالعراق', 'العراق'],
    ['وبالعراق', 'العراق'],
    ['للصراعات', 'الصراعات'],
    ['وللمملكة', 'المملكة'],
    ['وسوريا', 'سوريا'],
    ['لسوريا', 'سوريا'],
    ['بغداد', 'بغداد'],
    ['فاروق', 'فاروق'],
    ['وفاء', 'وفاء'],
    ['والي', 'والي'],
    ['العراق', 'العراق'],
    ['وَالعِراق', 'العِراق'],
  ])('%s → %s', (word, shown) => {
    expect(displayFirstWord(word, known)).toBe(shown);
  });
});

describe('tokenStem', () => {
  it('drops a tanween accusative ending, and only with the diacritic', () => {
    const [withTanween] = analyze('اتصالاً');
    const [plain] = analyze('اتصال');
    const [syria] = analyze('سوريا');
    expect(tokenStem(withTanween!)).toBe(tokenStem(plain!));
    expect(tokenStem(syria!)).toBe(syria!.stem);
  });
});

describe('extractKeyphrases: candidates', () => {
  it.each([
    ['المزيد', 'شارك المزيد. الحكومة العراقية تبحث الموازنة. الحكومة العراقية تقر الموازنة. المزيد المزيد'],
    ['اقرأ أيضا', 'اقرأ أيضا: الحكومة العراقية تبحث الموازنة. الحكومة العراقية تقر الموازنة. اقرأ أيضا'],
    ['أمس', 'أمس أمس. الحكومة العراقية تبحث الموازنة أمس. الحكومة العراقية تقر الموازنة أمس'],
    ['2024', 'عام 2024. الحكومة العراقية تبحث موازنة 2024. الحكومة العراقية تقر موازنة 2024'],
  ])('never gives %s', (junk, text) => {
    const got = tags(text);
    expect(got.length).toBeGreaterThan(0);
    expect(got.some((t) => t.includes(junk))).toBe(false);
  });

  it.each([
    ['العام', 'العام العام. الحكومة العراقية تبحث موازنة العام. الحكومة العراقية تقر موازنة العام'],
    ['الأول', 'الأول الأول. الحكومة العراقية تبحث الملف الأول. الحكومة العراقية تقر الملف الأول'],
    ['قال', 'قال قال. الحكومة العراقية قال وزيرها. الحكومة العراقية قال رئيسها'],
  ])('never gives %s alone', (generic, text) => {
    const got = tags(text);
    expect(got.length).toBeGreaterThan(0);
    expect(got).not.toContain(generic);
  });

  it('starts no tag with a quantifier or with a stopword behind a clitic', () => {
    const got = tags(
      'تنتشر هذه الآفة في مختلف المدن. وقد حذر الأطباء من هذه الآفة. ولهذه الآفة أسباب في مختلف المدن. ' +
        'الحكومة العراقية تتابع الآفة. الحكومة العراقية تواجه الآفة',
    );
    expect(got.length).toBeGreaterThan(0);
    for (const t of got) expect(/^(مختلف|هذه|لهذه|ولهذه) /.test(t)).toBe(false);
  });

  it('gives no tag with a stopword at an edge', () => {
    const got = tags('في الحكومة العراقية. من الحكومة العراقية في. الحكومة العراقية على');
    expect(got).toContain('الحكومة العراقية');
    for (const t of got) expect(/^(في|من|على) | (في|من|على)$/.test(t)).toBe(false);
  });

  it('leaves out the publisher’s own name', () => {
    const text = 'صدى البلد: الحكومة العراقية تبحث الموازنة. الحكومة العراقية تقر الموازنة. صدى البلد';
    expect(tags(text)).toContain('صدى البلد');
    expect(tags(text, { exclude: ['صدى البلد'] })).not.toContain('صدى البلد');
  });

  it('leaves out outlet names (صحيفة …)', () => {
    const got = tags(
      'قالت صحيفة عكاظ إن الحكومة العراقية تبحث الموازنة. وأضافت صحيفة عكاظ أن الحكومة العراقية تقر الموازنة',
    );
    expect(got.some((t) => t.startsWith('صحيفة'))).toBe(false);
  });

  it('gives nothing for text without words', () => {
    expect(tags('')).toEqual([]);
    expect(tags('😀 123 ... 456 !!!')).toEqual([]);
  });
});

describe('extractKeyphrases: one tag per stem sequence', () => {
  it('joins spellings with Persian letters and shows the most common one', () => {
    const got = tags('وزير الخارجية يصل. وزير الخارجية يغادر. وزیر الخارجیة يعود');
    expect(got.filter((t) => normalizeLetters(t) === 'وزير الخارجية')).toEqual(['وزير الخارجية']);
  });

  it('shows a tag without its proclitic', () => {
    const got = tags('والعراق يبحث التعاون. والعراق يوقع الاتفاق. وبالعراق مشاريع', {
      names: [['العراق', 'LOC']],
    });
    expect(got).toContain('العراق');
    expect(got).not.toContain('والعراق');
  });

  it('lets a phrase absorb an adjective inside it (الشمال السوري absorbs السوري)', () => {
    const text =
      'هجمات في الشمال السوري. تصعيد في الشمال السوري. قال الوزير السوري إن الجيش السوري يتقدم نحو الشمال السوري';
    const got = tags(text);
    expect(got).toContain('الشمال السوري');
    expect(got).not.toContain('السوري');
  });

  it('lets a full name absorb the short mentions linked to it', () => {
    const text =
      'أكد رئيس الوزراء محمد شياع السوداني دعم بلاده. وقال السوداني إن الحكومة مستمرة. وأضاف السوداني أن الاتصال مثمر';
    const got = tags(text, {
      names: [
        ['محمد شياع السوداني', 'PER', 'محمد شياع السوداني'],
        ['السوداني', 'PER', 'محمد شياع السوداني'],
      ],
    });
    expect(got).toContain('محمد شياع السوداني');
    expect(got).not.toContain('السوداني');
  });

  it('keeps a name mentioned apart next to a phrase containing it (العراق and أمن العراق)', () => {
    const text =
      'أمن العراق أولوية. أمن العراق مرتبط بالمنطقة. العراق يدعم سوريا. العراق يرفض التدخل. وزار الوفد العراق';
    const got = tags(text, { names: [['العراق', 'LOC']] });
    expect(got).toContain('العراق');
    expect(got).toContain('أمن العراق');
  });
});

describe('extractKeyphrases: mentions and merging', () => {
  // Filler sentences push what follows past the lead (`earlyTokens`), where a phrase must be mentioned twice.
  const filler = Array.from({ length: 30 }, (_, i) => `جملة رقم ${i} تتحدث عن موضوع مختلف`).join('. ');

  it('keeps a phrase mentioned twice past the lead, and drops one mentioned once there', () => {
    const text = `${filler}. تحدث الخبراء عن السياحة الداخلية. تنمو السياحة الداخلية. ثم زار الوفد متحف الفنون مرة`;
    const got = tags(text);
    expect(got).toContain('السياحة الداخلية');
    expect(got).not.toContain('متحف الفنون');
  });

  it('keeps a name mentioned once past the lead', () => {
    const text = `${filler}. ثم زار الوفد متحف الفنون مرة`;
    expect(tags(text, { names: [['متحف الفنون', 'ORG']] })).toContain('متحف الفنون');
  });

  it('counts every mention of a name the n-gram pass refuses (here: longer than four words)', () => {
    const name = 'محمد بن عبد الله السعدي';
    const text = `قال ${name} إن الكتاب جديد. وأضاف ${name} أن الطبعة قريبة. وختم ${name} حديثه`;
    const got = extractKeyphrases({
      tokens: analyze(text),
      entities: mentions(text, [[name, 'PER']]),
    });
    expect(got[0]?.text).toBe(name);
    // Its four-word pieces are no tags of their own once the name is counted in full.
    expect(got.map((k) => k.text)).not.toContain('محمد بن عبد الله');
  });

  it('keeps a place that shares its name with a quoted outlet (`إذاعة الجزائر`)', () => {
    const text = 'ونقلت إذاعة الجزائر الخبر. وصل الوفد إلى الجزائر. وقالت الجزائر إن الوفد مرحب به';
    const outlet = text.indexOf('إذاعة الجزائر');
    const input = {
      tokens: analyze(text),
      entities: mentions(text, [['الجزائر', 'LOC']]).filter((e) => e.start !== outlet + 6),
      exclude: [{ start: outlet, end: outlet + 'إذاعة الجزائر'.length }],
      excludeNames: ['الجزائر'],
    };
    expect(extractKeyphrases(input).map((k) => k.text)).toContain('الجزائر');
    // Not a place: the outlet's name stays out.
    const noPlace = { ...input, entities: [] };
    expect(extractKeyphrases(noPlace).map((k) => k.text)).not.toContain('الجزائر');
  });

  it('merges a phrase with the same phrase behind a conjunction the stemmer kept (`وشق سقف الحلق`)', () => {
    const text =
      'يعالج الأطباء شق سقف الحلق مبكرا. ويظهر الشق عند الولادة وشق سقف الحلق شائع. شق سقف الحلق يعالج';
    const keys = extractKeyphrases({ tokens: analyze(text) }).map((k) => k.key);
    expect(keys).toContain(phraseKey('شق سقف الحلق'));
    expect(keys).not.toContain(phraseKey('وشق سقف الحلق'));
  });
});

describe('extractKeyphrases: ranking', () => {
  it('ranks the subject above a word common in every article', () => {
    const docFreq = mapDocFreq(
      1000,
      new Map([
        ['وزار', 900],
        ['حلب', 5],
      ]),
    );
    const text = 'الوزارة تتابع حلب. الوزارة تدعم حلب. الوزارة تزور حلب. الوزارة تبحث حلب';
    const got = extractKeyphrases({ tokens: analyze(text), docFreq }).map((k) => k.text);
    expect(got.indexOf('حلب')).toBeLessThan(got.indexOf('الوزارة') < 0 ? 99 : got.indexOf('الوزارة'));
    expect(got[0]).toBe('حلب');
  });

  it('boosts what the title says', () => {
    const text = 'بحث الجانبان التعاون الاقتصادي والتعاون الأمني. التعاون الاقتصادي مهم. التعاون الأمني مهم';
    const plain = extractKeyphrases({ tokens: analyze(text) }).map((k) => k.text);
    const titled = extractKeyphrases({ tokens: analyze(text), titleTokens: analyze('التعاون الأمني') });
    expect(titled[0]!.text).toBe('التعاون الأمني');
    expect(plain).toContain('التعاون الأمني');
  });

  it('puts a phrase headed by a verb below the noun phrase (the prior says the word opens sentences)', () => {
    const text = 'افتتح وزير الثقافة معرض الكتاب. افتتح وزير الثقافة معرض الكتاب. زار الوزير معرض الكتاب';
    const counts = new Map([
      ['افتتح', 50],
      ['وزير', 50],
      ['ثقاف', 50],
      ['معرض', 50],
      ['كتاب', 50],
    ]);
    const opens = new Map([['افتتح', 0.6]]);
    const docFreq = {
      docs: 1000,
      df: (t: string) => counts.get(t) ?? 0,
      opening: (t: string) => opens.get(t) ?? 0,
    };
    const got = extractKeyphrases({ tokens: analyze(text), docFreq }).map((k) => k.text);
    const verbFirst = got.findIndex((t) => t.startsWith('افتتح'));
    expect(got.indexOf('وزير الثقافة')).toBeGreaterThanOrEqual(0);
    if (verbFirst >= 0) expect(verbFirst).toBeGreaterThan(got.indexOf('وزير الثقافة'));
  });

  it('puts a phrase only ever seen behind a preposition below one seen on its own', () => {
    // Same counts, and the preposition's phrase comes first: only its shape holds it back.
    const text =
      'بقيادة المدرب تدرب الفريق. سباق الخيل في المدينة. بقيادة المدرب تدرب الفريق. سباق الخيل في المدينة';
    const got = extractKeyphrases({ tokens: analyze(text) }).map((k) => k.key);
    const horses = got.indexOf(phraseKey('سباق الخيل'));
    const led = got.indexOf(phraseKey('قيادة المدرب'));
    expect(horses).toBeGreaterThanOrEqual(0);
    expect(led).toBeGreaterThan(horses);
  });

  it('gives at most `max` tags', () => {
    const text = Array.from({ length: 40 }, (_, i) => `مشروع رقم ${i} في مدينة جديدة اسمها مدينة${i}`).join(
      '. ',
    );
    expect(extractKeyphrases({ tokens: analyze(text), max: 5 }).length).toBeLessThanOrEqual(5);
  });
});
