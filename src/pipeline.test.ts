import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from './model.ts';
import { createAnalyzer, Pipeline, placeInput } from './pipeline.ts';
import { openSqliteStore } from './store/sqlite/sqlite-store.ts';
import { terms } from './text/analyzer.ts';

const WIRE = [
  'اندلع حريق كبير في مستودع للأخشاب بحي الصناعية في مدينة الدمام فجر اليوم الثلاثاء، وتمكنت فرق الدفاع المدني من السيطرة عليه بعد ثلاث ساعات دون تسجيل إصابات.',
  'وقال المتحدث باسم الدفاع المدني في المنطقة الشرقية العقيد خالد الحربي إن 14 فرقة شاركت في إخماد الحريق الذي امتد إلى مستودعين مجاورين قبل محاصرته.',
  'وأضاف الحربي أن التحقيقات الأولية تشير إلى تماس كهربائي في أحد المولدات، وأن لجنة فنية شكلت لتحديد حجم الخسائر ومراجعة اشتراطات السلامة في الموقع.',
].join('\n');
const FOOTBALL =
  'حقق فريق الهلال فوزا مهما على منافسه النصر بثلاثة أهداف مقابل هدف في مباراة الجولة العاشرة من الدوري السعودي للمحترفين التي أقيمت على ملعب المملكة أرينا في الرياض.';

const article = (id: string, sourceId: string, title: string, text: string, published: string): Article => ({
  id,
  sourceId,
  url: `https://${sourceId}.example/${id}`,
  title,
  text,
  published,
  fetchedAt: '2024-03-11T00:00:00Z',
});

const dir = mkdtempSync(join(tmpdir(), 'naba-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pipeline', () => {
  it('stores placements and story, and a rebuild from the store reproduces them', async () => {
    const store = await openSqliteStore(join(dir, 'a.db'));
    const analyze = await createAnalyzer({ entities: false, sections: false });
    const pipeline = new Pipeline(store, { analyze });
    const summary = await pipeline.ingest([
      article('okaz-1', 'okaz', 'حريق الدمام', WIRE, '2024-03-10T09:00:00+03:00'),
      article('was-1', 'was', 'حريق في مستودع أخشاب بالدمام', WIRE, '2024-03-10T08:00:00+03:00'),
      article('riyadiya-1', 'riyadiya', 'الهلال يفوز على النصر', FOOTBALL, '2024-03-10T10:00:00+03:00'),
      { ...article('bad-1', '', '', '', ''), sourceId: '' },
    ]);
    expect(summary.placed).toBe(3);
    expect(summary.errors.map((e) => e.id)).toEqual(['bad-1']);
    const copy = await store.getArticle('okaz-1');
    const original = await store.getArticle('was-1');
    expect(copy?.placement?.duplicateOf).toBe('was-1');
    expect(original?.placement?.duplicateOf).toBeNull();
    expect(copy?.placement?.storyId).toBe(original?.placement?.storyId);
    const story = await store.getStory(original!.placement!.storyId!);
    expect(story).toMatchObject({ articleCount: 2, sourceCount: 2 });
    expect(copy?.placement?.copyChanges).toMatchObject({ of: 'was-1', titleChanged: true });
    expect(original?.placement?.copyChanges).toBeNull();

    const again = new Pipeline(store, { analyze });
    expect(await again.rebuild()).toBe(3);
    for (const id of ['okaz-1', 'was-1', 'riyadiya-1']) {
      const stored = await store.getArticle(id);
      const rebuilt = again.corpus.placementOf(id)!;
      expect(rebuilt.duplicateOf).toBe(stored!.placement!.duplicateOf);
      expect(rebuilt.storyId).toBe(stored!.placement!.storyId);
    }
    await store.close();
  });
});

describe('placement features', () => {
  it('are the terms the placer and the related index derive from the stored text, hashtags included', async () => {
    // The analyzer keeps #الدفاع_المدني as one search term; the placer re-derives terms() from the text.
    const text = `${WIRE}\n#الدفاع_المدني #الدمام تابعونا`;
    const a = article('h-1', 'okaz', 'حريق #الدمام_اليوم', text, '2024-03-10T09:00:00+03:00');
    const analyzed = (await createAnalyzer({ entities: false, sections: false }))(a);
    expect(analyzed.terms.some((t) => t.includes('_'))).toBe(true);
    const input = placeInput(a, analyzed, 0);
    expect(input.terms).toEqual(terms(text));
    expect(input.titleTerms).toEqual(terms(a.title));
  });
});
