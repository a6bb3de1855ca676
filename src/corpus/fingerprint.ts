/**
 * Near-duplicate fingerprint of one article: a MinHash signature over word shingles of the normalized
 * body, the number of distinct shingles (so containment can be derived from the Jaccard estimate), and
 * hashes of the normalized title and paragraphs (so a copy can say what it changed). Pure and per
 * article: it belongs to the parallel analysis stage, placement only compares fingerprints.
 */
import { analyze } from '../text/analyzer.ts';
import { normalize } from '../text/normalize.ts';
import { combine, hashString, mix32 } from './hash.ts';

/** Words per shingle. 4 measured best on cross-outlet copies (docs/corpus.md): 3 lets templated
 * phrases of unrelated texts collide, 5 loses lightly edited copies. */
export const SHINGLE_WORDS = 4;
/** Signature length: the LSH keys, and a Jaccard estimate (standard error ≤ 0.0625) when no sample is at hand. */
export const NUM_HASHES = 64;
/**
 * Shingles kept for verification: the smallest `SAMPLE_SIZE` shingle hashes (a bottom-k sample). Exact
 * for texts up to that many shingles, standard error ≤ 0.03 above; the 64-value signature errs by up to
 * 0.06, which decides copies near the 0.10 threshold by chance (docs/corpus.md).
 */
export const SAMPLE_SIZE = 256;

const SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(NUM_HASHES);
  let s = 0x2545f491;
  for (let i = 0; i < NUM_HASHES; i++) {
    s = mix32(s + 0x9e3779b9);
    seeds[i] = s;
  }
  return seeds;
})();

export interface Fingerprint {
  /** MinHash values, one per hash function; all 0xffffffff when the text has no shingle. */
  signature: Uint32Array;
  /** Distinct shingles of the body. */
  shingles: number;
  /** Hash of the normalized title words (0 for an empty title). */
  titleHash: number;
  /** Hashes of the normalized paragraphs, in order (empty paragraphs left out). */
  paragraphs: Uint32Array;
  /** The smallest `SAMPLE_SIZE` distinct shingle hashes, ascending; absent: verify by the signature. */
  sample?: Uint32Array;
  /**
   * Weekdays the article names (`dayMask`): bit i (Sunday = 0) when its title names weekday i, bit 8 + i
   * when its title or text does. Absent: not known (no date check).
   */
  days?: number;
}

/**
 * Weekday names, normalized, with the clitics they take ("and", "on", "for the"): the date vocabulary of
 * templated texts. A bulletin or a schedule names its day; two of different days are two texts.
 */
const WEEKDAY_BITS: ReadonlyMap<string, number> = (() => {
  const names = ['الأحد', 'الإثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'];
  const bits = new Map<string, number>();
  names.forEach((name, i) => {
    const withArticle = normalize(name);
    const bare = withArticle.slice(2);
    for (const form of [
      withArticle,
      `و${withArticle}`,
      `ب${withArticle}`,
      `وب${withArticle}`,
      `لل${bare}`,
      `ولل${bare}`,
    ])
      bits.set(form, 1 << i);
  });
  return bits;
})();

/** Bit i set when `text` names weekday i (Sunday = 0). */
export function weekdayMask(text: string): number {
  let mask = 0;
  for (const t of analyze(text)) if (t.kind === 'word') mask |= WEEKDAY_BITS.get(t.norm) ?? 0;
  return mask;
}

/** `Fingerprint.days` from the weekday masks of a title and of a text. */
export function dayMask(titleDays: number, textDays: number): number {
  return titleDays | ((titleDays | textDays) << 8);
}

/** Hashes of the normalized word and number tokens of `text` (stopwords kept: they carry the wording). */
export function wordHashes(text: string): number[] {
  return textHashes(text).words;
}

/** What one pass of the analyzer over a text gives the fingerprint. */
interface TextHashes {
  /** `wordHashes(text)`. */
  words: number[];
  /** `weekdayMask(text)`. */
  days: number;
  /** One hash per paragraph (lines split at newlines) that has a word or number, in order. */
  paragraphs: number[];
}

