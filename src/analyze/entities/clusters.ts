/**
 * Word clusters from unlabelled news text, so the tagger can generalize from a name it was trained on to
 * words used the same way (`بيروت` ~ `دمشق`, `السوداني` ~ `المالكي`) that it never saw labelled.
 *
 * 1. Each frequent word (bare form) gets a context vector: counts of the frequent words at −1, +1 and ±2,
 *    PPMI-weighted (context counts smoothed with ^0.75), as a sparse matrix.
 * 2. A truncated SVD of that matrix (randomized, with power iterations) gives dense word vectors: the
 *    directions that explain most of the contexts, so two words with similar neighbours end up close even
 *    when they share few exact context words. (A random projection to a few dozen dimensions, tried first,
 *    keeps too little: its clusters mixed `بيروت` with `اعلام` and `اتصال`, and gave no F1.)
 * 3. Spherical k-means, top-down: the words into `branching[0]` clusters, each of those into `branching[1]`,
 *    and so on. A word's cluster ids, coarse to fine, are like the prefixes of a Brown-cluster path: the
 *    tagger gets all levels and learns which grain to trust.
 *
 * Deterministic for a seed; time linear in the text plus (vocabulary × dimensions × clusters).
 */
import { bareForm } from './lexicon.ts';
import { mulberry32 } from './perceptron.ts';

export type ClusterOptions = {
  vocabSize: number;
  minCount: number;
  contextSize: number;
  /** Dimensions of the word vectors (SVD rank). */
  dims: number;
  /** Clusters per level, top-down: [32, 16, 4] gives 32, 512 and 2048 clusters. */
  branching: number[];
  iterations: number;
  seed: number;
};

export const CLUSTER_DEFAULTS: ClusterOptions = {
  vocabSize: 40_000,
  minCount: 5,
  contextSize: 2_000,
  dims: 100,
  branching: [32, 16, 4],
  iterations: 10,
  seed: 7,
};

/** Bare word → its cluster id at each level, coarse to fine (ids are unique across a level). */
export type Clusters = Map<string, number[]>;

/** Sparse word × context matrix, rows in compressed form. */
type Sparse = { rows: number; cols: number; start: Int32Array; col: Int32Array; value: Float32Array };

/** Builds clusters from sentences given as token lists (any tokenization into words). */
export function buildClusters(
  sentences: Iterable<readonly string[]>,
  opts: ClusterOptions = CLUSTER_DEFAULTS,
): Clusters {
  const { words, vocab, matrix } = contextMatrix(sentences, opts);
  const random = mulberry32(opts.seed);
  const vectors = wordVectors(matrix, Math.min(opts.dims, matrix.rows, matrix.cols), random);
  const paths = hierarchicalKmeans(
    vectors,
    matrix.rows,
    vectors.length / Math.max(1, matrix.rows),
    opts,
    random,
  );
  const out: Clusters = new Map();
  vocab.forEach((id, k) => {
    out.set(words[id]!, paths[k]!);
  });
  return out;
}

/** The vocabulary (by frequency) and its PPMI context matrix. */
function contextMatrix(
  sentences: Iterable<readonly string[]>,
  opts: ClusterOptions,
): { words: string[]; vocab: number[]; matrix: Sparse } {
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

  // Co-occurrences as one sorted list of integer keys (word × C + context), then run-length counts.
  let keys = new Float64Array(1 << 20);
  let n = 0;
  const push = (key: number) => {
    if (n === keys.length) {
      const grown = new Float64Array(keys.length * 2);
      grown.set(keys);
      keys = grown;
    }
    keys[n++] = key;
  };
  for (const row of corpus) {
    for (let i = 0; i < row.length; i++) {
      const w = wordIndex[row[i]!]!;
      if (w < 0) continue;
      const base = w * C;
      const at = (j: number, slot: number) => {
        if (j < 0 || j >= row.length) return;
        const c = ctxIndex[row[j]!]!;
        if (c >= 0) push(base + slot * opts.contextSize + c);
      };
      at(i - 1, 0);
      at(i + 1, 1);
      at(i - 2, 2);
      at(i + 2, 2);
    }
  }
  const sorted = keys.subarray(0, n).sort();
  const cellWord: number[] = [];
  const cellCol: number[] = [];
  const cellCount: number[] = [];
  const rowTotal = new Float64Array(V);
  const colTotal = new Float64Array(C);
  for (let k = 0; k < n; ) {
    const key = sorted[k]!;
    let count = 0;
    while (k < n && sorted[k] === key) {
      count++;
      k++;
    }
    const w = Math.floor(key / C);
    const c = key - w * C;
    cellWord.push(w);
    cellCol.push(c);
    cellCount.push(count);
    rowTotal[w]! += count;
    colTotal[c]! += count;
  }
  // PPMI with context-frequency smoothing (^0.75), which keeps rare contexts from dominating.
  const start = new Int32Array(V + 1);
  const col: number[] = [];
  const value: number[] = [];
  let smoothed = 0;
  for (let c = 0; c < C; c++) smoothed += colTotal[c]! ** 0.75;
  for (let k = 0; k < cellWord.length; k++) {
    const w = cellWord[k]!;
    const c = cellCol[k]!;
    const pmi = Math.log((cellCount[k]! * smoothed) / (rowTotal[w]! * colTotal[c]! ** 0.75));
    if (pmi <= 0) continue;
    col.push(c);
    value.push(pmi);
    start[w + 1]!++;
  }
  for (let w = 0; w < V; w++) start[w + 1]! += start[w]!;
  const words = [...ids.keys()];
  return {
    words,
    vocab,
    matrix: { rows: V, cols: C, start, col: Int32Array.from(col), value: Float32Array.from(value) },
  };
}

