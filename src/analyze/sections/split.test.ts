import { describe, expect, it } from 'vitest';
import { readLabelledJsonl } from '../../eval/sections.ts';
import { isHeldOut, splitKey } from './split.ts';

describe('held-out split', () => {
  it.each([
    ['RT @AJABreaking: عاجل | الأمم المتحدة تدين القصف https://t.co/abc', 'عاجل | الأمم المتحدة تدين القصف'],
    ['#السعودية تعلن موازنة العام', 'السعودية تعلن موازنة العام'],
    ['إطلاق  مشروعٍ جديدٍ', 'اطلاق مشروع جديد'],
  ])('a repost and its original share the split key: %s', (repost, original) => {
    expect(splitKey({ text: repost })).toBe(splitKey({ text: original }));
    expect(isHeldOut({ text: repost })).toBe(isHeldOut({ text: original }));
  });

  it.each([
    ['ant', '../shared/data/categories/ant/train.jsonl'],
    ['asnd', '../shared/data/categories/asnd/train.jsonl'],
  ])('%s: holds out roughly a tenth, and of each large label', (_name, file) => {
    const rows = readLabelledJsonl(file);
    const held = rows.filter(isHeldOut);
    expect(held.length / rows.length).toBeGreaterThan(0.07);
    expect(held.length / rows.length).toBeLessThan(0.13);
    const byLabel = new Map<string, [number, number]>();
    for (const r of rows) {
      const c = byLabel.get(r.category) ?? [0, 0];
      c[0]++;
      if (isHeldOut(r)) c[1]++;
      byLabel.set(r.category, c);
    }
    for (const [label, [n, h]] of byLabel) if (n >= 300) expect(h / n, label).toBeGreaterThan(0.05);
  });
});
