/**
 * Linear classifiers over hashed sparse features: softmax regression trained by averaged SGD, a one-vs-rest
 * linear SVM, complement naive Bayes and an averaged perceptron. All four end as one weight matrix plus
 * biases (softmax and SVM: a second set of biases for untitled posts), so prediction, storage and evaluation
 * do not care which one trained the model.
 */
import type { SparseVector } from './features.ts';

export interface LinearWeights {
  nClasses: number;
  dim: number;
  /** Row-major by bucket: weights[j * nClasses + c], so one bucket's class weights are adjacent in memory. */
  weights: Float32Array;
  bias: Float32Array;
  /**
   * Class biases for an untitled post (a social-media item) where they differ from an article's; absent: the
   * same biases for both. See `trainSvm` for which classes get one.
   */
  postBias?: Float32Array;
  /**
   * Optional compact form used for scoring when present: int8 codes in the layout of `weights` and, per class,
   * the decoded value of each code (lut[c * 256 + code + 128]). A quarter of the memory, so the random reads of
   * one article's buckets hit the cache far more often.
   */
  codes?: { q: Int8Array; lut: Float32Array };
}

export interface TrainingSet {
  x: SparseVector[];
  y: Int32Array;
  /** 1 for an untitled post, 0 for a titled article; absent: all articles. */
  post?: Uint8Array;
}

export type Algorithm = 'softmax' | 'svm' | 'cnb' | 'perceptron';

export interface TrainOptions {
  algorithm: Algorithm;
  /** Passes over the data (SVM: at most; it stops once converged). */
  epochs: number;
  /** Softmax learning rate. */
  rate: number;
  /**
   * Softmax: examples of class c weigh (largest class size / size of c)^power, rescaled to mean 1. 0 trains
   * for accuracy; higher values trade a little of it for recall on small sections.
   */
  classWeightPower: number;
  /** SVM: cost of a margin violation (LIBLINEAR's C); smaller is smoother. */
  cost: number;
  /** CNB smoothing. */
  alpha: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = {
  algorithm: 'softmax',
  epochs: 10,
  rate: 2,
  classWeightPower: 0,
  cost: 1,
  alpha: 0.3,
  seed: 1,
};

/** Deterministic PRNG (mulberry32): the same files and options give the same model. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: number, random: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Raw class scores (weights · x + bias) into `out`; `post` picks the biases of an untitled post. */
export function scoreInto(
  model: LinearWeights,
  x: SparseVector,
  out: Float32Array,
  post = false,
): Float32Array {
  const { nClasses: k, weights } = model;
  out.set(post && model.postBias ? model.postBias : model.bias);
  const { idx, val } = x;
  if (model.codes) {
    const { q, lut } = model.codes;
    for (let n = 0; n < idx.length; n++) {
      const base = idx[n]! * k;
      const v = val[n]!;
      for (let c = 0; c < k; c++) out[c]! += lut[(c << 8) + q[base + c]! + 128]! * v;
    }
    return out;
  }
  for (let n = 0; n < idx.length; n++) {
    const base = idx[n]! * k;
    const v = val[n]!;
    for (let c = 0; c < k; c++) out[c]! += weights[base + c]! * v;
  }
  return out;
}

/** In-place softmax; returns the same array. */
export function softmax(scores: Float32Array): Float32Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp(scores[c]! - max);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
  return scores;
}

export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[best]!) best = i;
  return best;
}

function classWeights(y: Int32Array, k: number, power: number): Float64Array {
  const counts = new Float64Array(k);
  for (const c of y) counts[c]! += 1;
  const largest = Math.max(...counts);
  const weights = new Float64Array(k);
  let mean = 0;
  for (let c = 0; c < k; c++) {
    weights[c] = counts[c]! > 0 ? (largest / counts[c]!) ** power : 0;
    mean += weights[c]! * counts[c]!;
  }
  mean /= y.length || 1;
  for (let c = 0; c < k; c++) weights[c]! /= mean || 1;
  return weights;
}

/**
 * A section needs this many articles and this many posts before it gets a bias of each genre. The two corpora
 * file the same topics at different rates (a social account's politics is a broadcaster's world desk), and
 * one bias per genre lets the priors differ; but a section seen in one genre only (health and religion come
 * only from posts; local, world and variety only from articles) keeps one bias, or the model would learn
 * that an article is never about health, a corpus accident rather than a fact about articles.
 */
const MIN_PER_GENRE = 30;

/** Per section: whether it gets a bias of its own for posts. */
function genreBiased(data: TrainingSet, k: number): boolean[] {
  const articles = new Int32Array(k);
  const posts = new Int32Array(k);
  data.y.forEach((c, i) => {
    if (data.post?.[i] === 1) posts[c]! += 1;
    else articles[c]! += 1;
  });
  return Array.from({ length: k }, (_, c) => articles[c]! >= MIN_PER_GENRE && posts[c]! >= MIN_PER_GENRE);
}

