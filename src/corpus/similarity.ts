/**
 * The pure scoring core shared by stories, related articles and evaluation. Vectors are sparse: sorted
 * term ids with a tf weight (1 + ln tf); idf is applied at scoring time from the current document
 * frequencies, so the weights of old articles follow the corpus as it grows.
 */

/** A sparse vector: `ids` ascending, `tf` the matching sublinear term weights. */
export interface SparseVector {
  ids: Int32Array;
  tf: Float32Array;
}

export type Idf = (termId: number) => number;

/** idf with add-one smoothing; never below a small floor so that a term in every article still counts a bit. */
export function idfOf(df: number, n: number): number {
  return Math.log(1 + (n + 1) / (df + 1));
}

export function norm(v: SparseVector, idf: Idf): number {
  let s = 0;
  for (let i = 0; i < v.ids.length; i++) {
    const w = v.tf[i]! * idf(v.ids[i]!);
    s += w * w;
  }
  return Math.sqrt(s);
}

/** Dot product of the tf-idf weighted vectors. */
export function dot(a: SparseVector, b: SparseVector, idf: Idf): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) {
      const w = idf(x);
      sum += a.tf[i]! * b.tf[j]! * w * w;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** Cosine of the tf-idf weighted vectors (0 when either is empty). */
export function cosine(a: SparseVector, b: SparseVector, idf: Idf): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) {
      const w = idf(x);
      dot += a.tf[i]! * b.tf[j]! * w * w;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  if (dot === 0) return 0;
  return dot / (norm(a, idf) * norm(b, idf));
}

/** Cosine of a sparse vector with a dense-by-map centroid whose norm is given. */
export function cosineToCentroid(
  v: SparseVector,
  centroid: Map<number, number>,
  centroidNorm: number,
  idf: Idf,
): number {
  if (centroidNorm === 0) return 0;
  let dot = 0;
  let vn = 0;
  for (let i = 0; i < v.ids.length; i++) {
    const w = v.tf[i]! * idf(v.ids[i]!);
    vn += w * w;
    const c = centroid.get(v.ids[i]!);
    if (c !== undefined) dot += w * c;
  }
  if (dot === 0 || vn === 0) return 0;
  return dot / (Math.sqrt(vn) * centroidNorm);
}

/** Share of `a`'s idf mass that `b` also has: how much of a title the other side repeats. */
export function weightedOverlap(
  a: Int32Array,
  b: Int32Array | Set<number> | Map<number, number>,
  idf: Idf,
): number {
  if (a.length === 0) return 0;
  let total = 0;
  let shared = 0;
  const has = b instanceof Int32Array ? (t: number) => b.includes(t) : (t: number) => b.has(t);
  for (let i = 0; i < a.length; i++) {
    const w = idf(a[i]!);
    total += w;
    if (has(a[i]!)) shared += w;
  }
  return total === 0 ? 0 : shared / total;
}

/** Symmetric idf-weighted Jaccard of two sorted id sets. */
export function weightedJaccard(a: Int32Array, b: Int32Array, idf: Idf): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let inter = 0;
  let union = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Number.MAX_SAFE_INTEGER;
    const y = j < b.length ? b[j]! : Number.MAX_SAFE_INTEGER;
    if (x === y) {
      const w = idf(x);
      inter += w;
      union += w;
      i++;
      j++;
    } else if (x < y) {
      union += idf(x);
      i++;
    } else {
      union += idf(y);
      j++;
    }
  }
  return union === 0 ? 0 : inter / union;
}

/** Ids present in both sorted arrays. */
export function intersect(a: Int32Array, b: Int32Array): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return out;
}
