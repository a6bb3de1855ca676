/**
 * Words for the section classifier: normalized word forms (for character n-grams) and index terms (stems,
 * no stopwords) for word n-grams. `analyzer` uses the shared Arabic analyzer; `lite` is the small local
 * tokenizer the first models were built with, kept so such model files still load and compare.
 */
import { type AnalyzedToken, analyze } from '../../text/analyzer.ts';

export interface SectionTokens {
  /** Normalized words (stopwords included), for character n-grams. */
  words: string[];
  /** Index terms in order: stems of non-stop words. */
  terms: string[];
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

/** Adds the words and terms of analyzed tokens that end within `limit` characters. */
function collectAnalyzed(
  tokens: readonly AnalyzedToken[],
  limit: number,
  words: string[],
  terms: string[],
): void {
  for (const t of tokens) {
    if (t.end > limit) break;
    if (t.kind === 'word') {
      if (t.stop) continue;
      words.push(t.norm);
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
 * The same tokens from an analysis the caller already has (title, then the body's tokens that end within
 * `maxChars`), so a pipeline that analyzed the article does not analyze it again.
 */
export function sectionTokensFromAnalyzed(
  title: readonly AnalyzedToken[],
  body: readonly AnalyzedToken[],
  maxChars: number,
): SectionTokens {
  const words: string[] = [];
  const terms: string[] = [];
  collectAnalyzed(title, Number.POSITIVE_INFINITY, words, terms);
  collectAnalyzed(body, maxChars, words, terms);
  return { words, terms };
}

export type TokenizerName = 'lite' | 'analyzer';

export const TOKENIZERS: Record<TokenizerName, (text: string) => SectionTokens> = {
  lite: sectionTokensLite,
  analyzer: sectionTokensAnalyzer,
};