/** `out (rows × K) = M · X (cols × K)`. */
function times(m: Sparse, x: Float64Array, K: number): Float64Array {
  const out = new Float64Array(m.rows * K);
  for (let r = 0; r < m.rows; r++) {
    const o = r * K;
    for (let p = m.start[r]!; p < m.start[r + 1]!; p++) {
      const v = m.value[p]!;
      const xi = m.col[p]! * K;
      for (let k = 0; k < K; k++) out[o + k]! += v * x[xi + k]!;
    }
  }
  return out;
}

/** `out (cols × K) = Mᵀ · Y (rows × K)`. */
function timesTransposed(m: Sparse, y: Float64Array, K: number): Float64Array {
  const out = new Float64Array(m.cols * K);
  for (let r = 0; r < m.rows; r++) {
    const yi = r * K;
    for (let p = m.start[r]!; p < m.start[r + 1]!; p++) {
      const v = m.value[p]!;
      const o = m.col[p]! * K;
      for (let k = 0; k < K; k++) out[o + k]! += v * y[yi + k]!;
    }
  }
  return out;
}

/** Orthonormal columns in place (modified Gram–Schmidt; `a` is rows × K, row-major). */
function orthonormalize(a: Float64Array, rows: number, K: number): void {
  for (let j = 0; j < K; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += a[r * K + i]! * a[r * K + j]!;
      for (let r = 0; r < rows; r++) a[r * K + j]! -= dot * a[r * K + i]!;
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += a[r * K + j]! ** 2;
    const inv = norm > 1e-20 ? 1 / Math.sqrt(norm) : 0;
    for (let r = 0; r < rows; r++) a[r * K + j]! *= inv;
  }
}

