import { describe, expect, it } from 'vitest';
import { createAnalyzer, Pipeline, placeInput } from '../pipeline.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { terms } from '../text/analyzer.ts';
import { createRelatedIndex } from './related-index.ts';
import { ARTICLES, SOURCES, seedStore } from './test-store.ts';

describe('createRelatedIndex', () => {
  it('places every article where the pipeline that stored it placed it', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      for (const s of SOURCES) await store.upsertSource({ ...s, feeds: [], language: 'ar', paused: false });
      // The tagger is off in tests: the seeds' entities stand in for it, so the rebuild must read them back.
      const analyze = await createAnalyzer({ entities: false, sections: false });
      const pipeline = new Pipeline(store, {
        analyze: (a) => ({ ...analyze(a), entities: ARTICLES.find((x) => x.id === a.id)?.entities ?? [] }),
      });
      const articles = ARTICLES.map(
        ({ story: _s, copyOf: _c, tags: _t, section: _x, entities: _e, ...a }) => a,
      );
      // The copy arrives before its original: placing the original re-points it, and the replay must too.
      const order = ['copy', 'korea', 'match', 'wire', 'own', 'korea-copy', 'evil'];
      expect([...order].sort()).toEqual(articles.map((a) => a.id).sort());
      for (const id of order) await pipeline.ingest([articles.find((a) => a.id === id)!]);

      const index = createRelatedIndex(store);
      expect(await index.refresh()).toBe(articles.length);
      const stored = new Map<string, { duplicateOf: string | null; storyId: string | null }>();
      for await (const s of store.iterateArticles()) {
        stored.set(s.article.id, { duplicateOf: s.placement!.duplicateOf, storyId: s.placement!.storyId });
      }
      const rebuilt = new Map(
        [...stored.keys()].map((id) => {
          const p = index.corpus.placementOf(id)!;
          return [id, { duplicateOf: p.duplicateOf, storyId: p.storyId }];
        }),
      );
      expect(rebuilt).toEqual(stored);
      // Not vacuous: the store holds copies and a story of several articles.
      expect(stored.get('copy')!.duplicateOf).toBe('wire');
      expect(stored.get('korea-copy')!.duplicateOf).toBe('korea');
      expect(stored.get('own')!.storyId).toBe(stored.get('wire')!.storyId);
    } finally {
      await store.close();
    }
  });

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

  it('reads only what was stored since the last refresh, plus a window for late commits', async () => {
    const store = await seedStore();
    try {
      const reads: number[] = [];
      const iterate = store.iterateArticles.bind(store);
      store.iterateArticles = async function* (options) {
        let n = 0;
        for await (const s of iterate(options)) {
          n++;
          yield s;
        }
        reads.push(n);
      };
      const index = createRelatedIndex(store, { rereadPositions: 1 });
      await index.refresh();
      await store.upsertArticles([
        {
          id: 'newest',
          sourceId: 'sabq',
          url: 'https://sabq.example/newest',
          title: 'خبر جديد عن الطاقة',
          text: 'خبر جديد عن مشروعات الطاقة في المملكة.',
          published: '2015-08-07T12:00:00Z',
        },
      ]);
      expect(await index.refresh()).toBe(1);
      // The whole store once, then the last article seen again and the new one.
      expect(reads).toEqual([ARTICLES.length, 2]);
      expect(index.related('newest')).not.toBeNull();
    } finally {
      await store.close();
    }
  });

  it('reuses an answer until an article is placed, through refresh or straight into the corpus', async () => {
    const store = await seedStore();
    try {
      const index = createRelatedIndex(store);
      await index.refresh();
      const first = index.related('own')!;
      expect(index.related('own')).toBe(first);
      await store.upsertArticles([
        {
          id: 'later',
          sourceId: 'sabq',
          url: 'https://sabq.example/later',
          title: 'سفير اليابان يزور الرياض',
          text: 'زار سفير اليابان الرياض وبحث التعاون في الطاقة والتعليم مع المملكة.',
          published: '2015-08-07T13:00:00Z',
        },
      ]);
      expect(await index.refresh()).toBe(1);
      const after = index.related('own')!;
      expect(after).not.toBe(first);
      // The answer now is what the corpus says now, not the kept one.
      expect(after).toEqual(index.corpus.related('own', { limit: 8 }));
      expect(index.related('own')).toBe(after);
      // A crawl in `naba serve` places into the corpus itself, not through refresh(): that drops them too.
      const stored = (await store.getArticle('later'))!;
      const copy = { ...stored.article, id: 'later-2', url: 'https://sabq.example/later-2' };
      const analyzed = {
        terms: terms(copy.text),
        titleTerms: terms(copy.title),
        tags: [],
        entities: [],
        quotedSources: [],
      };
      index.corpus.place(placeInput(copy, analyzed, Date.parse('2015-08-07T13:05:00Z')));
      expect(index.related('own')).not.toBe(after);
    } finally {
      await store.close();
    }
  });
});
