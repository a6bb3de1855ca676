/**
 * Training the entity tagger from labelled sentences. Pure: sentences in, model out (the command reads files).
 *
 * Known-name features are built jackknife-style: each training sentence sees a lexicon built from the other
 * folds only, so the perceptron learns how far to trust a lexicon hit on a name it has not been trained on,
 * which is the situation at run time.
 */
import type { Sentence } from './conll.ts';
import { TAGS } from './conll.ts';
import { sentenceFeatures } from './features.ts';
import type { Lexicon } from './lexicon.ts';
import { buildLexicon } from './lexicon.ts';
import type { ModelFile, TaggerModel } from './model.ts';
import { fromModelFile, toModelFile } from './model.ts';
import type { Example } from './perceptron.ts';
import { iob2Allowed, trainPerceptron } from './perceptron.ts';

export type TrainOptions = {
  epochs: number;
  seed: number;
  /** Folds for the jackknifed lexicon. */
  folds: number;
  /** Features seen fewer times than this in training are not learnt. */
  minCount: number;
  /** Feature rows whose weights are all smaller than this are dropped from the shipped model. */
  minWeight: number;
  trainedOn: string;
  log?: (line: string) => void;
  /** Called after each epoch with the model averaged so far (to score a dev split epoch by epoch). */
  onEpochModel?: (epoch: number, model: TaggerModel) => void;
};

export const TRAIN_DEFAULTS: Omit<TrainOptions, 'trainedOn'> = {
  epochs: 6,
  seed: 13,
  folds: 5,
  minCount: 2,
  minWeight: 0.05,
};

/** Fold of a sentence: blocks of 50 sentences, so one article's sentences mostly share a fold. */
function foldOf(index: number, folds: number): number {
  return Math.floor(index / 50) % folds;
}

export function trainTagger(
  sentences: readonly Sentence[],
  opts: TrainOptions,
  unlabelled: Partial<Pick<Lexicon, 'clusters' | 'usage'>> = {},
): { model: TaggerModel; file: ModelFile } {
  const clusters = unlabelled.clusters ?? new Map();
  const usage = unlabelled.usage ?? new Map();
  const log = opts.log ?? (() => {});
  const tags = [...TAGS] as string[];
  const T = tags.length;
  const tagId = new Map(tags.map((t, i) => [t, i]));
  const folds = Math.max(2, opts.folds);
  const lexicons: Lexicon[] = [];
  for (let k = 0; k < folds; k++) {
    const lexicon = buildLexicon(sentences.filter((_, i) => foldOf(i, folds) !== k));
    lexicons.push({ ...lexicon, clusters, usage });
  }

  const counts = new Map<string, number>();
  sentences.forEach((s, i) => {
    for (const fs of sentenceFeatures(s.tokens, lexicons[foldOf(i, folds)]!)) {
      for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
  });
  const featureNames: string[] = [];
  const ids = new Map<string, number>();
  for (const [f, n] of counts) {
    if (n >= opts.minCount) {
      ids.set(f, featureNames.length);
      featureNames.push(f);
    }
  }
  counts.clear();
  log(`entities: ${sentences.length} sentences, ${featureNames.length} features`);

  const examples: Example[] = sentences.map((s, i) => ({
    feats: sentenceFeatures(s.tokens, lexicons[foldOf(i, folds)]!).map((fs) => {
      const row: number[] = [];
      for (const f of fs) {
        const id = ids.get(f);
        if (id !== undefined) row.push(id);
      }
      return Int32Array.from(row);
    }),
    gold: s.tags.map((t) => tagId.get(t) ?? 0),
  }));

  const allowed = iob2Allowed(tags);
  const lexicon = { ...buildLexicon(sentences), clusters, usage };
  const shipped = (weights: Float32Array, transition: Float64Array) =>
    toModelFile(
      { tags, featureNames, weights, transition, lexicon },
      { minWeight: opts.minWeight, scale: 1000, trainedOn: opts.trainedOn },
    );
  const { emission, transition } = trainPerceptron(examples, featureNames.length, T, allowed, {
    epochs: opts.epochs,
    seed: opts.seed,
    onEpoch: (epoch, errors) => log(`entities: epoch ${epoch}, ${errors} token errors`),
    onAverage: opts.onEpochModel
      ? (epoch, w) => opts.onEpochModel!(epoch, fromModelFile(shipped(w.emission, w.transition)))
      : undefined,
  });
  const file = shipped(emission, transition);
  log(`entities: kept ${file.features.length} of ${featureNames.length} features`);
  return { model: fromModelFile(file), file };
}
