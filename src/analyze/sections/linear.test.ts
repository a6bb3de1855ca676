import { describe, expect, it } from 'vitest';
import { analyze } from '../../text/analyzer.ts';
import type { Algorithm } from './linear.ts';
import { DEFAULT_TRAIN } from './linear.ts';
import type { LabelledArticle } from './model.ts';
import { decodeModel, encodeModel, predictSection, trainSectionModel, vectorize } from './model.ts';

// Three topics with disjoint vocabularies, a few sentences each: any working learner separates them.
const TRAIN: LabelledArticle[] = [
  {
    title: 'الهلال يفوز على النصر',
    text: 'سجل المهاجم هدفين في المباراة وتأهل الفريق إلى نهائي الكأس',
    section: 'sports',
  },
  {
    title: 'المنتخب يتعادل',
    text: 'انتهت المباراة بالتعادل وأضاع اللاعب ركلة جزاء في الدوري',
    section: 'sports',
  },
  {
    title: 'مدرب الفريق يستقيل',
    text: 'أعلن النادي رحيل المدرب بعد خسارة المباراة في الملعب',
    section: 'sports',
  },
  {
    title: 'ارتفاع أسعار النفط',
    text: 'صعدت أسعار النفط في الأسواق وتراجع الدولار أمام العملات',
    section: 'economy',
  },
  {
    title: 'البورصة تغلق على انخفاض',
    text: 'تراجعت أسهم البنوك في السوق المالية وارتفع التضخم',
    section: 'economy',
  },
  {
    title: 'البنك المركزي يرفع الفائدة',
    text: 'قرر البنك رفع سعر الفائدة لمواجهة التضخم وارتفاع الأسعار',
    section: 'economy',
  },
  {
    title: 'لقاح جديد ضد الإنفلونزا',
    text: 'أعلنت وزارة الصحة توفير اللقاح في المستشفيات للمرضى',
    section: 'health',
  },
  {
    title: 'نصائح للوقاية من السكري',
    text: 'ينصح الأطباء المرضى بممارسة الرياضة وتقليل السكر للوقاية',
    section: 'health',
  },
  {
    title: 'افتتاح مستشفى جديد',
    text: 'يستقبل المستشفى المرضى ويضم أقساما للعلاج والجراحة والأطباء',
    section: 'health',
  },
];

// Nine articles: pruning buckets seen in fewer than 3 of them (the default) would leave almost nothing.
const TINY = { minDf: 1 };

