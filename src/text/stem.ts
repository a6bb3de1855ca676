/**
 * Light stemmer for indexing, in the spirit of Light10 (Larkey et al.) with stricter guards. Input is the
 * output of `normalizeLetters` (ة and ى still present); output is not folded.
 *
 * 1. Proclitics (`stripClitics`): the article family وبال فبال وكال فكال ولل فلل وال فال بال كال لل ال,
 *    stripped when at least 2 letters remain, ends the chain (لل keeps the ل of a ل-word: للبنان → لبنان);
 *    before it, the conjunctions و ف (word ≥ 4 letters) unless the word is a known و/ف-initial word (وزير,
 *    فيلم…), so ووزير, الوزير and وزير agree. A lone ب ك ل is ambiguous (بغداد, ليبيا): it is stripped
 *    only from the words of `clitic-lexicon.ts`, generated from the news stream by
 *    scripts/build-clitic-lexicon.ts (the rest is attested on its own: بمدينة, لمدة, كرئيس). Words whose
 *    ال is their own (إلغاء, التزام, ألمانيا, which normalize to an ال-initial spelling) keep it, with or
 *    without a clitic before it: بإلغاء, والتزامات, لألمانيا. Words that only look like a clitic + ال
 *    (كاليفورنيا, فالنسيا, والدة: the stream writes them behind another clitic and never writes their
 *    rest with ال) keep their letters.
 *    Words of 3 letters or fewer are never stemmed.
 * 2. Suffixes, in this order, each stripped only if at least 3 letters remain, repeated to a fixpoint so
 *    that قانونية, قانون and القوانين-style chains agree: pronouns (هما هم هن ها نا ه; a ت left bare by a
 *    pronoun was a ة: حكومتها → حكومة), plurals (ات ون ين), nisba (ية يه), ة, ي, tanween alef (عاما → عام,
 *    not after ي, so سوريا and قضايا keep it).
 * Protected words (names, function words where ال or a suffix is part of the word) are returned unchanged
 * once reached at any step.
 */
import {
  AL_ROOT_WORDS,
  ARTICLE_ROOT_WORDS,
  LAM_INITIAL_WORDS,
  LONE_CLITIC_WORDS,
  ROOT_CONJ_WORDS,
} from './clitic-lexicon.ts';
import { normalizeLetters } from './normalize.ts';

const ARTICLE_PREFIXES = [
  'وبال',
  'فبال',
  'وكال',
  'فكال',
  'ولل',
  'فلل',
  'وال',
  'فال',
  'بال',
  'كال',
  'لل',
  'ال',
];
const PRONOUNS = ['هما', 'هم', 'هن', 'ها', 'نا', 'ه'];
const PLURALS = ['ات', 'ون', 'ين'];
const NISBA = ['ية', 'يه'];
const TAIL_SUFFIXES = [NISBA, ['ة'], ['ي']];
const MIN_STEM = 3;

/** Words whose first letters or endings look like affixes but are not; kept as they are. */
const PROTECTED_WORDS = [
  'الله',
  'اللهم',
  'الذي',
  'التي',
  'الذين',
  'اللذين',
  'اللتين',
  'اللاتي',
  'اللائي',
  'الى',
  'الا',
  'الان',
  'اليه',
  'اليها',
  'اليهم',
  'الف',
  'الاف',
  'الفين',
  'فلسطين',
  'البحرين',
  'بحرين',
  'لبنان',
  'ايران',
  'عمان',
  'سودان',
  'يابان',
  'باكستان',
  'افغانستان',
  'كازاخستان',
  'اذربيجان',
  'رمضان',
  'عثمان',
  'سليمان',
  'سلمان',
  'حسين',
  'حسن',
  'محمد',
  'اسرائيل',
  'مكة',
  'جدة',
  'قطر',
  'سوريا',
  'روسيا',
  'تركيا',
  'اسيا',
  'افريقيا',
  'رياض',
  'رياضي',
  // ون / ين / ان that belong to the word.
  'مليون',
  'تعاون',
  'قانون',
  'تلفزيون',
  'زيتون',
  'مضمون',
  'عنوان',
  'ميدان',
  'برلمان',
  'انسان',
].map(normalizeLetters);

