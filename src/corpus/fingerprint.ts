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
/** Signature length: standard error of the Jaccard estimate ≤ 0.0625, enough to tell 0.15 from 0.4. */
export const NUM_HASHES = 64;

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
}

/** Hashes of the normalized word and number tokens of `text` (stopwords kept: they carry the wording). */
function wordHashes(text: string): number[] {
  const out: number[] = [];
  for (const t of analyze(text)) {
    if (t.kind === 'word' || t.kind === 'number') out.push(hashString(t.norm));
  }
  return out;
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

function paragraphHashes(text: string): Uint32Array {
  const out: number[] = [];
  for (const p of text.split(/\n+/)) {
    const words = wordHashes(p);
    if (words.length === 0) continue;
    let h = 0x1b873593;
    for (const w of words) h = combine(h, w);
    out.push(h);
  }
  return Uint32Array.from(out);
}

/** The fingerprint of an article's title and body. Linear in the text. */
export function fingerprint(title: string, text: string, k = SHINGLE_WORDS): Fingerprint {
  const set = shingleSet(wordHashes(text), k);
  const titleNorm = normalize(title ?? '').trim();
  return {
    signature: minhash(set),
    shingles: set.length,
    titleHash: titleNorm === '' ? 0 : wordHashes(title).reduce((h, w) => combine(h, w), 0x85ebca6b),
    paragraphs: paragraphHashes(text),
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
 * Containment of the smaller shingle set in the larger, derived from the Jaccard estimate and the set
 * sizes: |A∩B| = J·(|A|+|B|)/(1+J). A trimmed copy keeps a high containment while its Jaccard falls.
 */
export function containmentFromJaccard(j: number, sizeA: number, sizeB: number): number {
  const small = Math.min(sizeA, sizeB);
  if (small <= 0) return 0;
  const inter = (j * (sizeA + sizeB)) / (1 + j);
  return Math.min(1, inter / small);
}
