import { describe, expect, it } from 'vitest';
import { classifySection } from './classify.ts';
import { SECTION_IDS } from './taxonomy.ts';

// Headlines written for this test, not taken from any corpus.
describe('shipped model', () => {
  it.each([
    ['الأهلي يهزم الزمالك بثلاثة أهداف في نهائي كأس مصر لكرة القدم', 'sports'],
    ['ريال مدريد يتعاقد مع مهاجم جديد قبل انطلاق الدوري الإسباني', 'sports'],
    ['ارتفاع أسعار النفط وتراجع الدولار في الأسواق العالمية', 'economy'],
    ['البنك المركزي يرفع سعر الفائدة لكبح التضخم وارتفاع الأسعار', 'economy'],
    ['منظمة الصحة العالمية تحذر من انتشار وباء الكوليرا وتدعو إلى تلقيح الأطفال', 'health'],
    ['دراسة: قلة النوم تزيد خطر الإصابة بأمراض القلب والسكري', 'health'],
  ])('%s → %s', (title, section) => {
    expect(classifySection({ title, text: '' }).section).toBe(section);
  });

  it('returns every section with probabilities summing to 1', () => {
    const r = classifySection({ title: 'مباراة ودية بين المنتخبين', text: 'انتهت المباراة بالتعادل' });
    expect(Object.keys(r.scores).sort()).toEqual([...SECTION_IDS].sort());
    expect(Object.values(r.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(r.confidence).toBeCloseTo(r.scores[r.section]!, 6);
  });

  it.each([
    ['', ''],
    ['   ', '\n\n'],
    ['!!! ...', '؟؟'],
  ])('empty or wordless text (%j) gives a section with zero confidence', (title, text) => {
    const r = classifySection({ title, text });
    expect(SECTION_IDS).toContain(r.section);
    expect(r.confidence).toBe(0);
  });
});
