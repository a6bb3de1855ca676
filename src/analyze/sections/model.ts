/**
 * The section model: feature settings, optional IDF, and one linear layer over the taxonomy classes; plus its
 * compact stored form (weights companded to int8 per class, sparse buckets only, base64 in JSON).
 */
import type { AnalyzedToken, TokenIds } from '../../text/analyzer.ts';
import {
  articleText,
  type BucketWeighting,
  DEFAULT_FEATURES,
  type FeatureConfig,
  featurize,
  type SparseVector,
} from './features.ts';
import {
  argmax,
  DEFAULT_TRAIN,
  inverseDocumentFrequency,
  type LinearWeights,
  scoreInto,
  softmax,
  type TrainingSet,
  type TrainOptions,
  trainLinear,
} from './linear.ts';
import { isSectionId, SECTION_IDS, type SectionId } from './taxonomy.ts';
import { sectionTokensFromAnalyzed, TOKENIZERS } from './tokens.ts';

export interface SectionModel {
  classes: SectionId[];
  features: FeatureConfig;
  idf: Float32Array | null;
  /** Buckets kept at training (seen in at least `minDf` articles); null: all. */
  keep: Uint8Array | null;
  linear: LinearWeights;
  /** Free-form provenance: files, algorithm, date. */
  info: Record<string, unknown>;
}

export interface LabelledArticle {
  title: string;
  text: string;
  section: SectionId;
}

export interface SectionPrediction {
  section: SectionId;
  confidence: number;
  scores: Record<string, number>;
}

export interface ModelOptions {
  features: FeatureConfig;
  train: TrainOptions;
  useIdf: boolean;
  /**
   * Buckets seen in fewer training articles are pruned (1: keep all). A feature seen once says little about
   * its class, and pruning halves the stored model.
   */
  minDf: number;
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  features: DEFAULT_FEATURES,
  train: DEFAULT_TRAIN,
  useIdf: false,
  minDf: 3,
};

/** An untitled item (a social-media post) rather than a titled article: it may have its own class biases. */
function isPost(article: { title?: string }): boolean {
  return (article.title ?? '').trim() === '';
}

/**
 * An article's tokens from the shared analyzer, when the caller has them already: `analyze(title)` and
 * `analyze(text)` (or a prefix of it that reaches past `maxChars`); the features are those of the text alone.
 */
export interface AnalyzedArticle {
  title: readonly AnalyzedToken[];
  body: readonly AnalyzedToken[];
  /** Their memo numbers (`analyzeWithIds`), when the caller has them: the same features, found faster. */
  ids?: { title: TokenIds; body: TokenIds };
}

export function vectorize(
  article: { title?: string; text?: string },
  features: FeatureConfig,
  weighting: BucketWeighting,
  analyzed?: AnalyzedArticle,
): SparseVector {
  const tokens =
    analyzed && features.tokenizer === 'analyzer'
      ? sectionTokensFromAnalyzed(
          analyzed.title,
          article.text ?? '',
          analyzed.body,
          features.maxChars,
          analyzed.ids,
        )
      : (TOKENIZERS[features.tokenizer] ?? TOKENIZERS.lite)(articleText(article, features.maxChars));
  return featurize(tokens, features, weighting);
}

/** Number of vectors each bucket occurs in. */
function documentFrequency(docs: readonly SparseVector[], dim: number): Uint32Array {
  const df = new Uint32Array(dim);
  for (const d of docs) for (let n = 0; n < d.idx.length; n++) df[d.idx[n]!]! += 1;
  return df;
}

/** Trains a model on labelled articles; classes are the taxonomy, whether or not each one has examples. */
export function trainSectionModel(
  examples: readonly LabelledArticle[],
  options: Partial<ModelOptions> = {},
  info: Record<string, unknown> = {},
): SectionModel {
  const o = { ...DEFAULT_MODEL_OPTIONS, ...options };
  const classes = [...SECTION_IDS];
  const dim = 1 << o.features.bits;
  const tokenize = TOKENIZERS[o.features.tokenizer];
  const tokens = examples.map((e) => tokenize(articleText(e, o.features.maxChars)));
  const featurizeAll = (w: BucketWeighting) => tokens.map((t) => featurize(t, o.features, w));
  let x = featurizeAll({ idf: null, keep: null });
  const idf = o.useIdf ? inverseDocumentFrequency(x, dim) : null;
  let keep: Uint8Array | null = null;
  if (o.minDf > 1) {
    const df = documentFrequency(x, dim);
    keep = Uint8Array.from(df, (n) => (n >= o.minDf ? 1 : 0));
  }
  if (idf || keep) x = featurizeAll({ idf, keep });
  const y = Int32Array.from(examples, (e) => classes.indexOf(e.section));
  const data: TrainingSet = { x, y, post: Uint8Array.from(examples, (e) => (isPost(e) ? 1 : 0)) };
  const linear = trainLinear(data, classes.length, dim, o.train);
  // SVM scores are margins, not log-odds: scale them so that their softmax is a calibrated probability.
  const scale = o.train.algorithm === 'svm' ? marginScale(data, classes.length, dim, o.train) : 1;
  if (scale !== 1) scaleLinear(linear, scale);
  return {
    classes,
    features: o.features,
    idf,
    keep,
    linear,
    info: { ...info, algorithm: o.train.algorithm, minDf: o.minDf, marginScale: scale },
  };
}