/** Eigen-decomposition of a symmetric matrix (cyclic Jacobi): eigenvalues and column eigenvectors. */
function symmetricEigen(a: Float64Array, K: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(K * K);
  for (let i = 0; i < K; i++) v[i * K + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < K; p++) for (let q = p + 1; q < K; q++) off += m[p * K + q]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < K; p++) {
      for (let q = p + 1; q < K; q++) {
        const apq = m[p * K + q]!;
        if (Math.abs(apq) < 1e-30) continue;
        const theta = (m[q * K + q]! - m[p * K + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < K; k++) {
          const mkp = m[k * K + p]!;
          const mkq = m[k * K + q]!;
          m[k * K + p] = c * mkp - s * mkq;
          m[k * K + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < K; k++) {
          const mpk = m[p * K + k]!;
          const mqk = m[q * K + k]!;
          m[p * K + k] = c * mpk - s * mqk;
          m[q * K + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < K; k++) {
          const vkp = v[k * K + p]!;
          const vkq = v[k * K + q]!;
          v[k * K + p] = c * vkp - s * vkq;
          v[k * K + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(K);
  for (let i = 0; i < K; i++) values[i] = m[i * K + i]!;
  return { values, vectors: v };
}

/**
 * Rank-`dims` word vectors `U·√Σ` of the PPMI matrix by randomized SVD (Halko et al.: a Gaussian sketch,
 * two power iterations, then the exact SVD of the small projected matrix), rows normalized to unit length.
 */
function wordVectors(m: Sparse, dims: number, random: () => number): Float32Array {
  const K = dims + 10;
  const gaussian = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const omega = new Float64Array(m.cols * K);
  for (let k = 0; k < omega.length; k++) omega[k] = gaussian();
  let q = times(m, omega, K);
  orthonormalize(q, m.rows, K);
  for (let it = 0; it < 2; it++) {
    const z = timesTransposed(m, q, K);
    orthonormalize(z, m.cols, K);
    q = times(m, z, K);
    orthonormalize(q, m.rows, K);
  }
  // B = Qᵀ M; its left singular vectors are the eigenvectors of B Bᵀ = (Mᵀ Q)ᵀ (Mᵀ Q).
  const bt = timesTransposed(m, q, K);
  const gram = new Float64Array(K * K);
  for (let c = 0; c < m.cols; c++) {
    for (let i = 0; i < K; i++) {
      const x = bt[c * K + i]!;
      if (x === 0) continue;
      for (let j = 0; j < K; j++) gram[i * K + j]! += x * bt[c * K + j]!;
    }
  }
  const { values, vectors } = symmetricEigen(gram, K);
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]!).slice(0, dims);
  // Word vector = Q · u_k · σ_k^½ (σ = √eigenvalue), the usual weighting for word similarity.
  const out = new Float32Array(m.rows * dims);
  for (let r = 0; r < m.rows; r++) {
    for (let d = 0; d < dims; d++) {
      const k = order[d]!;
      let s = 0;
      for (let i = 0; i < K; i++) s += q[r * K + i]! * vectors[i * K + k]!;
      out[r * dims + d] = s * Math.max(values[k]!, 0) ** 0.25;
    }
  }
  normalizeRows(out, m.rows, dims);
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

/** Each row's cluster ids, coarse to fine: k-means on all rows, then again inside each cluster, per level. */
function hierarchicalKmeans(
  data: Float32Array,
  n: number,
  D: number,
  opts: ClusterOptions,
  random: () => number,
): number[][] {
  const paths: number[][] = Array.from({ length: n }, () => []);
  let groups: Int32Array[] = [Int32Array.from({ length: n }, (_, i) => i)];
  for (const k of opts.branching) {
    const next: Int32Array[] = [];
    groups.forEach((rows, g) => {
      const assign = kmeans(data, rows, D, Math.min(k, rows.length), opts.iterations, random);
      const members: number[][] = Array.from({ length: k }, () => []);
      rows.forEach((r, i) => {
        members[assign[i]!]!.push(r);
        paths[r]!.push(g * k + assign[i]!);
      });
      for (const m of members) next.push(Int32Array.from(m));
    });
    groups = next;
  }
  return paths;
}

/** Spherical k-means over the given rows, seeded k-means++ style; returns each row's cluster. */
function kmeans(
  data: Float32Array,
  rows: Int32Array,
  D: number,
  k: number,
  iterations: number,
  random: () => number,
): Int32Array {
  const n = rows.length;
  const assign = new Int32Array(n);
  if (k <= 1) return assign;
  const centroids = new Float32Array(k * D);
  // k-means++: each next seed drawn with probability ∝ its distance (1 − cosine) to the nearest seed so far.
  const nearest = new Float64Array(n).fill(2);
  let pick = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    const at = rows[pick]! * D;
    centroids.set(data.subarray(at, at + D), c * D);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const ri = rows[i]! * D;
      for (let d = 0; d < D; d++) s += data[ri + d]! * centroids[c * D + d]!;
      nearest[i] = Math.min(nearest[i]!, Math.max(0, 1 - s));
      sum += nearest[i]!;
    }
    let target = random() * sum;
    pick = 0;
    while (pick < n - 1 && target > nearest[pick]!) target -= nearest[pick++]!;
  }
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      const ri = rows[i]! * D;
      let best = -Infinity;
      let arg = 0;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let d = 0; d < D; d++) s += data[ri + d]! * centroids[c * D + d]!;
        if (s > best) {
          best = s;
          arg = c;
        }
      }
      assign[i] = arg;
    }
    centroids.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assign[i]!;
      const ri = rows[i]! * D;
      for (let d = 0; d < D; d++) centroids[c * D + d]! += data[ri + d]!;
    }
    normalizeRows(centroids, k, D);
  }
  return assign;
}
