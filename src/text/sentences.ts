/**
 * Sentence splitting for Arabic and English news text in one linear pass. A sentence ends at . ! ? ؟ … ۔
 * (with any run of them and closing quotes or brackets that follow) or at a newline. A full stop does not
 * end a sentence between digits (3.5), after a one-letter abbreviation (د. محمد, U.S.), after a known
 * abbreviation (Dr., Mr., etc.) or when a letter follows it directly (spa.gov.sa).
 */

export type Sentence = { text: string; start: number; end: number };

const TERMINATORS = new Set(['.', '!', '?', '\u061F', '\u2026', '\u06D4']);
const CLOSERS = new Set(['"', "'", '»', '”', '’', ')', ']', '}', '›']);
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'inc',
  'ltd',
  'co',
  'vs',
  'etc',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'gov',
  'sen',
  'rep',
  'jan',
  'feb',
  'aug',
  'sept',
  'oct',
  'nov',
  'dec',
]);

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;
const DIGIT = /\p{Nd}/u;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && LETTER_OR_DIGIT.test(ch);
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00A0' || /\s/u.test(ch);
}

/** Whether the full stop at `i` is part of a number, an abbreviation or a name rather than an end. */
function isInnerDot(text: string, i: number): boolean {
  const prev = text[i - 1];
  const next = text[i + 1];
  if (isWordChar(next)) return true;
  if (prev !== undefined && next !== undefined && DIGIT.test(prev) && DIGIT.test(next)) return true;
  let k = i;
  while (k > 0 && isWordChar(text[k - 1])) k--;
  const word = text.slice(k, i);
  if (word.length === 1 && !DIGIT.test(word)) return true;
  return word.length > 0 && word.length <= 5 && ABBREVIATIONS.has(word.toLowerCase());
}

/** Splits `text` into trimmed sentences with offsets into `text`. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const n = text.length;
  let start = 0;
  const push = (from: number, to: number) => {
    while (from < to && isSpace(text[from]!)) from++;
    while (to > from && isSpace(text[to - 1]!)) to--;
    if (to > from) out.push({ text: text.slice(from, to), start: from, end: to });
  };
  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    if (ch === '\n' || ch === '\u2029') {
      push(start, i);
      start = i + 1;
      continue;
    }
    if (!TERMINATORS.has(ch)) continue;
    if (ch === '.' && isInnerDot(text, i)) continue;
    let j = i + 1;
    while (j < n && (TERMINATORS.has(text[j]!) || CLOSERS.has(text[j]!))) j++;
    push(start, j);
    start = j;
    i = j - 1;
  }
  push(start, n);
  return out;
}
