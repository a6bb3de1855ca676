/**
 * The trained tagger as data: tag names, pruned and quantized emission weights per feature, transition
 * weights and the lexicon. `tagTokens` is the whole of inference; (de)serialization is to plain JSON.
 */
import type { TokenIds } from '../../text/analyzer.ts';
import type { SpanType } from './conll.ts';
import type { Word } from './features.ts';
import type { Lexicon } from './lexicon.ts';
import { iob2Allowed, viterbi } from './perceptron.ts';
import { Scorer } from './scorer.ts';

export type TaggerModel = {
  tags: string[];
  /** Feature names (`featureName`); feature k has weights `k × T … k × T + T − 1`. */
  features: string[];
  /** Emission weights as the file stores them: integers, value × `scale`. */
  weights: Int32Array;
  /** `(T + 1) × T`, last row = sentence start; integers like `weights`. */
  transition: Float64Array;
  scale: number;
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
  /** Bare word, then its cluster ids coarse to fine (`clusters.ts`). */
  clusters: [string, ...number[]][];
  /** Word usage profiles (`usage.ts`); absent in files written before them. */
  usage?: [string, number][];
};

// One scorer per model: it keeps the weight sums of the words it has seen.
const scorers = new WeakMap<TaggerModel, Scorer>();

function scorerOf(model: TaggerModel): Scorer {
  let scorer = scorers.get(model);
  if (!scorer) {
    scorer = new Scorer(model);
    scorers.set(model, scorer);
  }
  return scorer;
}

/**
 * IOB2 tags for the tokens of one sentence, and the tokens as the features saw them. `ids`: the tokens'
 * analyzer memo numbers, when the caller has them (the same tags, found faster).
 */
export function tagSentence(
  model: TaggerModel,
  tokens: readonly string[],
  ids?: TokenIds,
): { tags: string[]; words: Word[] } {
  const { emit, words } = scorerOf(model).score(tokens, ids);
  const path = viterbi(emit, tokens.length, model.tags.length, model.transition, model.allowed);
  return { tags: path.map((t) => model.tags[t]!), words };
}

/** IOB2 tags for the tokens of one sentence. */
export function tagTokens(model: TaggerModel, tokens: readonly string[]): string[] {
  return tagSentence(model, tokens).tags;
}

/** A trained model before it is shipped: every feature's averaged weights, unrounded. */
export type TrainedWeights = {
  tags: string[];
  featureNames: string[];
  weights: Float32Array;
  transition: Float64Array;
  lexicon: Lexicon;
};

/**
 * Builds the shipped form: rows whose every weight is below `minWeight` are dropped, the rest quantized.
 * Small weights carry almost no decisions and most of the size.
 */
export function toModelFile(
  model: TrainedWeights,
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
    clusters: [...model.lexicon.clusters].map(([w, ids]) => [w, ...ids] as [string, ...number[]]),
    usage: [...model.lexicon.usage],
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
  return {
    tags: file.tags,
    features: file.features,
    weights: Int32Array.from(file.weights),
    // The file keeps transitions as value rounded to 1 / scale; back to the weights' integer units.
    transition: Float64Array.from(file.transition, (v) => Math.round(v * file.scale)),
    scale: file.scale,
    allowed: iob2Allowed(file.tags),
    lexicon: {
      names: new Map(file.names),
      words: new Map(file.words.map(([w, ...c]) => [w, c])),
      maxNameLength: file.maxNameLength,
      nameWords: new Map(file.nameWords),
      clusters: new Map(file.clusters.map(([w, ...ids]) => [w, ids])),
      usage: new Map(file.usage ?? []),
    },
  };
}
