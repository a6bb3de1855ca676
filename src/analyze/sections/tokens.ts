/**
 * Words for the section classifier: normalized word forms (for character n-grams) and index terms (stems,
 * no stopwords) for word n-grams. `analyzer` uses the shared Arabic analyzer; `lite` is the small local
 * tokenizer the first models were built with, kept so such model files still load and compare.
 */
import { type AnalyzedToken, analyze, analyzeWithIds, type TokenIds } from '../../text/analyzer.ts';

export interface SectionTokens {
  /** Normalized words (stopwords included), for character n-grams. */
  words: string[];
  /** Index terms in order: stems of non-stop words. */
  terms: string[];
  /** The analyzer memo numbers of `words`, when known (see `featurize`). */
  wordIds?: TokenIds;
}

// Diacritics, superscript alef, tatweel, zero-width and bidi controls: invisible for matching.
const INVISIBLE = /[\u064B-\u065F\u0670\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const WORD = /[\u0621-\u063A\u0641-\u064Aa-z]+/g;

const LETTER_MAP: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ة: 'ه',
  ی: 'ي',
  ې: 'ي',
  ک: 'ك',
  ە: 'ه',
};
const LETTERS = /[أإآٱىةیېکە]/g;

export function normalizeLite(s: string): string {
  return s
    .replace(INVISIBLE, '')
    .replace(LETTERS, (c) => LETTER_MAP[c] ?? c)
    .toLowerCase();
}

// Already normalized (ا for alef forms, ي for ى, ه for ة).
const STOP = new Set(
  (
    'في من على الى عن ان او ما لا لم لن هذا هذه ذلك تلك التي الذي الذين اللذين كان كانت يكون تكون قد ' +
    'مع بين بعد قبل عند حتى كل اي هو هي هم هن انه انها لها له لهم به بها فيه فيها منه منها عليه عليها ' +
    'ثم كما اذا اذ حيث وقد وكان وهو وهي وفي ومن وعلى والى وان ولا وما وقال قال ايضا اما الا غير دون ' +
    'منذ خلال نحو لدى عدد اكثر اول ضمن تم يتم هناك هنا the of and to in a is for on'
  ).split(' '),
);

const PREFIXES = ['وبال', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];

/** Light stem in the spirit of Light10: strip one article/conjunction prefix and one suffix, keep ≥ 3 letters. */
function lightStem(w: string): string {
  for (const p of PREFIXES) {
    if (w.startsWith(p) && w.length - p.length >= 2) {
      w = w.slice(p.length);
      break;
    }
  }
  if (w.length > 3 && w.startsWith('و')) w = w.slice(1);
  for (const s of SUFFIXES) {
    if (w.endsWith(s) && w.length - s.length >= 3) return w.slice(0, -s.length);
  }
  return w;
}

export function sectionTokensLite(text: string): SectionTokens {
  const words = normalizeLite(text).match(WORD) ?? [];
  const terms: string[] = [];
  for (const w of words) if (!STOP.has(w) && w.length > 1) terms.push(lightStem(w));
  return { words, terms };
}

/**
 * Adds the words and terms of analyzed tokens that end within `limit` characters, and the words' memo numbers
 * to `wordIds` when `ids` (the tokens' numbers) are given.
 */
function collectAnalyzed(
  tokens: readonly AnalyzedToken[],
  limit: number,
  words: string[],
  terms: string[],
  ids?: Int32Array,
  wordIds?: number[],
): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.end > limit) break;
    if (t.kind === 'word') {
      if (t.stop) continue;
      words.push(t.norm);
      if (ids) wordIds!.push(ids[i]!);
      if (t.stem !== '') terms.push(t.stem);
    } else if ((t.kind === 'number' || t.kind === 'hashtag') && t.stem !== '') terms.push(t.stem);
  }
}

/** Shared analyzer: terms as `terms()` gives them (stems of non-stop words, numbers, hashtags); words are the `norm` of non-stop words. */
export function sectionTokensAnalyzer(text: string): SectionTokens {
  const words: string[] = [];
  const terms: string[] = [];
  collectAnalyzed(analyze(text), Number.POSITIVE_INFINITY, words, terms);
  return { words, terms };
}

/**
 * The same tokens from an analysis the caller already has, so a pipeline that analyzed the article does not
 * analyze it again: the title's, then those of the body's first `maxChars` characters exactly as
 * `analyze(body.slice(0, maxChars))` gives them (`headTokens`). `bodyTokens` are `analyze(body)`'s (a prefix of
 * them reaching `maxChars` will do). `ids`: their memo numbers (`analyzeWithIds`), when the caller has them.
 */
export function sectionTokensFromAnalyzed(
  title: readonly AnalyzedToken[],
  body: string,
  bodyTokens: readonly AnalyzedToken[],
  maxChars: number,
  ids?: { title: TokenIds; body: TokenIds },
): SectionTokens {
  const words: string[] = [];
  const terms: string[] = [];
  const head = headTokens(body, bodyTokens, maxChars, ids?.body);
  const epoch = ids?.title.epoch;
  if (!ids || !head.ids || head.ids.epoch !== epoch) {
    collectAnalyzed(title, Number.POSITIVE_INFINITY, words, terms);
    collectAnalyzed(head.tokens, Number.POSITIVE_INFINITY, words, terms);
    return { words, terms };
  }
  const wordIds: number[] = [];
  collectAnalyzed(title, Number.POSITIVE_INFINITY, words, terms, ids.title.ids, wordIds);
  collectAnalyzed(head.tokens, Number.POSITIVE_INFINITY, words, terms, head.ids.ids, wordIds);
  return { words, terms, wordIds: { ids: Int32Array.from(wordIds), epoch: ids.title.epoch } };
}

const SPACE = /\s/;

/**
 * `analyze(text.slice(0, maxChars))` from `tokens` = `analyze(text)`. No token spans whitespace and the
 * tokenizer's look-ahead and look-behind never read across it, so the tokens before the last whitespace within
 * the cut are the same in both; only what follows it (part of a word, most often) is analyzed again. With the
 * tokens' memo numbers `ids`, the head's numbers too (null when the memo started over meanwhile).
 */
export function headTokens(
  text: string,
  tokens: readonly AnalyzedToken[],
  maxChars: number,
  ids?: TokenIds,
): { tokens: readonly AnalyzedToken[]; ids: TokenIds | null } {
  if (text.length <= maxChars) return { tokens, ids: ids ?? null };
  let space = maxChars - 1;
  while (space >= 0 && !SPACE.test(text[space]!)) space--;
  if (space < 0) return analyzeWithIds(text.slice(0, maxChars));
  let n = 0;
  while (n < tokens.length && tokens[n]!.start < space) n++;
  const head = tokens.slice(0, n);
  const tail = analyzeWithIds(text.slice(space, maxChars));
  for (const t of tail.tokens) {
    t.start += space;
    t.end += space;
    head.push(t);
  }
  if (!ids || !tail.ids || tail.ids.epoch !== ids.epoch) return { tokens: head, ids: null };
  const headIds = new Int32Array(head.length);
  headIds.set(ids.ids.subarray(0, n));
  headIds.set(tail.ids.ids, n);
  return { tokens: head, ids: { ids: headIds, epoch: ids.epoch } };
}

export type TokenizerName = 'lite' | 'analyzer';

export const TOKENIZERS: Record<TokenizerName, (text: string) => SectionTokens> = {
  lite: sectionTokensLite,
  analyzer: sectionTokensAnalyzer,
};
