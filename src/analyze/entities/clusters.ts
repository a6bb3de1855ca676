/**
 * Word clusters from unlabelled news text, so the tagger can generalize from a name it was trained on to
 * words used the same way (`بيروت` ~ `دمشق`, `السوداني` ~ `المالكي`) that it never saw labelled.
 *
 * Each frequent word gets a context vector (neighbours at −1, +1 and ±2, PPMI-weighted), randomly projected
 * to a few dozen dimensions, then spherical k-means groups the words twice: fine and coarse (the coarse
 * clusters group the fine centroids). Deterministic for a seed; linear in the text size plus the k-means.
 */
import { bareForm } from './lexicon.ts';
import { mulberry32 } from './perceptron.ts';

export type ClusterOptions = {
  vocabSize: number;
  minCount: number;
  contextSize: number;
  dims: number;
  fine: number;
  coarse: number;
  iterations: number;
  seed: number;
};

export const CLUSTER_DEFAULTS: ClusterOptions = {
  vocabSize: 40_000,
  minCount: 5,
  contextSize: 2_000,
  dims: 96,
  fine: 320,
  coarse: 48,
  iterations: 12,
  seed: 7,
};

/** Bare word → [fine cluster, coarse cluster]. */
export type Clusters = Map<string, [number, number]>;

/** Builds clusters from sentences given as token lists (any tokenization into words). */
export function buildClusters(
  sentences: Iterable<readonly string[]>,
  opts: ClusterOptions = CLUSTER_DEFAULTS,
): Clusters {
  const ids = new Map<string, number>();
  const freq: number[] = [];
  const corpus: Int32Array[] = [];
  for (const tokens of sentences) {
    const row = new Int32Array(tokens.length);
    tokens.forEach((t, i) => {
      const w = bareForm(t);
      let id = ids.get(w);
      if (id === undefined) {
        id = freq.length;
        ids.set(w, id);
        freq.push(0);
      }
      freq[id]!++;
      row[i] = id;
    });
    corpus.push(row);
  }
  const byFreq = freq.map((_, i) => i).sort((a, b) => freq[b]! - freq[a]! || a - b);
  const vocab = byFreq.filter((i) => freq[i]! >= opts.minCount).slice(0, opts.vocabSize);
  const wordIndex = new Int32Array(freq.length).fill(-1);
  vocab.forEach((id, k) => {
    wordIndex[id] = k;
  });
  const ctxIndex = new Int32Array(freq.length).fill(-1);
  byFreq.slice(0, opts.contextSize).forEach((id, k) => {
    ctxIndex[id] = k;
  });
  const C = opts.contextSize * 3;
  const V = vocab.length;

  // Co-occurrence pairs as one sorted integer list, then run-length counts: no huge maps.
  const pairs: number[] = [];
  for (const row of corpus) {
    for (let i = 0; i < row.length; i++) {
      const w = wordIndex[row[i]!]!;
      if (w < 0) continue;
      const add = (j: number, slot: number) => {
        if (j < 0 || j >= row.length) return;
        const c = ctxIndex[row[j]!]!;
        if (c >= 0) pairs.push(w * C + slot * opts.contextSize + c);
      };
      add(i - 1, 0);
      add(i + 1, 1);
      add(i - 2, 2);
      add(i + 2, 2);
    }
  }
  const sorted = Float64Array.from(pairs).sort();
  pairs.length = 0;
  const rowTotal = new Float64Array(V);
  const colTotal = new Float64Array(C);
  let total = 0;
  const cells: [number, number, number][] = [];
  for (let k = 0; k < sorted.length; ) {
    const key = sorted[k]!;
    let n = 0;
    while (k < sorted.length && sorted[k] === key) {
      n++;
      k++;
    }
    const w = Math.floor(key / C);
    const c = key - w * C;
    cells.push([w, c, n]);
    rowTotal[w]! += n;
    colTotal[c]! += n;
    total += n;
  }

  const random = mulberry32(opts.seed);
  const D = opts.dims;
  const projection = new Float32Array(C * D);
  for (let k = 0; k < projection.length; k++) projection[k] = random() < 0.5 ? -1 : 1;
  const vectors = new Float32Array(V * D);
  for (const [w, c, n] of cells) {
    // Context-frequency smoothing (^0.75) keeps rare contexts from dominating PPMI.
    const pmi = Math.log((n * total) / (rowTotal[w]! * colTotal[c]! ** 0.75 * total ** 0.25));
    if (pmi <= 0) continue;
    for (let d = 0; d < D; d++) vectors[w * D + d]! += pmi * projection[c * D + d]!;
  }
  normalizeRows(vectors, V, D);

  const fine = kmeans(vectors, V, D, Math.min(opts.fine, V), opts.iterations, random);
  const coarse = kmeans(fine.centroids, fine.k, D, Math.min(opts.coarse, fine.k), opts.iterations, random);
  const out: Clusters = new Map();
  const words = [...ids.keys()];
  vocab.forEach((id, k) => {
    const f = fine.assign[k]!;
    out.set(words[id]!, [f, coarse.assign[f]!]);
  });
  return out;
}

function normalizeRows(m: Float32Array, rows: number, D: number): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let d = 0; d < D; d++) s += m[r * D + d]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < D; d++) m[r * D + d]! *= inv;
  }
}

/** Spherical k-means, seeded from evenly spaced rows (rows come in frequency order, so seeds are varied). */
function kmeans(
  data: Float32Array,
  n: number,
  D: number,
  k: number,
  iterations: number,
  random: () => number,
): { assign: Int32Array; centroids: Float32Array; k: number } {
  const centroids = new Float32Array(k * D);
  const used = new Set<number>();
  for (let c = 0; c < k; c++) {
    let r = Math.floor(random() * n);
    while (used.has(r)) r = (r + 1) % n;
    used.add(r);
    centroids.set(data.subarray(r * D, r * D + D), c * D);
  }
  const assign = new Int32Array(n);
  for (let it = 0; it < iterations; it++) {
    for (let r = 0; r < n; r++) {
      let best = -Infinity;
      let arg = 0;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let d = 0; d < D; d++) s += data[r * D + d]! * centroids[c * D + d]!;
        if (s > best) {
          best = s;
          arg = c;
        }
      }
      assign[r] = arg;
    }
    centroids.fill(0);
    for (let r = 0; r < n; r++) {
      const c = assign[r]!;
      for (let d = 0; d < D; d++) centroids[c * D + d]! += data[r * D + d]!;
    }
    normalizeRows(centroids, k, D);
  }
  return { assign, centroids, k };
}