/**
 * Word hashes, weekdays and paragraph hashes of `text` in one pass of the analyzer. Tokens never span a
 * newline, so a paragraph ends where the gap before the next token holds one: the same hashes as
 * analysing each paragraph on its own, for a third of the work.
 */
function textHashes(text: string): TextHashes {
  const words: number[] = [];
  const paragraphs: number[] = [];
  let days = 0;
  let paragraph = 0;
  let open = false;
  let lastEnd = 0;
  for (const t of analyze(text)) {
    if (t.kind === 'word') days |= WEEKDAY_BITS.get(t.norm) ?? 0;
    if (t.kind !== 'word' && t.kind !== 'number') continue;
    if (open && hasNewline(text, lastEnd, t.start)) {
      paragraphs.push(paragraph);
      open = false;
    }
    if (!open) {
      paragraph = 0x1b873593;
      open = true;
    }
    const w = hashString(t.norm);
    words.push(w);
    paragraph = combine(paragraph, w);
    lastEnd = t.end;
  }
  if (open) paragraphs.push(paragraph);
  return { words, days, paragraphs };
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}

/** Distinct shingle hashes of `words`, k words each; a text shorter than k is one shingle. */
export function shingleSet(words: readonly number[], k = SHINGLE_WORDS): Uint32Array {
  if (words.length === 0) return new Uint32Array(0);
  const n = Math.max(1, words.length - k + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x3c6ef372;
    const end = Math.min(words.length, i + k);
    for (let j = i; j < end; j++) h = combine(h, words[j]!);
    out[i] = h;
  }
  out.sort();
  let m = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[m - 1]) out[m++] = out[i]!;
  return out.slice(0, m);
}

/** MinHash signature of a set of 32-bit shingle hashes. */
export function minhash(shingles: Uint32Array): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s]!;
    for (let i = 0; i < NUM_HASHES; i++) {
      const v = mix32((x ^ SEEDS[i]!) >>> 0);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** The fingerprint of an article's title and body. Linear in the text. */
export function fingerprint(title: string, text: string, k = SHINGLE_WORDS): Fingerprint {
  const body = textHashes(text);
  const set = shingleSet(body.words, k);
  const titleNorm = normalize(title ?? '').trim();
  const head = titleNorm === '' ? { words: [], days: 0 } : textHashes(title);
  return {
    signature: minhash(set),
    shingles: set.length,
    titleHash: titleNorm === '' ? 0 : head.words.reduce((h, w) => combine(h, w), 0x85ebca6b),
    paragraphs: Uint32Array.from(body.paragraphs),
    // `set` is sorted and its hashes are mixed: its head is a uniform sample of the shingles.
    sample: set.slice(0, SAMPLE_SIZE),
    days: dayMask(head.days, body.days),
  };
}

/** Share of equal signature positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}

/**
 * Jaccard of two shingle sets from their bottom-k samples: the share of the k smallest hashes of the
 * union that both sets have. Exact when both sets have at most k shingles.
 */
export function sampleJaccard(a: Uint32Array, b: Uint32Array, k = SAMPLE_SIZE): number {
  let i = 0;
  let j = 0;
  let seen = 0;
  let both = 0;
  while (seen < k && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) i++;
    else if (i >= a.length || b[j]! < a[i]!) j++;
    else {
      both++;
      i++;
      j++;
    }
    seen++;
  }
  return seen === 0 ? 0 : both / seen;
}

/**
 * Containment of the smaller shingle set in the larger, derived from the Jaccard estimate and the set
 * sizes: |A∩B| = J·(|A|+|B|)/(1+J). A trimmed copy keeps a high containment while its Jaccard falls.
 */
export function containmentFromJaccard(j: number, sizeA: number, sizeB: number): number {
  const small = Math.min(sizeA, sizeB);
  if (small <= 0) return 0;
  const inter = (j * (sizeA + sizeB)) / (1 + j);
  return Math.min(1, inter / small);
}
