/**
 * Run-time emission scores: what `sentenceFeatures` would give, summed over the model's weights, without
 * building a feature name per token.
 *
 * Most of a token's features belong to one word (its own, or what a neighbour at −2…+2 says about it), so
 * each distinct word's five weight vectors (own, and as a neighbour at each offset) are summed once, when the
 * word is first seen, and kept in a typed-array slab. A token then costs one hash lookup for its word, five
 * vector additions, three word-pair lookups by integer ids and the known-name matches. Scores are integers
 * (weights × the model's scale), so the sums do not depend on their order.
 *
 * `scorer.test.ts` checks that the scores equal the sums over `sentenceFeatures`, the training definition.
 */

import type { TokenIds } from '../../text/analyzer.ts';
import { WordTable } from '../word-table.ts';
import type { FeatureSink, Word } from './features.ts';
import {
  EDGE_AFTER,
  EDGE_BEFORE,
  edgeFeatures,
  gazFeature,
  gazTriggerFeature,
  nameMatches,
  neighbourFeatures,
  OFFSETS,
  ownFeatures,
  PAIR_TEMPLATES,
  pairValue,
  wordOf,
} from './features.ts';
import type { TaggerModel } from './model.ts';

/** Vectors per word: its own, then as the neighbour at each of `OFFSETS`. */
const VECTORS = 1 + OFFSETS.length;
// `score` sums a token's five vectors in one unrolled pass, which reads them in this order.
if (OFFSETS.join() !== '-2,-1,1,2') {
  throw new Error('scorer: OFFSETS changed; update the unrolled sum in `score`');
}
/**
 * Distinct words kept by default (about 24 MB of vectors; the shared stream has 173k distinct tokens). When
 * the table is full, between two sentences, it keeps the words used most since the last time (at most half of
 * it) and forgets the rest.
 */
const WORD_LIMIT = 1 << 17;

/**
 * Feature name → row without building the name: the hash runs over the template, `=` and the value in
 * place, and a hit is confirmed against the stored name, so the answer is exactly the Map's. A word seen
 * for the first time needs some 35 of these lookups.
 */
class FeatureTable {
  private readonly mask: number;
  /** Slot → row + 1 (0 = empty), and the name's hash beside it. */
  private readonly slots: Int32Array;

  constructor(private readonly names: readonly string[]) {
    let size = 16;
    while (size < names.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(2 * size);
    names.forEach((name, row) => {
      const h = hashChars(name, HASH_SEED);
      let k = (h ^ (h >>> 15)) & this.mask;
      while (this.slots[2 * k] !== 0) k = (k + 1) & this.mask;
      this.slots[2 * k] = row + 1;
      this.slots[2 * k + 1] = h;
    });
  }

  /** The row of `featureName(template, value)`, or −1. */
  get(template: string, value: string | undefined): number {
    let h = hashChars(template, HASH_SEED);
    if (value !== undefined) h = hashChars(value, Math.imul(h ^ 61, FNV_PRIME)); // 61 = '='
    for (let k = (h ^ (h >>> 15)) & this.mask; ; k = (k + 1) & this.mask) {
      const row = this.slots[2 * k]! - 1;
      if (row < 0) return -1;
      if (this.slots[2 * k + 1] === h && this.is(this.names[row]!, template, value)) return row;
    }
  }

  private is(name: string, template: string, value: string | undefined): boolean {
    if (value === undefined) return name === template;
    return (
      name.length === template.length + 1 + value.length &&
      name.charCodeAt(template.length) === 61 &&
      name.startsWith(template) &&
      name.endsWith(value)
    );
  }
}

const HASH_SEED = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the string's code units, continuing from `h`. */
function hashChars(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/**
 * Token → slot of the word table: open addressing on the token's code units, checked against a packed copy
 * of them. Every token of every article passes here; a Map of strings would hash the fresh string, then
 * follow its bucket chain and compare with the stored key object.
 */
class TokenIndex {
  private mask: number;
  /** Per table entry: slot + 1 (0 = empty) and the token's hash. */
  private table: Int32Array;
  private entries = 0;
  /** Per slot: where its characters start in `pool`, and how many. */
  private starts: Int32Array = new Int32Array(1024);
  private lengths: Int32Array = new Int32Array(1024);
  private pool = new Uint16Array(1 << 16);
  private poolLength = 0;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.table = new Int32Array(2 * size);
  }

  /** The token's slot, or −1; `hash` is `hashChars(token, HASH_SEED)`. */
  find(token: string, hash: number): number {
    const len = token.length;
    for (let k = (hash ^ (hash >>> 15)) & this.mask; ; k = (k + 1) & this.mask) {
      const slot = this.table[2 * k]! - 1;
      if (slot < 0) return -1;
      if (this.table[2 * k + 1] !== hash || this.lengths[slot] !== len) continue;
      const pool = this.pool;
      const at = this.starts[slot]!;
      let i = 0;
      while (i < len && pool[at + i] === token.charCodeAt(i)) i++;
      if (i === len) return slot;
    }
  }

  /** Enters a token that `find` did not find. */
  add(token: string, hash: number, slot: number): void {
    if (slot >= this.starts.length) {
      this.starts = grown(this.starts, slot + 1);
      this.lengths = grown(this.lengths, slot + 1);
    }
    if (this.poolLength + token.length > this.pool.length) {
      const pool = new Uint16Array(Math.max(2 * this.pool.length, this.poolLength + token.length));
      pool.set(this.pool.subarray(0, this.poolLength));
      this.pool = pool;
    }
    this.starts[slot] = this.poolLength;
    this.lengths[slot] = token.length;
    for (let i = 0; i < token.length; i++) this.pool[this.poolLength++] = token.charCodeAt(i);
    // At most half full, so probe runs stay short (more words than expected can come in one long sentence).
    if (2 * (this.entries + 1) > this.mask + 1) this.rehash();
    this.put(slot, hash);
  }

  private put(slot: number, hash: number): void {
    let k = (hash ^ (hash >>> 15)) & this.mask;
    while (this.table[2 * k] !== 0) k = (k + 1) & this.mask;
    this.table[2 * k] = slot + 1;
    this.table[2 * k + 1] = hash;
    this.entries++;
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Int32Array(2 * old.length);
    this.mask = old.length - 1;
    this.entries = 0;
    for (let k = 0; k < old.length; k += 2) if (old[k] !== 0) this.put(old[k]! - 1, old[k + 1]!);
  }

  clear(): void {
    this.table.fill(0);
    this.entries = 0;
    this.poolLength = 0;
  }
}

function grown(a: Int32Array, atLeast: number): Int32Array {
  const b = new Int32Array(Math.max(2 * a.length, atLeast));
  b.set(a);
  return b;
}

/** (first id, second id) → feature row, open addressing over typed arrays. */
class PairTable {
  private readonly mask: number;
  private readonly first: Int32Array;
  private readonly second: Int32Array;
  private readonly rows: Int32Array;