/**
 * Multinomial logistic regression by SGD with iterate averaging (the average of all steps generalizes like a
 * regularized solution without tuning a decaying rate). The average is kept with the usual trick: w̄ = w − u/t.
 * Sections with enough articles and posts (see `genreBiased`) get a bias for each genre.
 */
function trainSoftmax(data: TrainingSet, k: number, dim: number, o: TrainOptions): LinearWeights {
  const w = new Float32Array(dim * k);
  const u = new Float32Array(dim * k);
  // Biases: slots 0..k-1 for articles (and for posts of a section with one bias), k..2k-1 for posts.
  const byGenre = genreBiased(data, k);
  const slot = (post: boolean, c: number) => (post && byGenre[c] ? k + c : c);
  const b = new Float64Array(2 * k);
  const ub = new Float64Array(2 * k);
  const p = new Float32Array(k);
  const random = rng(o.seed);
  let t = 1;
  const model: LinearWeights = { nClasses: k, dim, weights: w, bias: new Float32Array(k) };
  const sampleWeight = classWeights(data.y, k, o.classWeightPower);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = shuffled(data.x.length, random);
    // A gently decaying rate; averaging does the rest.
    const rate = o.rate / (1 + epoch * 0.5);
    for (const i of order) {
      const x = data.x[i]!;
      const y = data.y[i]!;
      const post = data.post?.[i] === 1;
      for (let c = 0; c < k; c++) model.bias[c] = b[slot(post, c)]!;
      softmax(scoreInto(model, x, p));
      const step = rate * sampleWeight[y]!;
      for (let c = 0; c < k; c++) {
        const g = (p[c]! - (c === y ? 1 : 0)) * step;
        p[c] = g;
        b[slot(post, c)]! -= g;
        ub[slot(post, c)]! -= t * g;
      }
      const { idx, val } = x;
      for (let n = 0; n < idx.length; n++) {
        const base = idx[n]! * k;
        const v = val[n]!;
        for (let c = 0; c < k; c++) {
          const g = p[c]!;
          if (g > -1e-6 && g < 1e-6) continue;
          const d = g * v;
          w[base + c]! -= d;
          u[base + c]! -= t * d;
        }
      }
      t++;
    }
  }
  for (let j = 0; j < w.length; j++) w[j] = w[j]! - u[j]! / t;
  const averaged = (s: number) => b[s]! - ub[s]! / t;
  const result: LinearWeights = {
    nClasses: k,
    dim,
    weights: w,
    bias: Float32Array.from({ length: k }, (_, c) => averaged(slot(false, c))),
  };
  if (byGenre.some(Boolean)) {
    result.postBias = Float32Array.from({ length: k }, (_, c) => averaged(slot(true, c)));
  }
  return result;
}

/**
 * One class against the rest: an L2-regularized squared-hinge SVM solved by dual coordinate descent (Hsieh et
 * al. 2008, what LIBLINEAR runs for a linear SVC). Each example's dual variable is updated in closed form in
 * turn; a pass costs one sparse dot product and one sparse update per example, and a few passes converge.
 * The bias is the weight of a constant feature of value 1, regularized like the rest (as in LIBLINEAR); with
 * `byGenre`, articles and posts each have their own constant feature, so their own bias.
 */
function trainBinarySvm(
  data: TrainingSet,
  positive: number,
  dim: number,
  o: TrainOptions,
  sqNorms: Float64Array,
  byGenre: boolean,
): { w: Float64Array; bias: number; postBias: number } {
  const n = data.x.length;
  const w = new Float64Array(dim);
  const bias = [0, 0];
  const alpha = new Float64Array(n);
  const diag = 1 / (2 * o.cost);
  const random = rng(o.seed + positive);
  const genre = (i: number) => (byGenre && data.post?.[i] === 1 ? 1 : 0);
  for (let pass = 0; pass < o.epochs; pass++) {
    let largestStep = 0;
    for (const i of shuffled(n, random)) {
      const { idx, val } = data.x[i]!;
      const sign = data.y[i] === positive ? 1 : -1;
      const g = genre(i);
      let margin = bias[g]!;
      for (let m = 0; m < idx.length; m++) margin += w[idx[m]!]! * val[m]!;
      const gradient = sign * margin - 1 + diag * alpha[i]!;
      const projected = alpha[i] === 0 ? Math.min(gradient, 0) : gradient;
      if (projected === 0) continue;
      largestStep = Math.max(largestStep, Math.abs(projected));
      const next = Math.max(alpha[i]! - gradient / (sqNorms[i]! + 1 + diag), 0);
      const d = (next - alpha[i]!) * sign;
      alpha[i] = next;
      for (let m = 0; m < idx.length; m++) w[idx[m]!]! += d * val[m]!;
      bias[g]! += d;
    }
    // LIBLINEAR's stopping rule, loosely: no example's dual gradient is far from optimal any more.
    if (largestStep < 0.01) break;
  }
  return { w, bias: bias[0]!, postBias: byGenre ? bias[1]! : bias[0]! };
}

