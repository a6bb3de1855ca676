/**
 * Hashed features for the section classifier: word unigrams and bigrams over index terms, and character
 * n-grams within normalized words (with word-boundary marks, so prefixes and suffixes are their own features).
 * Each block is log-count scaled, optionally IDF-weighted, L2-normalized on its own and then weighted, so the
 * many character n-grams do not drown the few words. Buckets a model pruned at training are left out first.
 */
import { MEMO_SIZE } from '../../text/analyzer.ts';
import type { SectionTokens, TokenizerName } from './tokens.ts';

export interface FeatureConfig {
  tokenizer: TokenizerName;
  /** log2 of the number of hash buckets. */
  bits: number;
  /** 0: no word features, 1: unigrams, 2: unigrams and bigrams. */
  wordNgrams: number;
  /** Character n-gram lengths; charMax 0 turns them off. */
  charMin: number;
  charMax: number;
  wordWeight: number;
  charWeight: number;

  /** Only the head of the body is read: leads carry the topic, and it bounds the cost per article. */
  maxChars: number;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  tokenizer: 'analyzer',
  bits: 17,
  wordNgrams: 2,
  charMin: 4,
  charMax: 4,
  wordWeight: 1,
  charWeight: 1,
  maxChars: 1000,
};

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

function hashString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = hashStep(h, s.charCodeAt(i));
  return h;
}

// Distinct seeds keep a word, a bigram and a character n-gram with the same letters in different buckets.
const SEED_WORD = hashStep(FNV_OFFSET, 1);
const SEED_BIGRAM = hashStep(FNV_OFFSET, 2);
const SEED_CHAR = hashStep(FNV_OFFSET, 3);
const BOUNDARY = 0x3c;

/**
 * Reusable scratch space per dimension: byte counters (saturating at 255; log1p makes the difference moot)
 * keep the randomly written table a quarter of the size of floats, so it mostly stays in cache.
 */
class Accumulator {
  readonly counts: Uint8Array;
  readonly touched: Int32Array;
  n = 0;
  idx: Int32Array;
  val: Float32Array;
  size = 0;
  constructor(dim: number) {
    this.counts = new Uint8Array(dim);
    this.touched = new Int32Array(dim);
    this.idx = new Int32Array(4096);
    this.val = new Float32Array(4096);
  }
  add(bucket: number): void {
    const c = this.counts[bucket]!;
    if (c === 0) this.touched[this.n++] = bucket;
    if (c < 255) this.counts[bucket] = c + 1;
  }
  push(j: number, v: number): void {
    if (this.size === this.idx.length) {
      const idx = new Int32Array(this.size * 2);
      const val = new Float32Array(this.size * 2);
      idx.set(this.idx);
      val.set(this.val);
      this.idx = idx;
      this.val = val;
    }
    this.idx[this.size] = j;
    this.val[this.size++] = v;
  }
}

const LOG1P = Float32Array.from({ length: 256 }, (_, i) => Math.log1p(i));

const scratch = new Map<number, Accumulator>();
function accumulator(dim: number): Accumulator {
  let acc = scratch.get(dim);
  if (!acc) {
    acc = new Accumulator(dim);
    scratch.set(dim, acc);
  }
  return acc;
}

/** How a model weighs buckets: optional IDF, and the buckets it keeps (null: all). */
export interface BucketWeighting {
  idf: Float32Array | null;
  /** keep[j] = 0 for a bucket pruned at training (too rare): dropped before normalization, like a word outside a vocabulary. */
  keep: Uint8Array | null;
}

/**
 * Moves the accumulated counts out as log-scaled, IDF-weighted, L2-normalized entries times `weight`;
 * pruned buckets are left out before the norm is taken.
 */
function drain(acc: Accumulator, w: BucketWeighting, weight: number): void {
  const { idf, keep } = w;
  const start = acc.size;
  let norm = 0;
  for (let k = 0; k < acc.n; k++) {
    const j = acc.touched[k]!;
    const v = keep && keep[j] === 0 ? 0 : LOG1P[acc.counts[j]!]! * (idf ? idf[j]! : 1);
    acc.counts[j] = 0;
    if (v === 0) continue;
    acc.push(j, v);
    norm += v * v;
  }
  acc.n = 0;
  if (norm === 0) return;
  const scale = weight / Math.sqrt(norm);
  for (let k = start; k < acc.size; k++) acc.val[k]! *= scale;
}

