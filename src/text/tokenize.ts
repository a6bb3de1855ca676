/**
 * Single-pass tokenizer over UTF-16 code units with a char-class table built once at load (no
 * Intl.Segmenter: it degrades badly on long strings). Offsets are into the input, so tokens can be shown
 * and highlighted in the publisher's spelling.
 *
 * - word: a run of Arabic letters, or of Latin letters (digits may follow a Latin letter: G20, mp3), or of
 *   another script. A change of script splits: `ب2024` → ب | 2024, `الـCNN` → الـ | CNN. Diacritics,
 *   tatweel, zero-width and bidi controls inside or at the end of a word stay in it (they never split).
 * - number: digits (ASCII, Arabic-Indic, Persian) with `,` `.` `٫` `٬` allowed between two digits.
 * - hashtag `#الرياض` `#رؤية_2030`, mention `@handle`, url (`http(s)://…`, `www.…`, e-mail addresses).
 * - punct: any other visible char; a run of the same char (`...`, `!!`) is one token. Whitespace is skipped.
 */
import { isIgnorable, normalizeLetters } from './normalize.ts';

export type TokenKind = 'word' | 'number' | 'hashtag' | 'mention' | 'url' | 'punct';

export type Token = { text: string; start: number; end: number; kind: TokenKind };

const SPACE = 0;
const ARABIC = 1;
const LATIN = 2;
const OTHER = 3;
const DIGIT = 4;
const JOIN = 5;
const PUNCT = 6;

const CLASS: Uint8Array = (() => {
  const cls = new Uint8Array(0x10000).fill(PUNCT);
  const letter = /\p{L}/u;
  const latin = /\p{Script=Latin}/u;
  const mark = /\p{M}/u;
  const digit = /\p{Nd}/u;
  const space = /\s/u;
  const isArabicBlock = (c: number) =>
    (c >= 0x0600 && c <= 0x06ff) ||
    (c >= 0x0750 && c <= 0x077f) ||
    (c >= 0x0870 && c <= 0x08ff) ||
    (c >= 0xfb50 && c <= 0xfdff) ||
    (c >= 0xfe70 && c <= 0xfeff);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (space.test(ch)) cls[c] = SPACE;
    else if (digit.test(ch)) cls[c] = DIGIT;
    else if (letter.test(ch)) {
      if (isArabicBlock(c)) {
        // Ligatures of whole phrases (ﷺ → صلى الله عليه وسلم) are symbols, not words.
        cls[c] = c >= 0xfb50 && normalizeLetters(ch).includes(' ') ? PUNCT : ARABIC;
      } else cls[c] = latin.test(ch) ? LATIN : OTHER;
    } else if (mark.test(ch)) cls[c] = JOIN;
  }
  // Whatever the normalizer deletes (tatweel, Quranic marks, ZWSP, bidi controls, BOM) must not split words.
  for (let c = 0; c < 0x10000; c++) {
    if (cls[c] === SPACE || cls[c] === DIGIT) continue;
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (isIgnorable(c)) cls[c] = JOIN;
  }
  return cls;
})();

const NUMBER_SEPARATORS = new Set([0x2c, 0x2e, 0x066b, 0x066c]);
const HASH = new Set([0x23, 0xff03]);
const AT = 0x40;
const UNDERSCORE = 0x5f;
const APOSTROPHES = new Set([0x27, 0x2019]);

const URL_RE = /(?:https?:\/\/|www\.)[^\s<>"'«»،؛]+/iy;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/y;
const URL_TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '؟', '…']);

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function urlEnd(s: string, i: number): number {
  URL_RE.lastIndex = i;
  if (!URL_RE.test(s)) return -1;
  let end = URL_RE.lastIndex;
  // Trailing sentence punctuation and an unbalanced closing paren belong to the sentence, not the link.
  while (end > i && URL_TRAILING.has(s[end - 1]!)) {
    if (s[end - 1] === ')') {
      const body = s.slice(i, end);
      if (body.split('(').length > body.split(')').length - 1) break;
    }
    end--;
  }
  return end;
}

/** Receives each token as a range of the input; lets hot paths skip building Token objects. */
export type TokenVisitor = (start: number, end: number, kind: TokenKind) => void;

/** Splits `s` into tokens with offsets into `s`. Linear time. */
export function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  scanTokens(s, (start, end, kind) => {
    tokens.push({ text: s.slice(start, end), start, end, kind });
  });
  return tokens;
}

/** The tokenizer itself: calls `visit` for each token in order, without allocating. */
export function scanTokens(s: string, visit: TokenVisitor): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    const k = CLASS[c]!;
    if (k === SPACE || k === JOIN) {
      i++;
      continue;
    }
    const start = i;
    if (k === LATIN || (k === DIGIT && c < 0x80)) {
      // Links and e-mail addresses start here; the regexes run only at these few positions.
      if (c === 0x68 || c === 0x48 || c === 0x77 || c === 0x57) {
        const end = urlEnd(s, i);
        if (end > i) {
          visit(start, end, 'url');
          i = end;
          continue;
        }
      }
      if (i === 0 || !isAsciiAlnum(s.charCodeAt(i - 1))) {
        EMAIL_RE.lastIndex = i;
        if (EMAIL_RE.test(s)) {
          const end = EMAIL_RE.lastIndex;
          visit(start, end, 'url');
          i = end;
          continue;
        }
      }
    }
    if (k === ARABIC || k === LATIN || k === OTHER) {
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        const kd = CLASS[d]!;
        if (kd === k || kd === JOIN) j++;
        else if (k === LATIN && kd === DIGIT && d < 0x80) j++;
        else if (k === LATIN && APOSTROPHES.has(d) && j + 1 < n && CLASS[s.charCodeAt(j + 1)] === LATIN)
          j += 2;
        else break;
      }
      visit(start, j, 'word');
      i = j;
      continue;
    }
    if (k === DIGIT) {
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (CLASS[d] === DIGIT) j++;
        else if (NUMBER_SEPARATORS.has(d) && j + 1 < n && CLASS[s.charCodeAt(j + 1)] === DIGIT) j += 2;
        else break;
      }
      visit(start, j, 'number');
      i = j;
      continue;
    }
    if (HASH.has(c)) {
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        const kd = CLASS[d]!;
        if (kd === ARABIC || kd === LATIN || kd === OTHER || kd === DIGIT || d === UNDERSCORE) j++;
        else if (kd === JOIN && j > i + 1) j++;
        else break;
      }
      if (j > i + 1) {
        visit(start, j, 'hashtag');
        i = j;
        continue;
      }
    }
    if (c === AT && (i === 0 || !isAsciiAlnum(s.charCodeAt(i - 1)))) {
      let j = i + 1;
      while (j < n && (isAsciiAlnum(s.charCodeAt(j)) || s.charCodeAt(j) === UNDERSCORE)) j++;
      if (j > i + 1) {
        visit(start, j, 'mention');
        i = j;
        continue;
      }
    }
    // Punctuation and symbols; a surrogate pair (emoji) stays whole, runs of one char are one token.
    let j = i + 1;
    if (c >= 0xd800 && c <= 0xdbff && j < n) {
      const lo = s.charCodeAt(j);
      if (lo >= 0xdc00 && lo <= 0xdfff) j++;
    } else {
      while (j < n && s.charCodeAt(j) === c) j++;
    }
    visit(start, j, 'punct');
    i = j;
  }
}