function trainSvm(data: TrainingSet, k: number, dim: number, o: TrainOptions): LinearWeights {
  const weights = new Float32Array(dim * k);
  const bias = new Float32Array(k);
  const postBias = new Float32Array(k);
  const sqNorms = Float64Array.from(data.x, (x) => x.val.reduce((a, v) => a + v * v, 0));
  const byGenre = genreBiased(data, k);
  const present = new Set(data.y);
  for (let c = 0; c < k; c++) {
    // A section without examples can never win.
    if (!present.has(c)) {
      bias[c] = postBias[c] = -1e3;
      continue;
    }
    const m = trainBinarySvm(data, c, dim, o, sqNorms, byGenre[c]!);
    for (let j = 0; j < dim; j++) if (m.w[j] !== 0) weights[j * k + c] = m.w[j]!;
    bias[c] = m.bias;
    postBias[c] = m.postBias;
  }
  const model: LinearWeights = { nClasses: k, dim, weights, bias };
  if (postBias.some((b, c) => b !== bias[c])) model.postBias = postBias;
  return model;
}

/** Averaged multiclass perceptron: on a mistake, move towards the gold class and away from the guess. */
function trainPerceptron(data: TrainingSet, k: number, dim: number, o: TrainOptions): LinearWeights {
  const w = new Float32Array(dim * k);
  const u = new Float32Array(dim * k);
  const b = new Float32Array(k);
  const ub = new Float32Array(k);
  const s = new Float32Array(k);
  const random = rng(o.seed);
  let t = 1;
  const model: LinearWeights = { nClasses: k, dim, weights: w, bias: b };
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (const i of shuffled(data.x.length, random)) {
      const x = data.x[i]!;
      const y = data.y[i]!;
      const guess = argmax(scoreInto(model, x, s));
      if (guess !== y) {
        b[y]! += 1;
        b[guess]! -= 1;
        ub[y]! += t;
        ub[guess]! -= t;
        for (let n = 0; n < x.idx.length; n++) {
          const base = x.idx[n]! * k;
          const v = x.val[n]!;
          w[base + y]! += v;
          u[base + y]! += t * v;
          w[base + guess]! -= v;
          u[base + guess]! -= t * v;
        }
      }
      t++;
    }
  }
  for (let j = 0; j < w.length; j++) w[j] = w[j]! - u[j]! / t;
  for (let c = 0; c < k; c++) b[c] = b[c]! - ub[c]! / t;
  return model;
}

/**
 * Complement naive Bayes (Rennie et al. 2003): each class is scored by how unlike its complement the text is,
 * which copes with skewed class sizes better than plain multinomial NB.
 */
function trainComplementNB(data: TrainingSet, k: number, dim: number, o: TrainOptions): LinearWeights {
  const perClass = new Float64Array(dim * k);
  const total = new Float64Array(dim);
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i]!;
    const y = data.y[i]!;
    for (let n = 0; n < x.idx.length; n++) {
      const j = x.idx[n]!;
      perClass[j * k + y]! += x.val[n]!;
      total[j]! += x.val[n]!;
    }
  }
  let grand = 0;
  const classTotal = new Float64Array(k);
  for (let j = 0; j < dim; j++) {
    grand += total[j]!;
    for (let c = 0; c < k; c++) classTotal[c]! += perClass[j * k + c]!;
  }
  // Scores are −(complement log-likelihood): a word rare outside a class speaks for it. Unnormalized, as in
  // scikit-learn's default; per-class weight normalization did worse here.
  const weights = new Float32Array(dim * k);
  for (let c = 0; c < k; c++) {
    const denom = grand - classTotal[c]! + o.alpha * dim;
    for (let j = 0; j < dim; j++) {
      const comp = total[j]! - perClass[j * k + c]! + o.alpha;
      weights[j * k + c] = -Math.log(comp / denom);
    }
  }
  return { nClasses: k, dim, weights, bias: new Float32Array(k) };
}

export function trainLinear(
  data: TrainingSet,
  nClasses: number,
  dim: number,
  o: TrainOptions,
): LinearWeights {
  if (o.algorithm === 'cnb') return trainComplementNB(data, nClasses, dim, o);
  if (o.algorithm === 'perceptron') return trainPerceptron(data, nClasses, dim, o);
  if (o.algorithm === 'svm') return trainSvm(data, nClasses, dim, o);
  return trainSoftmax(data, nClasses, dim, o);
}

/** Inverse document frequencies per bucket, smoothed as in scikit-learn: ln((1+n)/(1+df)) + 1. */
export function inverseDocumentFrequency(docs: SparseVector[], dim: number): Float32Array {
  const df = new Float32Array(dim);
  for (const d of docs) for (let n = 0; n < d.idx.length; n++) df[d.idx[n]!]! += 1;
  const idf = new Float32Array(dim);
  const n = docs.length;
  for (let j = 0; j < dim; j++) idf[j] = Math.log((1 + n) / (1 + df[j]!)) + 1;
  return idf;
}
