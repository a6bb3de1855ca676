/**
 * LSH banding over MinHash signatures: the signature is cut into `bands` bands of `rows` values; two
 * articles become candidates when any band is equal. The chance for a pair of Jaccard J is
 * 1 − (1 − J^rows)^bands (the S-curve; threshold ≈ (1/bands)^(1/rows)). See docs/corpus.md for the
 * measured choice.
 *
 * One open hash table in typed arrays (no Map of millions of arrays): heads[hash] → chain of entries
 * (article, key, next). Articles are inserted in increasing order and each chain is kept newest first
 * (also when the table grows), so a lookup reads a bucket's latest articles first and can stop early:
 * at `bucketCap` articles (a band shared by more is wire boilerplate or a much-copied text, and the
 * latest ones already find the group: 10,000 copies of one text do not cost 10,000² work), and at the
 * first article older than the caller needs (out of the copy window: in a year of news most of a
 * bucket is). Insertion is constant time.
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

  /**
   * Calls `visit` for the latest `bucketCap` articles of each bucket of `keys` (an article may come more
   * than once), or only for those from `minDoc` on.
   */
  query(keys: Uint32Array, visit: (doc: number) => void, minDoc = 0): void {
    const out = new Growable(Int32Array);
    this.collect(keys, out, minDoc);
    for (let i = 0; i < out.length; i++) visit(out.data[i]!);
  }

  /** `query` appending to `out`: no callback per article. */
  collect(keys: Uint32Array, out: Growable<Int32Array>, minDoc = 0): void {
    const heads = this.#heads;
    const docs = this.#doc.data;
    const ks = this.#key.data;
    const next = this.#next.data;
    const cap = this.params.bucketCap;
    for (let b = 0; b < keys.length; b++) {
      const k = keys[b]!;
      let found = 0;
      // Newest first: the first `cap` of the key are its latest, and once one is older than `minDoc`
      // every later entry of the chain is.
      for (let e = heads[k & this.#mask]!; e !== -1 && found < cap; e = next[e]!) {
        const doc = docs[e]!;
        if (doc < minDoc) break;
        if (ks[e] !== k) continue;
        out.push(doc);
        found++;
      }
    }
  }

  /** Index `doc` under `keys`; docs come in increasing order (arrival). */
  insert(doc: number, keys: Uint32Array): void {
    if (this.#doc.length + keys.length > this.#heads.length) this.#grow();
    for (let b = 0; b < keys.length; b++) {
      const k = keys[b]!;
      const slot = k & this.#mask;
      const e = this.#doc.push(doc);
      this.#key.push(k);
      this.#next.push(this.#heads[slot]!);
      this.#heads[slot] = e;
    }
  }

  /** Double the table. Each old chain splits in two, order kept (appended at the tails): newest first. */
  #grow(): void {
    const size = this.#heads.length * 2;
    const heads = new Int32Array(size).fill(-1);
    const tails = new Int32Array(size).fill(-1);
    const mask = size - 1;
    const next = this.#next.data;
    const ks = this.#key.data;
    const old = this.#heads;
    for (let s = 0; s < old.length; s++) {
      for (let e = old[s]!; e !== -1; ) {
        const following = next[e]!;
        const slot = ks[e]! & mask;
        if (tails[slot] === -1) heads[slot] = e;
        else next[tails[slot]!] = e;
        tails[slot] = e;
        next[e] = -1;
        e = following;
      }
    }
    this.#heads = heads;
    this.#mask = mask;
  }

  bytes(): number {
    return this.#heads.byteLength + this.#doc.bytes() + this.#key.bytes() + this.#next.bytes();
  }
}
