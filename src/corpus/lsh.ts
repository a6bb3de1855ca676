/**
 * LSH banding over MinHash signatures: the signature is cut into `bands` bands of `rows` values; two
 * articles become candidates when any band is equal. The chance for a pair of Jaccard J is
 * 1 − (1 − J^rows)^bands (the S-curve; threshold ≈ (1/bands)^(1/rows)). See docs/corpus.md for the
 * measured choice.
 *
 * One open hash table in typed arrays (no Map of millions of arrays): heads[hash] → chain of entries
 * (article, key, next). A bucket holds at most the latest `bucketCap` articles: a band shared by more is
 * wire boilerplate or a much-copied text, and the latest ones already find the group (older ones fall
 * out of the copy window anyway). That bound keeps 10,000 copies of one text from costing 10,000² work.
 */
import { Growable } from './growable.ts';
import { combine } from './hash.ts';

export interface LshParams {
  bands: number;
  rows: number;
  bucketCap: number;
}

/** 32 bands × 2 rows over a 64-value signature: S-curve threshold ≈ 0.18, see docs/corpus.md. */
export const LSH_DEFAULTS: LshParams = { bands: 32, rows: 2, bucketCap: 48 };

export class LshIndex {
  readonly params: LshParams;
  #heads: Int32Array;
  #mask: number;
  readonly #doc = new Growable(Int32Array);
  readonly #key = new Growable(Uint32Array);
  readonly #next = new Growable(Int32Array);

  constructor(params: LshParams = LSH_DEFAULTS) {
    this.params = params;
    this.#heads = new Int32Array(1 << 12).fill(-1);
    this.#mask = (1 << 12) - 1;
  }

  /** One key per band; band i mixes its index in so equal values in different bands do not meet. */
  keys(signature: ArrayLike<number>): Uint32Array {
    const { bands, rows } = this.params;
    const out = new Uint32Array(bands);
    for (let b = 0; b < bands; b++) {
      let h = combine(0x27d4eb2f, b);
      for (let r = 0; r < rows; r++) h = combine(h, signature[b * rows + r]! >>> 0);
      out[b] = h;
    }
    return out;
  }

  /** Calls `visit` for every article sharing a band with `keys` (an article may come more than once). */
  query(keys: Uint32Array, visit: (doc: number) => void): void {
    const heads = this.#heads;
    const docs = this.#doc.data;
    const ks = this.#key.data;
    const next = this.#next.data;
    for (let b = 0; b < keys.length; b++) {
      const k = keys[b]!;
      for (let e = heads[k & this.#mask]!; e !== -1; e = next[e]!) if (ks[e] === k) visit(docs[e]!);
    }
  }

  insert(doc: number, keys: Uint32Array): void {
    if (this.#doc.length + keys.length > this.#heads.length) this.#grow();
    for (let b = 0; b < keys.length; b++) {
      const k = keys[b]!;
      const slot = k & this.#mask;
      // A full bucket drops its oldest article (lowest arrival index) so that it follows the stream.
      let same = 0;
      let oldest = -1;
      let beforeOldest = -1;
      let prev = -1;
      for (let e = this.#heads[slot]!; e !== -1; prev = e, e = this.#next.data[e]!) {
        if (this.#key.data[e] !== k) continue;
        same++;
        if (oldest === -1 || this.#doc.data[e]! < this.#doc.data[oldest]!) {
          oldest = e;
          beforeOldest = prev;
        }
      }
      if (same >= this.params.bucketCap && oldest !== -1) {
        if (beforeOldest === -1) this.#heads[slot] = this.#next.data[oldest]!;
        else this.#next.data[beforeOldest] = this.#next.data[oldest]!;
        // The unlinked entry is reused for the new article.
        this.#doc.data[oldest] = doc;
        this.#next.data[oldest] = this.#heads[slot]!;
        this.#heads[slot] = oldest;
        continue;
      }
      const e = this.#doc.push(doc);
      this.#key.push(k);
      this.#next.push(this.#heads[slot]!);
      this.#heads[slot] = e;
    }
  }

  #grow(): void {
    const size = this.#heads.length * 2;
    const heads = new Int32Array(size).fill(-1);
    const mask = size - 1;
    const next = this.#next.data;
    const ks = this.#key.data;
    for (let e = 0; e < this.#doc.length; e++) {
      const slot = ks[e]! & mask;
      next[e] = heads[slot]!;
      heads[slot] = e;
    }
    this.#heads = heads;
    this.#mask = mask;
  }

  bytes(): number {
    return this.#heads.byteLength + this.#doc.bytes() + this.#key.bytes() + this.#next.bytes();
  }
}
