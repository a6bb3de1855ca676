import { describe, expect, it } from 'vitest';
import type { Sentence } from './conll.ts';
import { sentenceFeatures } from './features.ts';
import { loadShippedModel } from './load.ts';
import type { TaggerModel } from './model.ts';
import { Scorer } from './scorer.ts';
import { TRAIN_DEFAULTS, trainTagger } from './train.ts';

const rowMaps = new WeakMap<TaggerModel, Map<string, number>>();

/** The definition: per token, the weights of the named features `sentenceFeatures` lists, summed. */
function reference(model: TaggerModel, tokens: readonly string[]): number[] {
  let rows = rowMaps.get(model);
  if (!rows) {
    rows = new Map(model.features.map((name, row) => [name, row]));
    rowMaps.set(model, rows);
  }
  const T = model.tags.length;
  const out = new Array<number>(tokens.length * T).fill(0);
  sentenceFeatures(tokens, model.lexicon).forEach((names, i) => {
    for (const name of names) {
      const row = rows.get(name);
      if (row === undefined) continue;
      for (let t = 0; t < T; t++) out[i * T + t]! += model.weights[row * T + t]!;
    }
  });
  return out;
}

const scores = (scorer: Scorer, tokens: readonly string[], T: number) =>
  Array.from(scorer.score(tokens).emit.subarray(0, tokens.length * T));

// Sentences written for these tests; some tokens carry `|` and `=`, the separators inside feature names.
const sentences = [
  'قال الرئيس سمير فهمي إن الاجتماع ناجح .',
  'وصل الوزير كريم داود إلى طنطا أمس',
  'افتتحت شركة النور للطاقة فرعا في أسوان',
  'زار كريم داود أسوان وطنطا والفيوم',
  'سعر | الدولار = 3.75 ريال | اليوم',
  '| | = =',
  'التقى الرئيس سمير فهمي الوزير كريم داود في طنطا',
  'أكد الرئيس الفرنسي إيمانويل ماكرون دعم بلاده لسوريا والعراق .',
  'Reuters said 2015 وكالة رويترز',
].map((s) => s.split(' '));

// A tiny model that keeps every feature it saw, so word pairs with `|` in them are among its features.
const rows: [string, string][] = [
  ['قال الرئيس سمير فهمي إن الاجتماع ناجح', 'O O B-PER I-PER O O O'],
  ['وصل الوزير كريم داود إلى طنطا أمس', 'O O B-PER I-PER O B-LOC O'],
  ['افتتحت شركة النور للطاقة فرعا في أسوان', 'O B-ORG I-ORG I-ORG O O B-LOC'],
  ['سعر | الدولار = 3.75 ريال | اليوم', 'O O O O O O O O'],
  ['| | = =', 'O O O O'],
  ['زار كريم داود أسوان', 'O B-PER I-PER B-LOC'],
];
const corpus: Sentence[] = [];
for (let copy = 0; copy < 3; copy++) {
  for (const [text, tags] of rows) corpus.push({ tokens: text.split(' '), tags: tags.split(' ') });
}
// With a few clusters and usage profiles, so those features are checked as well (keys are bare forms).
const unlabelled = {
  clusters: new Map([
    ['سمير', [0, 1]],
    ['كريم', [0, 1]],
    ['طنطا', [1, 2]],
    ['اسوان', [1, 2]],
  ]),
  usage: new Map([
    ['رئيس', 5 + 8 * 3 + 64],
    ['طنطا', 1],
  ]),
};
const tiny = trainTagger(
  corpus,
  { ...TRAIN_DEFAULTS, minCount: 1, minWeight: 0, folds: 2, epochs: 3, trainedOn: 'test' },
  unlabelled,
).model;

describe('Scorer', () => {
  it('has a tiny model with a word pair whose `|` splits two ways, clusters and usage', () => {
    expect(tiny.features).toContain('w-1w=|||');
    expect(tiny.features).toContain('c0:1=2');
    expect(tiny.features).toContain('c-1:0=_');
    expect(tiny.features).toContain('u=531');
  });

  it.each([
    ['a tiny model with every feature', tiny],
    ['the shipped model', loadShippedModel()],
  ])('gives the summed weights of the named features (%s)', (_, model) => {
    const scorer = new Scorer(model);
    for (const tokens of sentences) {
      expect(scores(scorer, tokens, model.tags.length)).toEqual(reference(model, tokens));
    }
    // Again, now from the words it keeps.
    for (const tokens of sentences) {
      expect(scores(scorer, tokens, model.tags.length)).toEqual(reference(model, tokens));
    }
  });

  it('stays exact when it must forget words, even within a sentence longer than its table', () => {
    const T = tiny.tags.length;
    const scorer = new Scorer(tiny, 8);
    const long = sentences.flat();
    expect(new Set(long).size).toBeGreaterThan(8);
    for (const tokens of [...sentences, long, ...sentences, long.slice().reverse()]) {
      expect(scores(scorer, tokens, T)).toEqual(reference(tiny, tokens));
    }
  });

  it('scores an empty sentence as nothing', () => {
    expect(new Scorer(tiny).score([]).words).toEqual([]);
  });
});