  constructor(entries: readonly [number, number, number][]) {
    let size = 16;
    while (size < entries.length * 2) size *= 2;
    this.mask = size - 1;
    this.first = new Int32Array(size).fill(-1);
    this.second = new Int32Array(size);
    this.rows = new Int32Array(size);
    for (const [a, b, row] of entries) {
      let k = this.slot(a, b);
      while (this.first[k] !== -1 && (this.first[k] !== a || this.second[k] !== b)) k = (k + 1) & this.mask;
      this.first[k] = a;
      this.second[k] = b;
      this.rows[k] = row;
    }
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ b;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    return (h ^ (h >>> 13)) & this.mask;
  }

  /** The row, or −1. */
  get(a: number, b: number): number {
    if (a < 0 || b < 0) return -1;
    let k = this.slot(a, b);
    for (;;) {
      const f = this.first[k]!;
      if (f === -1) return -1;
      if (f === a && this.second[k] === b) return this.rows[k]!;
      k = (k + 1) & this.mask;
    }
  }
}

export class Scorer {
  private readonly T: number;
  private readonly width: number;
  private readonly table: FeatureTable;
  /** Token → slot in the word table. */
  private readonly slotOf: TokenIndex;
  /** Analyzer memo number → slot + 1: tokens that come with their numbers skip hashing their text. */
  private readonly slotOfId = new WordTable();
  private words: Word[] = [];
  private vectors: Int32Array;
  /** Per slot: lookups since the table was last trimmed. */
  private uses: Int32Array;
  /** Per slot: pair-vocabulary ids of the word's normalized and bare forms (−1: in no pair feature). */
  private pairIds: Int32Array;
  private readonly edges: Int32Array;
  /** Every string that is one side of some pair feature → its id. */
  private readonly vocab = new Map<string, number>();
  private readonly pairs: PairTable[];
  private readonly edgeBefore: number;
  private readonly edgeAfter: number;
  /** Where `sink` adds the weights of the features it is given. */
  private target: Int32Array;
  private targetAt = 0;
  /** Scratch for one sentence, reused: `score` returns `emit` itself. */
  private slots = new Int32Array(256);
  private emit: Int32Array;
  private readonly sink: FeatureSink = (template, value) => {
    const row = this.table.get(template, value);
    if (row >= 0) this.addRow(row, this.target, this.targetAt);
  };

