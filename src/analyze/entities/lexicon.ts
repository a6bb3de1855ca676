/**
 * What the tagger knows beyond its weights: names seen with a type in the training split (whole strings and
 * single words with how often each is part of a name), and curated trigger words from general Arabic usage.
 * All forms are match forms (`matchForm`/`bareForm`), never the publisher's spelling.
 */
import type { Sentence, SpanType } from './conll.ts';
import { spansOf } from './conll.ts';
import { fold, normalize, normalizeLetters, stripClitics } from './text.ts';

/** Normalized form of a token: letters normalized, ة/ى folded, Latin lowercased. */
export function matchForm(token: string): string {
  return normalize(token);
}

/** The token without its proclitics (و ف ب ك ل ال …), folded: `والعراق` and `لعراق` share `عراق`. */
export function bareForm(token: string): string {
  const letters = normalizeLetters(token).toLowerCase();
  return fold(stripClitics(letters));
}

/** Titles and roles that announce a person's name after them. */
const TITLES = [
  'رئيس',
  'رئيسه',
  'وزير',
  'وزيره',
  'ملك',
  'ملكه',
  'امير',
  'اميره',
  'شيخ',
  'سيد',
  'سيده',
  'دكتور',
  'دكتوره',
  'د',
  'نائب',
  'متحدث',
  'ناطق',
  'عاهل',
  'ولي',
  'قائد',
  'زعيم',
  'مستشار',
  'سفير',
  'مدير',
  'امين',
  'مبعوث',
  'موفد',
  'لواء',
  'عقيد',
  'عميد',
  'رائد',
  'مشير',
  'جنرال',
  'اللاعب',
  'لاعب',
  'مدرب',
  'نجم',
  'فنان',
  'فنانه',
  'كاتب',
  'شاعر',
  'مخرج',
  'ممثل',
  'ممثله',
  'مطرب',
  'مطربه',
  'صحفي',
  'مراسل',
  'محلل',
  'استاذ',
  'بروفيسور',
  'مهندس',
  'محامي',
  'قاضي',
  'مفتي',
  'امام',
  'اماما',
  'بابا',
  'حاخام',
  'بطريرك',
  'نائبه',
  'مرشح',
  'مرشحه',
  'رئيسا',
  'سلطان',
  'خليفه',
];

/** Verbs of saying, whose subject (often a person) follows them. */
const SPEECH = [
  'قال',
  'قالت',
  'اكد',
  'اكدت',
  'اضاف',
  'اضافت',
  'اعلن',
  'اعلنت',
  'صرح',
  'صرحت',
  'اوضح',
  'اوضحت',
  'اشار',
  'اشارت',
  'ذكر',
  'ذكرت',
  'دعا',
  'دعت',
  'طالب',
  'طالبت',
  'التقى',
  'التقي',
  'استقبل',
  'بحث',
  'ابلغ',
];

/** Head nouns of organization names. */
const ORG_HEADS = [
  'وزاره',
  'شركه',
  'جامعه',
  'وكاله',
  'منظمه',
  'هيئه',
  'حزب',
  'مجلس',
  'بنك',
  'مصرف',
  'صندوق',
  'جمعيه',
  'اتحاد',
  'نادي',
  'مؤسسه',
  'موسسه',
  'لجنه',
  'محكمه',
  'جيش',
  'حركه',
  'جبهه',
  'مركز',
  'معهد',
  'اكاديميه',
  'منتخب',
  'صحيفه',
  'جريده',
  'مجله',
  'قناه',
  'اذاعه',
  'تلفزيون',
  'مجموعه',
  'برلمان',
  'كونغرس',
  'سلطه',
  'مفوضيه',
  'تحالف',
  'ائتلاف',
  'رابطه',
  'نقابه',
  'غرفه',
  'بورصه',
  'كليه',
  'مديريه',
  'اداره',
  'قوات',
  'شرطه',
  'مكتب',
  'امانه',
  'دائره',
  'مستشفي',
  'مدرسه',
  'مصنع',
  'مجمع',
];

/** Words that announce a place name after them. */
const LOC_CUES = [
  'مدينه',
  'محافظه',
  'ولايه',
  'منطقه',
  'عاصمه',
  'دوله',
  'جمهوريه',
  'مملكه',
  'اماره',
  'امارات',
  'اقليم',
  'قريه',
  'بلده',
  'جزيره',
  'جزر',
  'بحر',
  'نهر',
  'جبل',
  'جبال',
  'شارع',
  'حي',
  'ميناء',
  'مطار',
  'صحراء',
  'خليج',
  'قطاع',
  'ضفه',
  'مخيم',
  'بلدات',
  'مدن',
  'عواصم',
  'ساحل',
  'واحه',
  'سهل',
  'وادي',
  'بحيره',
  'مقاطعه',
  'اقليمي',
];