/** Collisions the rules cannot see (sports vs Riyadh): whole-stem overrides, keyed by the stripped word. */
const OVERRIDES: [string, string][] = [
  ['رياضية', 'رياضي'],
  ['رياضيين', 'رياضي'],
  ['رياضيون', 'رياضي'],
  ['رياضيات', 'رياضي'],
];

/** Real words that start with و or ف as a root letter; the conjunction is not stripped from them. */
const CONJ_ROOT_WORDS = [
  'وزير',
  'وزيرة',
  'وزارة',
  'وزراء',
  'وكالة',
  'وكيل',
  'ولاية',
  'ولايات',
  'وحدة',
  'وحدات',
  'وطن',
  'وطني',
  'وطنية',
  'وفاة',
  'وفد',
  'وفود',
  'وسائل',
  'وسيلة',
  'وصول',
  'واشنطن',
  'وثيقة',
  'وثائق',
  'ورقة',
  'وجود',
  'وقوع',
  'وضع',
  'وسط',
  'واقع',
  'وعد',
  'وعود',
  'ولي',
  'وصف',
  'وظيفة',
  'وظائف',
  'وقف',
  'وقود',
  'وجه',
  'وجهة',
  'وادي',
  'والد',
  'والدة',
  'وليد',
  'وائل',
  'فريق',
  'فرق',
  'فترة',
  'فرصة',
  'فرص',
  'فرنسا',
  'فرنسي',
  'فيديو',
  'فندق',
  'فكرة',
  'فصل',
  'فعل',
  'فعالية',
  'فقط',
  'فوز',
  'فيروس',
  'فئة',
  'فتح',
  'فرع',
  'فرد',
  'فضل',
  'فهد',
  'فيصل',
  'فالح',
  'فنان',
  'فني',
  'فنية',
  'فلسطيني',
  'فلسطينية',
  'فعاليات',
  'فوائد',
  'فائدة',
  'فقر',
  'فقراء',
].map(normalizeLetters);

const PROTECTED = new Set(PROTECTED_WORDS);
const LONE_CLITIC = new Set(LONE_CLITIC_WORDS.split(' '));
const LAM_INITIAL = new Set(LAM_INITIAL_WORDS.split(' '));
const ROOT_CONJ = new Set(ROOT_CONJ_WORDS.split(' '));
const ARTICLE_ROOT = new Set(ARTICLE_ROOT_WORDS.split(' '));
const OVERRIDE = new Map(OVERRIDES.map(([w, s]) => [normalizeLetters(w), normalizeLetters(s)]));
let CONJ_ROOTS: Set<string> = new Set();
/** Suffix-stripped forms of the ال-root words, so a whole family (التزام, التزامات, التزاماتها) is known. */
let AL_ROOTS: Set<string> = new Set();

function endsWith(w: string, suffix: string): boolean {
  return w.length - suffix.length >= MIN_STEM && w.endsWith(suffix);
}

/**
 * Strips proclitics: the article family (و ف ب ك ل + ال, لل), the conjunctions و ف (not from the و/ف
 * words the stream knows: واحد, فيلم), and a lone ب ك ل only where the news stream attests the rest as a
 * word of its own (بمدينة; not بغداد, ليبيا).
 * Clitics come in the order conjunction, preposition, article, so an article or a preposition ends the
 * chain: الوئام keeps its و.
 */
