import { describe, expect, it } from 'vitest';
import { createRelatedIndex } from './related-index.ts';
import { ARTICLES, seedStore } from './test-store.ts';

describe('createRelatedIndex', () => {
  it('answers nothing until built, then places only what is new on each refresh', async () => {
    const store = await seedStore();
    try {
      const index = createRelatedIndex(store);
      expect(index.ready).toBe(false);
      expect(index.related('wire')).toBeNull();
      expect(await index.refresh()).toBe(ARTICLES.length);
      expect(index.ready).toBe(true);
      const r = index.related('own')!;
      const ids = [r.readAlso?.id, ...r.similar.map((p) => p.id)];
      expect(ids).not.toContain('own');
      expect(r.similar.every((p) => Number.isFinite(Date.parse(p.published)))).toBe(true);
      // The copy and its original are one duplicate group in the rebuilt corpus.
      expect(index.corpus.placementOf('copy')?.duplicateOf).toBe('wire');
      expect(await index.refresh()).toBe(0);
      await store.upsertArticles([
        {
          id: 'late',
          sourceId: 'sabq',
          url: 'https://sabq.example/late',
          title: 'خبر متأخر عن الطاقة في اليابان',
          text: 'وصل خبر جديد عن مشروعات الطاقة بين المملكة واليابان.',
          published: '2015-08-07T11:00:00Z',
        },
      ]);
      expect(await index.refresh()).toBe(1);
      expect(index.related('late')).not.toBeNull();
      expect(index.related('unknown')).toBeNull();
    } finally {
      await store.close();
    }
  });
});
