import { describe, expect, it } from 'vitest';
import type { Sentence } from './conll.ts';
import { spansOf } from './conll.ts';
import { tagTokens } from './model.ts';
import { TRAIN_DEFAULTS, trainTagger } from './train.ts';

// A tiny invented corpus: people after titles, places after في/إلى, organizations after heads.
const rows: [string, string][] = [
  ['قال الرئيس سمير فهمي إن الاجتماع ناجح', 'O O B-PER I-PER O O O'],
  ['وصل الوزير كريم داود إلى طنطا أمس', 'O O B-PER I-PER O B-LOC O'],
  ['افتتحت شركة النور للطاقة فرعا في أسوان', 'O B-ORG I-ORG I-ORG O O B-LOC'],
  ['أعلنت جامعة الفيوم نتائج الامتحانات', 'O B-ORG I-ORG O O'],
  ['التقى الرئيس سمير فهمي الوزير كريم داود في طنطا', 'O O B-PER I-PER O B-PER I-PER O B-LOC'],
  ['زار كريم داود أسوان', 'O B-PER I-PER B-LOC'],
  ['قالت شركة النور للطاقة إن الأرباح زادت', 'O B-ORG I-ORG I-ORG O O O'],
  ['سافر الطلاب إلى الفيوم', 'O O O B-LOC'],
];
const corpus: Sentence[] = [];
for (let copy = 0; copy < 4; copy++) {
  for (const [text, tags] of rows) corpus.push({ tokens: text.split(' '), tags: tags.split(' ') });
}

describe('trainTagger', () => {
  const { model, file } = trainTagger(corpus, {
    ...TRAIN_DEFAULTS,
    minCount: 1,
    minWeight: 0,
    folds: 2,
    epochs: 10,
    trainedOn: 'test',
  });

  it('learns its training sentences', () => {
    let wrong = 0;
    for (const s of corpus.slice(0, rows.length)) {
      const tags = tagTokens(model, s.tokens);
      if (tags.join(' ') !== s.tags.join(' ')) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('tags a new combination of known names', () => {
    const tokens = 'وصل الرئيس سمير فهمي إلى أسوان'.split(' ');
    const spans = spansOf(tagTokens(model, tokens)).map((s) => [
      s.type,
      tokens.slice(s.start, s.end).join(' '),
    ]);
    expect(spans).toEqual([
      ['PER', 'سمير فهمي'],
      ['LOC', 'أسوان'],
    ]);
  });

  it('writes a file that lists its features and the lexicon', () => {
    expect(file.weights.length).toBe(file.features.length * file.tags.length);
    expect(file.names.some(([name, type]) => name === 'سمير فهمي' && type === 'PER')).toBe(true);
  });
});
