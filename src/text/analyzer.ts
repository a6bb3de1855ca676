/**
 * The Arabic-first analyzer: tokenize, then per token the normalized form, the light stem and the stopword
 * flag. Only chains the parts (like Lucene's ArabicAnalyzer); the rules live in normalize, stem, stopwords.
 */
import { normalize, normalizeLetters } from './normalize.ts';
import { stem as lightStem } from './stem.ts';
import { isStopword } from './stopwords.ts';
import { scanTokens, type TokenKind } from './tokenize.ts';

export type AnalyzedToken = {
  /** The token as the publisher wrote it (slice of the input). */
  text: string;
  /** `normalize(text)`: for matching and display-independent comparison. */
  norm: string;
  /** Index term: `fold(stem(normalizeLetters(text)))`, Latin lowercased; '' for punctuation. */
  stem: string;
  start: number;
  end: number;
  stop: boolean;
  kind: TokenKind;
};

type Analysis = { norm: string; stem: string; stop: boolean };

function stemWord(letters: string): string {
  return normalize(lightStem(letters));
}

const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

function analyzeText(text: string, kind: TokenKind): Analysis {
  const norm = normalize(text);
  switch (kind) {
    case 'word':
      return { norm, stem: stemWord(normalizeLetters(text)), stop: isStopword(norm) };
    case 'hashtag': {
      const stem = normalizeLetters(text.slice(1))
        .split('_')
        .filter((p) => p !== '')
        .map(stemWord)
        .join('_');
      return { norm, stem, stop: false };
    }
    case 'number':
      // 1,000,000 and 1000000 are one number; a comma elsewhere (1,5) is left alone.
      return { norm, stem: THOUSANDS.test(norm) ? norm.replace(/,/g, '') : norm, stop: false };
    case 'punct':
      return { norm, stem: '', stop: false };
    default:
      return { norm, stem: norm, stop: false };
  }
}

/** Entries the memo holds before it starts over (and so the bound of the numbers `analyzeWithIds` gives). */
export const MEMO_SIZE = 300_000;

/**
 * News vocabulary is Zipfian, so a memo of token → analysis saves most of the per-word work. It is an
 * open-addressing table keyed on the code units of the input range itself, with keys packed in one
 * Uint16Array: a hit costs one hash over a few chars, no substring allocation and few pointer hops
 * (a Map<string> lookup needs the slice and rehashes it).
 */
class AnalysisMemo {
  private static readonly BITS = 19;
  private static readonly LIMIT = MEMO_SIZE;
  // Slot i holds [entry + 1, hash] side by side: one cache line answers "empty / other word".
  private readonly slots = new Int32Array(2 << AnalysisMemo.BITS);
  /**
   * Per entry, side by side so one cache line has them all: where its code units start in `pool`, how many,
   * the kind's first letter and the stopword flag (`META` ints an entry).
   */
  private readonly meta = new Int32Array(META * AnalysisMemo.LIMIT);
  /** Per entry its `norm`, then its `stem`. */
  private readonly strings: string[] = [];
  private pool = new Uint16Array(1 << 20);
  private poolLength = 0;
  private count = 0;
  /** Bumped each time the memo starts over: entry numbers from before name other words after. */
  epoch = 0;

  norm(e: number): string {
    return this.strings[2 * e]!;
  }

  stem(e: number): string {
    return this.strings[2 * e + 1]!;
  }

  stop(e: number): boolean {
    return this.meta[META * e + 3] === 1;
  }

  /** Entry index for the token s[start, end) of `kind`, analysing it on first sight. */
  find(s: string, start: number, end: number, kind: TokenKind): number {
    const k = kind.charCodeAt(0); // word/number/hashtag/mention/url/punct differ in their first letter
    let h = 0x811c9dc5 ^ k;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    const mask = (1 << AnalysisMemo.BITS) - 1;
    const len = end - start;
    const slots = this.slots;
    const meta = this.meta;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const e = slots[2 * slot]! - 1;
      if (e < 0) break;
      if (slots[2 * slot + 1] === h && meta[META * e + 1] === len && meta[META * e + 2] === k) {
        const pool = this.pool;
        const p = meta[META * e]! - start;
        let i = start;
        while (i < end && pool[p + i] === s.charCodeAt(i)) i++;
        if (i === end) return e;
      }
      slot = (slot + 1) & mask;
    }
    if (this.count >= AnalysisMemo.LIMIT) {
      // Full: start over rather than evict piecemeal; the hot words come back within a few articles.
      slots.fill(0);
      this.epoch++;
      this.count = 0;
      this.poolLength = 0;
      this.strings.length = 0;
      slot = (h ^ (h >>> 15)) & mask;
    }
    if (this.poolLength + len > this.pool.length) {
      const bigger = new Uint16Array(Math.max(this.pool.length * 2, this.poolLength + len));
      bigger.set(this.pool.subarray(0, this.poolLength));
      this.pool = bigger;
    }
    const e = this.count++;
    const pool = this.pool;
    const p = this.poolLength;
    for (let i = 0; i < len; i++) pool[p + i] = s.charCodeAt(start + i);
    this.poolLength += len;
    const a = analyzeText(s.slice(start, end), kind);
    meta[META * e] = p;
    meta[META * e + 1] = len;
    meta[META * e + 2] = k;
    meta[META * e + 3] = a.stop ? 1 : 0;
    this.strings[2 * e] = a.norm;
    this.strings[2 * e + 1] = a.stem;
    slots[2 * slot] = e + 1;
    slots[2 * slot + 1] = h;
    return e;
  }
}