/** Fewer held-back examples than this fit no scale (a handful of well-separated ones would drive it to infinity). */
const MIN_CALIBRATION = 100;

/**
 * The factor that makes softmax(factor × margin) a calibrated probability: fitted by maximum likelihood on
 * the margins of one fifth of the data under a model trained on the other four fifths (margins on the
 * training examples themselves would be overconfident).
 */
function marginScale(data: TrainingSet, k: number, dim: number, o: TrainOptions): number {
  const inFold = (i: number) => i % 5 === 0;
  const pick = (keep: (i: number) => boolean): TrainingSet => {
    const ids = data.x.map((_, i) => i).filter(keep);
    return {
      x: ids.map((i) => data.x[i]!),
      y: Int32Array.from(ids, (i) => data.y[i]!),
      post: Uint8Array.from(ids, (i) => data.post?.[i] ?? 0),
    };
  };
  const fit = pick((i) => !inFold(i));
  // A section the four fifths never saw cannot win there; its examples would only drag the scale to 0.
  const seen = new Set(fit.y);
  const check = pick((i) => inFold(i) && seen.has(data.y[i]!));
  if (fit.x.length === 0 || check.x.length < MIN_CALIBRATION) return 1;
  const model = trainLinear(fit, k, dim, o);
  const scores = check.x.map((x, i) =>
    Float64Array.from(scoreInto(model, x, new Float32Array(k), check.post![i] === 1)),
  );
  const logLikelihood = (scale: number) => {
    let sum = 0;
    scores.forEach((s, i) => {
      let max = Number.NEGATIVE_INFINITY;
      for (const v of s) max = Math.max(max, v * scale);
      let z = 0;
      for (const v of s) z += Math.exp(v * scale - max);
      sum += s[check.y[i]!]! * scale - max - Math.log(z);
    });
    return sum;
  };
  // Golden-section search over log(scale): the log-likelihood is concave in the scale.
  let lo = Math.log(0.1);
  let hi = Math.log(100);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let step = 0; step < 40; step++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (logLikelihood(Math.exp(a)) >= logLikelihood(Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

function scaleLinear(linear: LinearWeights, factor: number): void {
  for (let j = 0; j < linear.weights.length; j++) linear.weights[j]! *= factor;
  for (let c = 0; c < linear.bias.length; c++) linear.bias[c]! *= factor;
  if (linear.postBias) for (let c = 0; c < linear.postBias.length; c++) linear.postBias[c]! *= factor;
}

const scratchScores = new Map<number, Float32Array>();

/**
 * Section, confidence (the winning class's softmax probability) and all class probabilities. `analyzed`: the
 * article's tokens from the shared analyzer, to skip analyzing it again (the result is the same).
 */
export function predictSection(
  model: SectionModel,
  article: { title?: string; text?: string },
  analyzed?: AnalyzedArticle,
): SectionPrediction {
  const k = model.classes.length;
  let raw = scratchScores.get(k);
  if (!raw) {
    raw = new Float32Array(k);
    scratchScores.set(k, raw);
  }
  const x = vectorize(article, model.features, model, analyzed);
  softmax(scoreInto(model.linear, x, raw, isPost(article)));
  const best = argmax(raw);
  const scores: Record<string, number> = {};
  for (let c = 0; c < k; c++) scores[model.classes[c]!] = raw[c]!;
  // Without a single feature the scores are only the class priors: a guess, and it must say so.
  const confidence = x.idx.length === 0 ? 0 : raw[best]!;
  return { section: model.classes[best]!, confidence, scores };
}

// ---- stored form -------------------------------------------------------------------------------------------

interface StoredModel {
  format: 'naba-sections';
  version: 1;
  classes: string[];
  features: FeatureConfig;
  info: Record<string, unknown>;
  bias: number[];
  /** Class biases for an untitled post, when they differ from `bias`. */
  postBias?: number[];
  /** Per class: the largest |weight|; q ∈ [−127, 127] decodes to sign(q)·(|q|/127)²·scale. */
  scales: number[];
  /** Buckets with any non-zero quantized weight (pruned model: the kept buckets), delta-encoded as unsigned LEB128, base64. */
  buckets: string;
  /** For each listed bucket, its k int8 weights in class order, base64. */
  weights: string;
  /** IDF per bucket quantized to uint8 over [idfMin, idfMax], base64; absent when IDF is off. */
  idf?: { min: number; max: number; data: string };
  /** True when the model was pruned: the listed buckets are exactly the kept ones (some rows may be all 0). */
  pruned?: boolean;
}

function varintEncode(values: number[]): Uint8Array {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
  }
  return Uint8Array.from(out);
}

function varintDecode(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let v = 0;
  let shift = 0;
  for (const b of bytes) {
    v |= (b & 0x7f) << shift;
    if (b & 0x80) shift += 7;
    else {
      out.push(v);
      v = 0;
      shift = 0;
    }
  }
  return out;
}

/** The compact, JSON-serializable form of a model (companded int8 weights lose little: see the eval). */
export function encodeModel(model: SectionModel): StoredModel {
  const { nClasses: k, dim, weights, codes } = model.linear;
  // A decoded model keeps only its codes; re-encoding it reproduces them.
  const weight = codes
    ? (j: number, c: number) => codes.lut[(c << 8) + codes.q[j * k + c]! + 128]!
    : (j: number, c: number) => weights[j * k + c]!;
  const scales = new Array<number>(k).fill(0);
  for (let j = 0; j < dim; j++) {
    for (let c = 0; c < k; c++) scales[c] = Math.max(scales[c]!, Math.abs(weight(j, c)));
  }
  const deltas: number[] = [];
  const q: number[] = [];
  let last = 0;
  const { keep } = model;
  for (let j = 0; j < dim; j++) {
    if (keep && keep[j] === 0) continue;
    const row: number[] = [];
    let any = keep !== null;
    for (let c = 0; c < k; c++) {
      const s = scales[c]!;
      const w = weight(j, c);
      const v = s === 0 ? 0 : Math.sign(w) * Math.round(Math.sqrt(Math.abs(w) / s) * 127);
      if (v !== 0) any = true;
      row.push(v);
    }
    if (!any) continue;
    deltas.push(j - last);
    last = j;
    q.push(...row);
  }
  const stored: StoredModel = {
    format: 'naba-sections',
    version: 1,
    classes: model.classes,
    features: model.features,
    info: model.info,
    bias: Array.from(model.linear.bias),
    scales,
    buckets: Buffer.from(varintEncode(deltas)).toString('base64'),
    weights: Buffer.from(Int8Array.from(q).buffer).toString('base64'),
  };
  if (keep) stored.pruned = true;
  if (model.linear.postBias) stored.postBias = Array.from(model.linear.postBias);
  if (model.idf) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of model.idf) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const span = max - min || 1;
    const data = Uint8Array.from(model.idf, (v) => Math.round(((v - min) / span) * 255));
    stored.idf = { min, max, data: Buffer.from(data).toString('base64') };
  }
  return stored;
}