describe('training on a tiny synthetic set', () => {
  it.each(['svm', 'softmax', 'perceptron', 'cnb'] as Algorithm[])(
    '%s learns the training set',
    (algorithm) => {
      const model = trainSectionModel(TRAIN, { ...TINY, train: { ...DEFAULT_TRAIN, algorithm, epochs: 20 } });
      for (const e of TRAIN) expect(predictSection(model, e).section, e.title).toBe(e.section);
    },
  );

  it.each(['svm', 'softmax'] as Algorithm[])('%s generalizes to unseen wording', (algorithm) => {
    const model = trainSectionModel(TRAIN, { ...TINY, train: { ...DEFAULT_TRAIN, algorithm, epochs: 20 } });
    for (const [title, section] of [
      ['هدف قاتل في المباراة', 'sports'],
      ['أسعار النفط والدولار', 'economy'],
      ['الأطباء في المستشفى', 'health'],
    ]) {
      expect(predictSection(model, { title, text: '' }).section, title).toBe(section);
    }
  });

  it('svm scores are scaled into probabilities that favour the right section', () => {
    const model = trainSectionModel(TRAIN, TINY);
    const p = predictSection(model, { title: 'أسعار النفط والدولار', text: '' });
    expect(Object.values(p.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(p.confidence).toBeGreaterThan(0.34);
    expect(p.confidence).toBeLessThan(1);
  });

  it('stored form decodes to a model that predicts the same sections', () => {
    const model = trainSectionModel(TRAIN, { ...TINY, train: { ...DEFAULT_TRAIN, epochs: 20 } });
    const copy = decodeModel(JSON.parse(JSON.stringify(encodeModel(model))));
    for (const e of TRAIN) expect(predictSection(copy, e).section).toBe(predictSection(model, e).section);
  });

  it('rejects a file that is not a section model', () => {
    expect(() => decodeModel({ format: 'other' })).toThrow(/sections: not a naba section model/);
  });
});

describe('pruning rare buckets', () => {
  it('keeps only buckets seen in at least minDf articles, and the stored form keeps the same ones', () => {
    const full = trainSectionModel(TRAIN, TINY);
    const pruned = trainSectionModel(TRAIN, { minDf: 2 });
    const kept = pruned.keep!.reduce((a, v) => a + v, 0);
    expect(full.keep).toBeNull();
    expect(kept).toBeGreaterThan(0);
    // Most n-grams of nine short articles occur in one of them only.
    const seen = new Set<number>();
    for (const e of TRAIN) for (const j of vectorize(e, full.features, full).idx) seen.add(j);
    expect(kept).toBeLessThan(seen.size / 2);
    // A pruned bucket never reaches the classifier.
    for (const e of TRAIN) {
      for (const j of vectorize(e, pruned.features, pruned).idx) expect(pruned.keep![j]).toBe(1);
    }
    const copy = decodeModel(JSON.parse(JSON.stringify(encodeModel(pruned))));
    expect(copy.keep).toEqual(pruned.keep);
  });
});

describe('class biases per genre (titled article, untitled post)', () => {
  // 40 of each: sports as articles and as posts, economy only as articles, health only as posts.
  const words = {
    sports: ['المباراة', 'الفريق', 'الهدف', 'المدرب', 'الدوري', 'اللاعب'],
    economy: ['الأسعار', 'البنك', 'التضخم', 'الأسهم', 'النفط', 'السوق'],
    health: ['المستشفى', 'الأطباء', 'اللقاح', 'المرضى', 'العلاج', 'الوباء'],
  } as const;
  const make = (section: keyof typeof words, titled: boolean, i: number): LabelledArticle => {
    const w = words[section];
    const text = `${w[i % 6]} ${w[(i + 1) % 6]} ${w[(i + 3) % 6]} رقم ${i}`;
    return titled ? { title: text, text: '', section } : { title: '', text, section };
  };
  const examples: LabelledArticle[] = [];
  for (let i = 0; i < 40; i++) {
    examples.push(make('sports', true, i), make('sports', false, i));
    examples.push(make('economy', true, i), make('health', false, i));
  }

  it.each(['svm', 'softmax'] as Algorithm[])(
    '%s: a section seen in both genres gets two biases, one seen in one genre keeps one',
    (algorithm) => {
      const model = trainSectionModel(examples, { ...TINY, train: { ...DEFAULT_TRAIN, algorithm } });
      const { bias, postBias } = model.linear;
      const at = (s: string) => model.classes.indexOf(s as LabelledArticle['section']);
      expect(postBias).toBeDefined();
      expect(postBias![at('sports')]).not.toBe(bias[at('sports')]);
      expect(postBias![at('economy')]).toBe(bias[at('economy')]);
      expect(postBias![at('health')]).toBe(bias[at('health')]);
      // An article can still be about health: its words decide, not its genre.
      const article = { title: 'الأطباء في المستشفى يعالجون المرضى', text: 'اللقاح والعلاج' };
      expect(predictSection(model, article).section).toBe('health');
      const copy = decodeModel(JSON.parse(JSON.stringify(encodeModel(model))));
      expect(Array.from(copy.linear.postBias!)).toEqual(Array.from(postBias!));
    },
  );
});

describe('pre-analyzed tokens', () => {
  it('give the same prediction as the text', () => {
    const model = trainSectionModel(TRAIN, TINY);
    for (const e of TRAIN) {
      const analyzed = { title: analyze(e.title), body: analyze(e.text) };
      expect(predictSection(model, e, analyzed)).toEqual(predictSection(model, e));
    }
  });
});