export function stripClitics(word: string): string {
  let w = word;
  for (let round = 0; round < 3; round++) {
    if (PROTECTED.has(w)) return w;
    const first = w[0];
    const isConj = first === 'و' || first === 'ف';
    if (isConj && PROTECTED.has(w.slice(1))) return w.slice(1); // والتي, فالله
    // Looks like clitic + ال, is a word of its own: كاليفورنيا, والدة (and وكاليفورنيا = و + كاليفورنيا).
    if (ARTICLE_ROOT.has(w)) return w;
    if (isConj && ARTICLE_ROOT.has(w.slice(1))) return w.slice(1);
    for (const p of ARTICLE_PREFIXES) {
      if (w.length - p.length >= 2 && w.startsWith(p)) {
        // بإلغاء = ب + إلغاء, not بال + غاء: only the clitics before an ال-root word go.
        if (p.endsWith('ال')) {
          const word = w.slice(p.length - 2);
          if (AL_ROOTS.has(stripSuffixes(word))) return word;
        }
        const rest = w.slice(p.length);
        // ل before a ل-initial word is written لل too: للبنان = ل + لبنان, لليبيا = ل + ليبيا.
        return p.endsWith('لل') && LAM_INITIAL.has(`ل${rest}`) ? `ل${rest}` : rest;
      }
    }
    // فبمدينة: a ف before a preposition form the lexicon knows is the conjunction too.
    if (LONE_CLITIC.has(w) || (first === 'ف' && LONE_CLITIC.has(w.slice(1)) && w.slice(1)[0] !== 'ف')) {
      w = w.slice(1);
      if (first !== 'ف') return w; // a preposition is the last clitic before the word
      continue;
    }
    if (!isConj || w.length < 4 || ROOT_CONJ.has(w) || CONJ_ROOTS.has(stripSuffixes(w))) return w;
    w = w.slice(1);
  }
  return w;
}

function stripOne(w: string, list: string[]): string {
  for (const s of list) if (endsWith(w, s)) return w.slice(0, w.length - s.length);
  return w;
}

function stripSuffixes(word: string): string {
  const o = OVERRIDE.get(word);
  if (o !== undefined) return o;
  // Compound names ending in الله (عبدالله, نصرالله): the ه is not a pronoun.
  if (word.endsWith('الله') || PROTECTED.has(word)) return word;
  let w = word;
  // The protected check runs only after a change: most steps leave the word as it is.
  for (let round = 0; round < 4; round++) {
    const before = w;
    let next = stripOne(w, PRONOUNS);
    if (next !== w) {
      if (next.endsWith('ت') && !next.endsWith('ات') && next.length > MIN_STEM)
        next = `${next.slice(0, -1)}ة`;
      w = next;
      if (PROTECTED.has(w)) return w;
    }
    next = stripOne(w, PLURALS);
    if (next !== w) {
      // ـتين / ـتون: the dual or plural of a ة word (مدرستين).
      if (next.endsWith('ت') && next.length > MIN_STEM) next = `${next.slice(0, -1)}ة`;
      w = next;
      if (PROTECTED.has(w)) return w;
    }
    for (const list of TAIL_SUFFIXES) {
      next = stripOne(w, list);
      if (next !== w) {
        w = next;
        if (PROTECTED.has(w)) return w;
      }
    }
    // Tanween alef of the indefinite accusative (عاما, مشيرا, جديدا). Not after ي: سوريا, قضايا, حاليا.
    if (w.length > MIN_STEM && w.endsWith('ا') && w[w.length - 2] !== 'ي') {
      w = w.slice(0, -1);
      if (PROTECTED.has(w)) return w;
    }
    if (w === before) return w;
  }
  return w;
}

/** Light stem of a word already passed through `normalizeLetters`; not folded (see `fold`). */
export function stem(word: string): string {
  if (word.length <= MIN_STEM || PROTECTED.has(word)) return word;
  return stripSuffixes(stripClitics(word));
}

CONJ_ROOTS = new Set(CONJ_ROOT_WORDS.map(stripSuffixes));
AL_ROOTS = new Set(AL_ROOT_WORDS.split(' ').map(stripSuffixes));