/** Words that mark directions and are often part of a place name (`جنوب لبنان`, `شمال افريقيا`). */
const DIRECTIONS = ['شمال', 'جنوب', 'شرق', 'غرب', 'وسط', 'شمالي', 'جنوبي', 'شرقي', 'غربي'];

export type TriggerClass = 'title' | 'speech' | 'orghead' | 'loccue' | 'dir';

const TRIGGERS = new Map<string, TriggerClass>();
for (const [list, cls] of [
  [TITLES, 'title'],
  [SPEECH, 'speech'],
  [ORG_HEADS, 'orghead'],
  [LOC_CUES, 'loccue'],
  [DIRECTIONS, 'dir'],
] as const) {
  for (const w of list) TRIGGERS.set(bareForm(w), cls);
}

/** The trigger class of a token, by its bare form. */
export function triggerOf(token: string): TriggerClass | undefined {
  return TRIGGERS.get(bareForm(token));
}

/** The trigger class of a token already in bare form. */
export function triggerOfBare(bare: string): TriggerClass | undefined {
  return TRIGGERS.get(bare);
}

/**
 * Names and name words seen in training. `names` maps a space-joined name (bare first word, match forms after)
 * to its most frequent type; `words` maps a bare word to [times seen, times inside PER, LOC, ORG, MISC].
 */
export type Lexicon = {
  names: Map<string, SpanType>;
  words: Map<string, number[]>;
  maxNameLength: number;
  /** Normalized forms of the words of PER/LOC/ORG names, with counts: which spelling of a name is its key. */
  nameWords: Map<string, number>;
  /** Word clusters from unlabelled text (bare word → cluster ids, coarse to fine); empty when trained without. */
  clusters: Map<string, number[]>;
  /** How each word is used in unlabelled news (bare word → profile, see `usage.ts`); empty when trained without. */
  usage: Map<string, number>;
};

const TYPE_INDEX: Record<SpanType, number> = { PER: 1, LOC: 2, ORG: 3, MISC: 4 };

/** The key under which a token sequence is looked up among known names. */
export function nameForm(tokens: readonly string[]): string {
  return tokens.map((t, i) => (i === 0 ? bareForm(t) : matchForm(t))).join(' ');
}

/** Builds the lexicon from labelled sentences (the training split only). */
export function buildLexicon(sentences: readonly Sentence[], maxNameLength = 6): Lexicon {
  const nameCounts = new Map<string, Map<SpanType, number>>();
  const words = new Map<string, number[]>();
  const nameWords = new Map<string, number>();
  for (const s of sentences) {
    const inside: (SpanType | null)[] = s.tokens.map(() => null);
    for (const span of spansOf(s.tags)) {
      for (let i = span.start; i < span.end; i++) {
        inside[i] = span.type;
        if (span.type === 'MISC') continue;
        const form = matchForm(s.tokens[i]!);
        nameWords.set(form, (nameWords.get(form) ?? 0) + 1);
      }
      if (span.end - span.start > maxNameLength) continue;
      const key = nameForm(s.tokens.slice(span.start, span.end));
      let byType = nameCounts.get(key);
      if (!byType) {
        byType = new Map();
        nameCounts.set(key, byType);
      }
      byType.set(span.type, (byType.get(span.type) ?? 0) + 1);
    }
    s.tokens.forEach((t, i) => {
      const form = bareForm(t);
      let counts = words.get(form);
      if (!counts) {
        counts = [0, 0, 0, 0, 0];
        words.set(form, counts);
      }
      counts[0]!++;
      const type = inside[i];
      if (type) counts[TYPE_INDEX[type]]!++;
    });
  }
  const names = new Map<string, SpanType>();
  for (const [key, byType] of nameCounts) {
    let best: SpanType = 'MISC';
    let bestCount = 0;
    for (const [type, n] of byType) {
      if (n > bestCount) {
        best = type;
        bestCount = n;
      }
    }
    names.set(key, best);
  }
  // Words never inside a name carry no signal; dropping them keeps the model small.
  for (const [form, counts] of words) {
    if (counts[1]! + counts[2]! + counts[3]! + counts[4]! === 0) words.delete(form);
  }
  return { names, words, maxNameLength, nameWords, clusters: new Map(), usage: new Map() };
}

export const TYPE_NAMES: SpanType[] = ['PER', 'LOC', 'ORG', 'MISC'];
export { TYPE_INDEX };
