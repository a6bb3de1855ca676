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

/**
 * News vocabulary is Zipfian, so a memo of token → analysis saves most of the per-word work. It is an
 * open-addressing table keyed on the code units of the input range itself, with keys packed in one
 * Uint16Array: a hit costs one hash over a few chars, no substring allocation and few pointer hops
 * (a Map<string> lookup needs the slice and rehashes it).
 */
class AnalysisMemo {
  private static readonly BITS = 19;
  private static readonly LIMIT = 300_000;
  // Slot i holds [entry + 1, hash] side by side: one cache line answers "empty / other word".
  private readonly slots = new Int32Array(2 << AnalysisMemo.BITS);
  private readonly starts = new Int32Array(AnalysisMemo.LIMIT);
  private readonly lengths = new Int32Array(AnalysisMemo.LIMIT);
  private readonly kinds = new Uint8Array(AnalysisMemo.LIMIT);
  readonly stops = new Uint8Array(AnalysisMemo.LIMIT);
  readonly stems: string[] = [];
  readonly norms: string[] = [];
  private pool = new Uint16Array(1 << 20);
  private poolLength = 0;
  private count = 0;

  /** Entry index for the token s[start, end) of `kind`, analysing it on first sight. */
  find(s: string, start: number, end: number, kind: TokenKind): number {
    const k = kind.charCodeAt(0); // word/number/hashtag/mention/url/punct differ in their first letter
    let h = 0x811c9dc5 ^ k;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    const mask = (1 << AnalysisMemo.BITS) - 1;
    const len = end - start;
    const slots = this.slots;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const e = slots[2 * slot]! - 1;
      if (e < 0) break;
      if (slots[2 * slot + 1] === h && this.lengths[e] === len && this.kinds[e] === k) {
        const pool = this.pool;
        const p = this.starts[e]! - start;
        let i = start;
        while (i < end && pool[p + i] === s.charCodeAt(i)) i++;
        if (i === end) return e;
      }
      slot = (slot + 1) & mask;
    }
    if (this.count >= AnalysisMemo.LIMIT) {
      // Full: start over rather than evict piecemeal; the hot words come back within a few articles.
      slots.fill(0);
      this.count = 0;
      this.poolLength = 0;
      this.stems.length = 0;
      this.norms.length = 0;
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
    this.starts[e] = p;
    this.lengths[e] = len;
    this.kinds[e] = k;
    this.stops[e] = a.stop ? 1 : 0;
    this.stems[e] = a.stem;
    this.norms[e] = a.norm;
    slots[2 * slot] = e + 1;
    slots[2 * slot + 1] = h;
    return e;
  }
}

const memo = new AnalysisMemo();

/** Tokens of `text` with their normalized form, index stem and stopword flag; offsets into `text`. */
export function analyze(text: string): AnalyzedToken[] {
  const out: AnalyzedToken[] = [];
  scanTokens(text, (start, end, kind) => {
    const e = memo.find(text, start, end, kind);
    const stop = memo.stops[e] === 1;
    out.push({
      text: text.slice(start, end),
      norm: memo.norms[e]!,
      stem: memo.stems[e]!,
      start,
      end,
      stop,
      kind,
    });
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
    if (memo.stops[e] === 0) {
      const stem = memo.stems[e]!;
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