const META = 4;

const memo = new AnalysisMemo();

/** Tokens of `text` with their normalized form, index stem and stopword flag; offsets into `text`. */
export function analyze(text: string): AnalyzedToken[] {
  return analyzeTokens(text, null);
}

/**
 * Each token's number in the analyzer's memo: the same for every occurrence of the same text (and kind)
 * while `epoch` stays the same, so a caller can keep what it works out per word in an array indexed by it
 * rather than in a Map of strings. Numbers are below `MEMO_SIZE`; the memo starting over bumps the epoch.
 */
export type TokenIds = { ids: Int32Array; epoch: number };

/**
 * `analyze(text)` and its tokens' memo numbers (`ids` null in the rare call during which the memo started
 * over, its numbers then being of two epochs).
 */
export function analyzeWithIds(text: string): { tokens: AnalyzedToken[]; ids: TokenIds | null } {
  const epoch = memo.epoch;
  const ids = { list: new Int32Array(64), n: 0 };
  const tokens = analyzeTokens(text, ids);
  return { tokens, ids: memo.epoch === epoch ? { ids: ids.list.subarray(0, ids.n), epoch } : null };
}

function analyzeTokens(text: string, ids: { list: Int32Array; n: number } | null): AnalyzedToken[] {
  const out: AnalyzedToken[] = [];
  scanTokens(text, (start, end, kind) => {
    const e = memo.find(text, start, end, kind);
    out.push({
      text: text.slice(start, end),
      norm: memo.norm(e),
      stem: memo.stem(e),
      start,
      end,
      stop: memo.stop(e),
      kind,
    });
    if (ids) {
      if (ids.n === ids.list.length) {
        const grown = new Int32Array(2 * ids.n);
        grown.set(ids.list);
        ids.list = grown;
      }
      ids.list[ids.n++] = e;
    }
  });
  return out;
}

function isTermKind(kind: TokenKind): boolean {
  return kind === 'word' || kind === 'number' || kind === 'hashtag';
}

/** Index terms of `text`: the stems of non-stop words, numbers and hashtags (each word of one), in order. */
export function terms(text: string): string[] {
  const out: string[] = [];
  scanTokens(text, (start, end, kind) => {
    if (!isTermKind(kind)) return;
    const e = memo.find(text, start, end, kind);
    if (!memo.stop(e)) {
      const stem = memo.stem(e);
      // A multi-word hashtag (#السعودية_تتحدث) indexes each of its words.
      if (kind === 'hashtag' && stem.includes('_')) {
        for (const part of stem.split('_')) out.push(part);
      } else if (stem !== '') out.push(stem);
    }
  });
  return out;
}

/** A phrase as a half-open range of token indices into the `tokens` given to `phraseSpans`. */
export type PhraseSpan = { from: number; to: number };

function canJoin(t: AnalyzedToken): boolean {
  return t.kind === 'word' || t.kind === 'number';
}

/**
 * Word n-grams (1..maxN) that do not cross punctuation, links or hashtags and have no stopword at either
 * edge (stopwords inside are kept: رئيس مجلس الوزراء). As token ranges, so callers can pick any field.
 */
export function phraseSpans(tokens: AnalyzedToken[], maxN: number): PhraseSpan[] {
  const spans: PhraseSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i]!;
    if (!canJoin(first) || first.stop) continue;
    for (let j = i; j < tokens.length && j - i < maxN; j++) {
      const last = tokens[j]!;
      if (!canJoin(last)) break;
      if (!last.stop) spans.push({ from: i, to: j + 1 });
    }
  }
  return spans;
}

/** Word n-grams (1..maxN) with no stopword at either edge, each as its tokens' `norm` forms. */
export function phrases(tokens: AnalyzedToken[], maxN: number): string[][] {
  return phraseSpans(tokens, maxN).map(({ from, to }) => tokens.slice(from, to).map((t) => t.norm));
}