  constructor(
    private readonly model: TaggerModel,
    private readonly wordLimit = WORD_LIMIT,
  ) {
    this.T = model.tags.length;
    this.width = VECTORS * this.T;
    this.emit = new Int32Array(this.slots.length * this.T);
    this.table = new FeatureTable(model.features);
    this.slotOf = new TokenIndex(wordLimit);
    this.vectors = new Int32Array(1024 * this.width);
    this.pairIds = new Int32Array(1024 * 2);
    this.uses = new Int32Array(1024);
    this.edges = new Int32Array(OFFSETS.length * this.T);
    this.target = this.edges;
    OFFSETS.forEach((d, k) => {
      this.targetAt = k * this.T;
      edgeFeatures(d, model.lexicon, this.sink);
    });
    this.pairs = PAIR_TEMPLATES.map((template) => new PairTable(this.pairEntries(template)));
    this.edgeBefore = this.vocab.get(EDGE_BEFORE) ?? -1;
    this.edgeAfter = this.vocab.get(EDGE_AFTER) ?? -1;
  }

  /**
   * The model's pair features of one template as (first id, second id, row). A value with several `|` is
   * entered under every split: `pairValue` of any of them gives the same value, so each is a hit.
   */
  private pairEntries(template: string): [number, number, number][] {
    const out: [number, number, number][] = [];
    const idOf = (s: string) => {
      let id = this.vocab.get(s);
      if (id === undefined) {
        id = this.vocab.size;
        this.vocab.set(s, id);
      }
      return id;
    };
    const prefix = `${template}=`;
    this.model.features.forEach((name, row) => {
      if (!name.startsWith(prefix)) return;
      const value = name.slice(prefix.length);
      for (let k = value.indexOf('|'); k >= 0; k = value.indexOf('|', k + 1)) {
        const first = value.slice(0, k);
        const second = value.slice(k + 1);
        if (pairValue(first, second) === value) out.push([idOf(first), idOf(second), row]);
      }
    });
    return out;
  }

  private addRow(row: number, into: Int32Array, offset: number): void {
    const T = this.T;
    const w = this.model.weights;
    const base = row * T;
    for (let t = 0; t < T; t++) into[offset + t]! += w[base + t]!;
  }

  /** The token's slot, its vectors computed on first sight. */
  private slot(token: string): number {
    const hash = hashChars(token, HASH_SEED);
    const known = this.slotOf.find(token, hash);
    if (known >= 0) {
      if (this.uses[known]! < 0x3fffffff) this.uses[known]!++;
      return known;
    }
    const s = this.words.length;
    if ((s + 1) * this.width > this.vectors.length) this.grow();
    const lexicon = this.model.lexicon;
    const word = wordOf(token, lexicon, false);
    this.words.push(word);
    this.slotOf.add(token, hash, s);
    const base = s * this.width;
    this.vectors.fill(0, base, base + this.width);
    this.target = this.vectors;
    this.targetAt = base;
    ownFeatures(word, lexicon, this.sink);
    OFFSETS.forEach((d, k) => {
      this.targetAt = base + (k + 1) * this.T;
      neighbourFeatures(word, d, this.sink);
    });
    this.pairIds[2 * s] = this.vocab.get(word.norm) ?? -1;
    this.pairIds[2 * s + 1] = this.vocab.get(word.bare) ?? -1;
    this.uses[s] = 1;
    return s;
  }

  private grow(): void {
    const vectors = new Int32Array(this.vectors.length * 2);
    vectors.set(this.vectors);
    this.vectors = vectors;
    const ids = new Int32Array(this.pairIds.length * 2);
    ids.set(this.pairIds);
    this.pairIds = ids;
    const uses = new Int32Array(this.uses.length * 2);
    uses.set(this.uses);
    this.uses = uses;
  }

  /**
   * Keeps the most used words (at most half the table) and forgets the rest; counts are halved so that
   * words of past news fade. Only between sentences: the slots of the sentence being scored must stay valid.
   */
  private trim(): void {
    const count = this.words.length;
    const histogram = new Int32Array(257);
    for (let s = 0; s < count; s++) histogram[Math.min(this.uses[s]!, 256)]!++;
    let threshold = 257;
    let kept = 0;
    while (threshold > 1 && kept + histogram[threshold - 1]! <= this.wordLimit / 2)
      kept += histogram[--threshold]!;
    const words: Word[] = [];
    this.slotOf.clear();
    for (let s = 0; s < count; s++) {
      if (this.uses[s]! < threshold) continue;
      const to = words.length;
      words.push(this.words[s]!);
      this.slotOf.add(this.words[s]!.token, hashChars(this.words[s]!.token, HASH_SEED), to);
      this.vectors.copyWithin(to * this.width, s * this.width, (s + 1) * this.width);
      this.pairIds[2 * to] = this.pairIds[2 * s]!;
      this.pairIds[2 * to + 1] = this.pairIds[2 * s + 1]!;
      this.uses[to] = this.uses[s]! >> 1;
    }
    this.words = words;
    this.slotOfId.clear();
  }

