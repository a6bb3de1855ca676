/**
 * The trained tagger as data: tag names, pruned and quantized emission weights per feature, transition
 * weights and the lexicon. `tagTokens` is the whole of inference; (de)serialization is to plain JSON.
 */
import type { SpanType } from './conll.ts';
import { featureParts } from './features.ts';
import type { Lexicon } from './lexicon.ts';
import { iob2Allowed, viterbi } from './perceptron.ts';

export type TaggerModel = {
  tags: string[];
  /** Feature name → row in `weights` (`T` floats per row). */
  featureRows: Map<string, number>;
  weights: Float32Array;
  /** `(T + 1) × T`, last row = sentence start. */
  transition: Float64Array;
  allowed: Uint8Array;
  lexicon: Lexicon;
};

/** The model file's shape (version 1). Weights are integers: value × `scale`. */
export type ModelFile = {
  format: 'naba-entities';
  version: 1;
  trainedOn: string;
  tags: string[];
  scale: number;
  features: string[];
  weights: number[];
  transition: number[];
  names: [string, SpanType][];
  words: [string, ...number[]][];
  maxNameLength: number;
  nameWords: [string, number][];
  clusters: [string, number, number][];
};

// Per model, the summed weights of each word's own features: most tokens of an article were seen before.
const localCache = new WeakMap<TaggerModel, Map<string, Float64Array>>();

function addRows(model: TaggerModel, names: readonly string[], into: Float64Array, offset: number): void {
  const T = model.tags.length;
  for (const name of names) {
    const row = model.featureRows.get(name);
    if (row === undefined) continue;
    const base = row * T;
    for (let t = 0; t < T; t++) into[offset + t]! += model.weights[base + t]!;
  }
}

/** IOB2 tags for the tokens of one sentence. */
export function tagTokens(model: TaggerModel, tokens: readonly string[]): string[] {
  const T = model.tags.length;
  let cache = localCache.get(model);
  if (!cache) {
    cache = new Map();
    localCache.set(model, cache);
  }
  const known = cache;
  const { local, context } = featureParts(tokens, model.lexicon, (i) => !known.has(tokens[i]!));
  const emit = new Float64Array(tokens.length * T);
  tokens.forEach((token, i) => {
    let own = known.get(token);
    if (!own) {
      own = new Float64Array(T);
      addRows(model, local[i]!, own, 0);
      if (known.size >= 100_000) known.clear();
      known.set(token, own);
    }
    for (let t = 0; t < T; t++) emit[i * T + t] = own[t]!;
    addRows(model, context[i]!, emit, i * T);
  });
  return viterbi(emit, tokens.length, T, model.transition, model.allowed).map((t) => model.tags[t]!);
}

/**
 * Builds the shipped form: rows whose every weight is below `minWeight` are dropped, the rest quantized.
 * Small weights carry almost no decisions and most of the size.
 */
export function toModelFile(
  model: Omit<TaggerModel, 'featureRows' | 'allowed'> & { featureNames: string[] },
  opts: { minWeight: number; scale: number; trainedOn: string },
): ModelFile {
  const T = model.tags.length;
  const features: string[] = [];
  const weights: number[] = [];
  model.featureNames.forEach((name, row) => {
    let keep = false;
    for (let t = 0; t < T; t++) if (Math.abs(model.weights[row * T + t]!) >= opts.minWeight) keep = true;
    if (!keep) return;
    features.push(name);
    for (let t = 0; t < T; t++) weights.push(Math.round(model.weights[row * T + t]! * opts.scale));
  });
  return {
    format: 'naba-entities',
    version: 1,
    trainedOn: opts.trainedOn,
    tags: model.tags,
    scale: opts.scale,
    features,
    weights,
    transition: Array.from(model.transition, (v) => Math.round(v * opts.scale) / opts.scale),
    names: [...model.lexicon.names],
    words: [...model.lexicon.words].map(([w, c]) => [w, ...c] as [string, ...number[]]),
    maxNameLength: model.lexicon.maxNameLength,
    nameWords: [...model.lexicon.nameWords],
    clusters: [...model.lexicon.clusters].map(([w, [f, c]]) => [w, f, c] as [string, number, number]),
  };
}

export function fromModelFile(file: ModelFile): TaggerModel {
  if (file.format !== 'naba-entities' || file.version !== 1) {
    throw new Error(`entities: unsupported model file (format ${file.format}, version ${file.version})`);
  }
  const T = file.tags.length;
  if (file.weights.length !== file.features.length * T) {
    throw new Error('entities: model file is corrupt (weights do not match features)');
  }
  const featureRows = new Map<string, number>();
  file.features.forEach((f, i) => {
    featureRows.set(f, i);
  });
  const weights = new Float32Array(file.weights.length);
  for (let k = 0; k < weights.length; k++) weights[k] = file.weights[k]! / file.scale;
  return {
    tags: file.tags,
    featureRows,
    weights,
    transition: Float64Array.from(file.transition),
    allowed: iob2Allowed(file.tags),
    lexicon: {
      names: new Map(file.names),
      words: new Map(file.words.map(([w, ...c]) => [w, c])),
      maxNameLength: file.maxNameLength,
      nameWords: new Map(file.nameWords),
      clusters: new Map(file.clusters.map(([w, f, c]) => [w, [f, c]])),
    },
  };
}
