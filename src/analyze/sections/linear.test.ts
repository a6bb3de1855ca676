import { describe, expect, it } from 'vitest';
import type { Algorithm } from './linear.ts';
import { DEFAULT_TRAIN } from './linear.ts';
import type { LabelledArticle } from './model.ts';
import { decodeModel, encodeModel, predictSection, trainSectionModel } from './model.ts';

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

describe('training on a tiny synthetic set', () => {
  it.each(['softmax', 'perceptron', 'cnb'] as Algorithm[])('%s learns the training set', (algorithm) => {
    const model = trainSectionModel(TRAIN, { train: { ...DEFAULT_TRAIN, algorithm, epochs: 20 } });
    for (const e of TRAIN) expect(predictSection(model, e).section, e.title).toBe(e.section);
  });

  it.each([
    ['هدف قاتل في المباراة', 'sports'],
    ['أسعار النفط والدولار', 'economy'],
    ['الأطباء في المستشفى', 'health'],
  ])('softmax generalizes to unseen wording: %s → %s', (title, section) => {
    const model = trainSectionModel(TRAIN, { train: { ...DEFAULT_TRAIN, epochs: 20 } });
    expect(predictSection(model, { title, text: '' }).section).toBe(section);
  });

  it('stored form decodes to a model that predicts the same sections', () => {
    const model = trainSectionModel(TRAIN, { train: { ...DEFAULT_TRAIN, epochs: 20 } });
    const copy = decodeModel(JSON.parse(JSON.stringify(encodeModel(model))));
    for (const e of TRAIN) expect(predictSection(copy, e).section).toBe(predictSection(model, e).section);
  });

  it('rejects a file that is not a section model', () => {
    expect(() => decodeModel({ format: 'other' })).toThrow(/sections: not a naba section model/);
  });
});