  /**
   * Emission scores, `n × T`, in units of 1 / the model's scale (`emit` is reused by the next call), and the
   * tokens as the features saw them. `memo`: the tokens' analyzer memo numbers, when the caller has them.
   */
  score(tokens: readonly string[], memo?: TokenIds): { emit: Int32Array; words: Word[] } {
    const n = tokens.length;
    const T = this.T;
    if (this.words.length + n > this.wordLimit) this.trim();
    if (this.slots.length < n) {
      this.slots = new Int32Array(2 * n);
      this.emit = new Int32Array(2 * n * T);
    }
    const slots = this.slots;
    const words: Word[] = new Array(n);
    const byId = memo ? this.slotOfId.of(memo.epoch) : null;
    for (let i = 0; i < n; i++) {
      let s: number;
      if (byId) {
        const id = memo!.ids[i]!;
        s = byId[id]! - 1;
        if (s < 0) {
          s = this.slot(tokens[i]!);
          byId[id] = s + 1;
        } else if (this.uses[s]! < 0x3fffffff) this.uses[s]!++;
      } else s = this.slot(tokens[i]!);
      slots[i] = s;
      words[i] = this.words[s]!;
    }
    const vectors = this.vectors;
    const ids = this.pairIds;
    const emit = this.emit;
    const width = this.width;
    for (let i = 0; i < n; i++) {
      const out = i * T;
      if (i >= 2 && i + 2 < n) {
        // Inside the sentence (OFFSETS = −2, −1, 1, 2 all fall in it): the five vectors in one pass.
        const own = slots[i]! * width;
        const m2 = slots[i - 2]! * width + T;
        const m1 = slots[i - 1]! * width + 2 * T;
        const p1 = slots[i + 1]! * width + 3 * T;
        const p2 = slots[i + 2]! * width + 4 * T;
        for (let t = 0; t < T; t++) {
          emit[out + t] =
            vectors[own + t]! + vectors[m2 + t]! + vectors[m1 + t]! + vectors[p1 + t]! + vectors[p2 + t]!;
        }
      } else {
        emit.fill(0, out, out + T);
        add(vectors, slots[i]! * width, emit, out, T);
        for (let k = 0; k < OFFSETS.length; k++) {
          const j = i + OFFSETS[k]!;
          if (j < 0 || j >= n) add(this.edges, k * T, emit, out, T);
          else add(vectors, slots[j]! * width + (k + 1) * T, emit, out, T);
        }
      }
      const norm = ids[2 * slots[i]!]!;
      const prevNorm = i > 0 ? ids[2 * slots[i - 1]!]! : this.edgeBefore;
      const nextNorm = i + 1 < n ? ids[2 * slots[i + 1]!]! : this.edgeAfter;
      const prevBare = i > 0 ? ids[2 * slots[i - 1]! + 1]! : this.edgeBefore;
      const nextBare = i + 1 < n ? ids[2 * slots[i + 1]! + 1]! : this.edgeAfter;
      // In the order of `PAIR_TEMPLATES`: previous|this, this|next, previous bare|next bare.
      this.addPair(0, prevNorm, norm, emit, out);
      this.addPair(1, norm, nextNorm, emit, out);
      this.addPair(2, prevBare, nextBare, emit, out);
    }
    this.addNameMatches(words, emit);
    return { emit, words };
  }

  private addPair(template: number, a: number, b: number, emit: Int32Array, out: number): void {
    const row = this.pairs[template]!.get(a, b);
    if (row >= 0) this.addRow(row, emit, out);
  }

  /** Known-name features: a few tokens a sentence at most, so looked up by value. */
  private addNameMatches(words: readonly Word[], emit: Int32Array): void {
    const gaz = nameMatches(this.model.lexicon, words);
    const n = words.length;
    this.target = emit;
    for (let j = 0; j < n; j++) {
      const match = gaz[j];
      if (!match) continue;
      this.targetAt = j * this.T;
      gazFeature(0, match, this.sink);
      const before = words[j - 1]?.trigger;
      if (before) gazTriggerFeature(match, before, this.sink);
      for (const d of OFFSETS) {
        // Token i sees the match at j as its neighbour at offset d = j − i.
        const i = j - d;
        if (i < 0 || i >= n) continue;
        this.targetAt = i * this.T;
        gazFeature(d, match, this.sink);
      }
    }
  }
}

function add(from: Int32Array, at: number, into: Int32Array, out: number, T: number): void {
  for (let t = 0; t < T; t++) into[out + t]! += from[at + t]!;
}