export function decodeModel(value: unknown): SectionModel {
  const s = value as StoredModel;
  if (s?.format !== 'naba-sections' || s.version !== 1) {
    throw new Error('sections: not a naba section model (format/version mismatch)');
  }
  const classes = s.classes.filter(isSectionId);
  if (classes.length !== s.classes.length)
    throw new Error('sections: model has classes outside the taxonomy');
  const k = classes.length;
  const dim = 1 << s.features.bits;
  const q = new Int8Array(dim * k);
  const deltas = varintDecode(Buffer.from(s.buckets, 'base64'));
  const raw = new Int8Array(Buffer.from(s.weights, 'base64'));
  if (raw.length !== deltas.length * k) throw new Error('sections: model weights and buckets disagree');
  const keep = s.pruned ? new Uint8Array(dim) : null;
  let j = 0;
  for (let r = 0; r < deltas.length; r++) {
    j += deltas[r]!;
    q.set(raw.subarray(r * k, (r + 1) * k), j * k);
    if (keep) keep[j] = 1;
  }
  const lut = new Float32Array(k * 256);
  for (let c = 0; c < k; c++) {
    for (let code = -128; code < 128; code++) {
      const m = code / 127;
      lut[c * 256 + code + 128] = Math.sign(m) * m * m * s.scales[c]!;
    }
  }
  // Float weights are only needed to train further; scoring reads the codes.
  const weights = new Float32Array(0);
  let idf: Float32Array | null = null;
  if (s.idf) {
    const { min, max, data } = s.idf;
    const bytes = Buffer.from(data, 'base64');
    idf = Float32Array.from(bytes, (b) => min + (b / 255) * (max - min));
  }
  return {
    classes,
    features: s.features,
    idf,
    keep,
    linear: {
      nClasses: k,
      dim,
      weights,
      bias: Float32Array.from(s.bias),
      ...(s.postBias ? { postBias: Float32Array.from(s.postBias) } : {}),
      codes: { q, lut },
    },
    info: s.info ?? {},
  };
}
