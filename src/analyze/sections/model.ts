/**
 * The section model: feature settings, optional IDF, and one linear layer over the taxonomy classes; plus its
 * compact stored form (weights companded to int8 per class, sparse buckets only, base64 in JSON).
 */
import {
  articleText,
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
  type TrainOptions,
  trainLinear,
} from './linear.ts';
import { isSectionId, SECTION_IDS, type SectionId } from './taxonomy.ts';
import { TOKENIZERS } from './tokens.ts';

export interface SectionModel {
  classes: SectionId[];
  features: FeatureConfig;
  idf: Float32Array | null;
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
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  features: DEFAULT_FEATURES,
  train: DEFAULT_TRAIN,
  useIdf: false,
};

export function vectorize(
  article: { title?: string; text?: string },
  features: FeatureConfig,
  idf: Float32Array | null,
): SparseVector {
  const tokenize = TOKENIZERS[features.tokenizer] ?? TOKENIZERS.lite;
  return featurize(tokenize(articleText(article, features.maxChars)), features, idf);
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
  let x = tokens.map((t) => featurize(t, o.features, null));
  let idf: Float32Array | null = null;
  if (o.useIdf) {
    idf = inverseDocumentFrequency(x, dim);
    x = tokens.map((t) => featurize(t, o.features, idf));
  }
  const y = Int32Array.from(examples, (e) => classes.indexOf(e.section));
  const linear = trainLinear({ x, y }, classes.length, dim, o.train);
  return { classes, features: o.features, idf, linear, info: { ...info, algorithm: o.train.algorithm } };
}

const scratchScores = new Map<number, Float32Array>();

/** Section, confidence (the winning class's softmax probability) and all class probabilities. */
export function predictSection(
  model: SectionModel,
  article: { title?: string; text?: string },
): SectionPrediction {
  const k = model.classes.length;
  let raw = scratchScores.get(k);
  if (!raw) {
    raw = new Float32Array(k);
    scratchScores.set(k, raw);
  }
  const x = vectorize(article, model.features, model.idf);
  softmax(scoreInto(model.linear, x, raw));
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
  /** Per class: the largest |weight|; q ∈ [−127, 127] decodes to sign(q)·(|q|/127)²·scale. */
  scales: number[];
  /** Buckets with any non-zero quantized weight, delta-encoded as unsigned LEB128, base64. */
  buckets: string;
  /** For each listed bucket, its k int8 weights in class order, base64. */
  weights: string;
  /** IDF per bucket quantized to uint8 over [idfMin, idfMax], base64; absent when IDF is off. */
  idf?: { min: number; max: number; data: string };
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
  for (let j = 0; j < dim; j++) {
    const row: number[] = [];
    let any = false;
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
  let j = 0;
  for (let r = 0; r < deltas.length; r++) {
    j += deltas[r]!;
    q.set(raw.subarray(r * k, (r + 1) * k), j * k);
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
    linear: { nClasses: k, dim, weights, bias: Float32Array.from(s.bias), codes: { q, lut } },
    info: s.info ?? {},
  };
}