/** Buckets of a word's character n-grams; positions -1 and word.length are the boundary marks. */
function charBuckets(word: string, lo: number, hi: number, mask: number): Int32Array {
  const out: number[] = [];
  const len = word.length + 2;
  for (let start = 0; start + lo <= len; start++) {
    let h = SEED_CHAR;
    for (let k = 0; k < hi && start + k < len; k++) {
      const p = start + k - 1;
      h = hashStep(h, p < 0 || p >= word.length ? BOUNDARY : word.charCodeAt(p));
      if (k + 1 >= lo) out.push((hashStep(h, k) >>> 0) & mask);
    }
  }
  return Int32Array.from(out);
}

// Words are Zipfian: most of an article's words were seen before, so their n-gram buckets are looked up,
// not rehashed. One bounded cache per feature setting (the same word hashes differently under another).
const CHAR_CACHE_LIMIT = 100_000;
const charCaches = new Map<string, Map<string, Int32Array>>();
function charCache(config: FeatureConfig): Map<string, Int32Array> {
  const key = `${config.bits}:${config.charMin}:${config.charMax}`;
  let cache = charCaches.get(key);
  if (!cache) {
    cache = new Map();
    charCaches.set(key, cache);
  }
  return cache;
}

/**
 * The same buckets by the words' analyzer memo numbers (`SectionTokens.wordIds`): an array load rather than a
 * Map lookup on the word. One table per feature setting, emptied when the memo starts over (a new epoch) or
 * when it holds `CHAR_CACHE_LIMIT` words, like the Map.
 */
type BucketsById = { epoch: number; size: number; buckets: (Int32Array | undefined)[] };
const charCachesById = new Map<string, BucketsById>();
function charCacheById(config: FeatureConfig, epoch: number): BucketsById {
  const key = `${config.bits}:${config.charMin}:${config.charMax}`;
  let cache = charCachesById.get(key);
  if (!cache || cache.epoch !== epoch || cache.size >= CHAR_CACHE_LIMIT) {
    cache = { epoch, size: 0, buckets: new Array<Int32Array | undefined>(MEMO_SIZE) };
    charCachesById.set(key, cache);
  }
  return cache;
}

/** The feature vector of a tokenized text. Buckets may repeat across blocks; dot products stay correct. */
export function featurize(
  tokens: SectionTokens,
  config: FeatureConfig,
  weighting: BucketWeighting,
): SparseVector {
  const dim = 1 << config.bits;
  const mask = dim - 1;
  const acc = accumulator(dim);
  acc.size = 0;

  if (config.wordNgrams > 0 && config.wordWeight > 0) {
    const { terms } = tokens;
    let prev = -1;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      acc.add((hashString(SEED_WORD, term) >>> 0) & mask);
      if (config.wordNgrams > 1 && prev >= 0) {
        const h = hashString(hashStep(hashString(SEED_BIGRAM, terms[prev]!), 0x20), term);
        acc.add((h >>> 0) & mask);
      }
      prev = i;
    }
    drain(acc, weighting, config.wordWeight);
  }

  if (config.charMax > 0 && config.charWeight > 0) {
    const { words, wordIds } = tokens;
    if (wordIds) {
      const byId = charCacheById(config, wordIds.epoch);
      for (let i = 0; i < words.length; i++) {
        const id = wordIds.ids[i]!;
        let buckets = byId.buckets[id];
        if (buckets === undefined) {
          buckets = charBuckets(words[i]!, config.charMin, config.charMax, mask);
          byId.buckets[id] = buckets;
          byId.size++;
        }
        for (let n = 0; n < buckets.length; n++) acc.add(buckets[n]!);
      }
    } else {
      const cache = charCache(config);
      for (const word of words) {
        let buckets = cache.get(word);
        if (buckets === undefined) {
          buckets = charBuckets(word, config.charMin, config.charMax, mask);
          if (cache.size >= CHAR_CACHE_LIMIT) cache.clear();
          cache.set(word, buckets);
        }
        for (let n = 0; n < buckets.length; n++) acc.add(buckets[n]!);
      }
    }
    drain(acc, weighting, config.charWeight);
  }

  return { idx: acc.idx.slice(0, acc.size), val: acc.val.slice(0, acc.size) };
}

/** The text the classifier reads: the title, then the head of the body. */
export function articleText(article: { title?: string; text?: string }, maxChars: number): string {
  const title = article.title ?? '';
  const body = article.text ?? '';
  return `${title}\n${body.length > maxChars ? body.slice(0, maxChars) : body}`;
}
