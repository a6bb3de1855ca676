/**
 * The behaviour every `Store` must have, as one vitest suite. Each implementation's test file calls
 * `runStoreContract` with a way to make an empty store; nothing here knows the engine behind it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article, Source } from '../model.ts';
import type { Store, StoredArticle } from './store.ts';

/** A fresh, empty place to keep data (a temp file, a schema), openable again after `close()`. */
export interface StoreTarget {
  open(): Promise<Store>;
  /** Remove the data; called after the store is closed. */
  destroy(): Promise<void>;
}

export interface StoreContractOptions {
  name: string;
  newStore(): Promise<StoreTarget>;
}

function source(id: string, extra: Partial<Source> = {}): Source {
  return {
    id,
    name: `مصدر ${id}`,
    siteUrl: `https://${id}.example/`,
    feeds: [`https://${id}.example/feed`],
    language: 'ar',
    paused: false,
    ...extra,
  };
}

function article(id: string, extra: Partial<Article> = {}): Article {
  return {
    id,
    sourceId: 'spa',
    url: `https://spa.example/news/${id}`,
    title: `خبر رقم ${id}`,
    text: `نص الخبر ${id} في الرياض.`,
    published: '2015-08-07T10:00:00+03:00',
    ...extra,
  };
}

function ids(items: StoredArticle[]): string[] {
  return items.map((s) => s.article.id);
}

export function runStoreContract({ name, newStore }: StoreContractOptions): void {
  describe(`Store contract: ${name}`, () => {
    let target: StoreTarget;
    let store: Store;

    beforeEach(async () => {
      target = await newStore();
      store = await target.open();
      await store.upsertSource(source('spa'));
    });

    afterEach(async () => {
      await store.close();
      await target.destroy();
    });

    describe('sources', () => {
      it('upserts, lists by id, pauses and removes sources', async () => {
        await store.upsertSource(source('alriyadh', { name: 'الرياض' }));
        await store.upsertSource(
          source('alriyadh', { name: 'جريدة الرياض', feeds: ['https://a/rss', 'https://a/atom'] }),
        );
        expect(await store.getSource('alriyadh')).toEqual(
          source('alriyadh', { name: 'جريدة الرياض', feeds: ['https://a/rss', 'https://a/atom'] }),
        );
        expect((await store.listSources()).map((s) => s.id)).toEqual(['alriyadh', 'spa']);
        expect(await store.setSourcePaused('alriyadh', true)).toBe(true);
        expect((await store.getSource('alriyadh'))?.paused).toBe(true);
        expect(await store.setSourcePaused('nope', true)).toBe(false);
        expect(await store.removeSource('alriyadh')).toBe(true);
        expect(await store.removeSource('alriyadh')).toBe(false);
        expect(await store.getSource('alriyadh')).toBeNull();
      });

      it('records fetch health: successes, a failure streak, and the last error', async () => {
        expect(await store.getSourceState('nope')).toBeNull();
        expect(await store.getSourceState('spa')).toMatchObject({
          sourceId: 'spa',
          lastFetchAt: null,
          lastSuccessAt: null,
          consecutiveFailures: 0,
          lastError: null,
        });
        await store.recordFetch('spa', {
          ok: true,
          at: '2015-08-07T10:00:00.000Z',
          nextFetchAt: '2015-08-07T10:15:00.000Z',
          intervalSeconds: 900,
          consecutiveFailures: 0,
        });
        const failed = await store.recordFetch('spa', {
          ok: false,
          error: 'fetch: timeout after 30000 ms (https://spa.example/feed)',
          at: '2015-08-07T10:15:00.000Z',
          nextFetchAt: '2015-08-07T10:45:00.000Z',
          intervalSeconds: 1800,
          consecutiveFailures: 1,
        });
        const expected = {
          sourceId: 'spa',
          lastFetchAt: '2015-08-07T10:15:00.000Z',
          lastSuccessAt: '2015-08-07T10:00:00.000Z',
          nextFetchAt: '2015-08-07T10:45:00.000Z',
          consecutiveFailures: 1,
          lastError: 'fetch: timeout after 30000 ms (https://spa.example/feed)',
          intervalSeconds: 1800,
        };
        expect(failed).toEqual(expected);
        expect(await store.getSourceState('spa')).toEqual(expected);
        await store.recordFetch('spa', {
          ok: true,
          at: '2015-08-07T10:45:00.000Z',
          nextFetchAt: '2015-08-07T11:00:00.000Z',
          intervalSeconds: 900,
          consecutiveFailures: 0,
        });
        expect(await store.getSourceState('spa')).toMatchObject({
          lastSuccessAt: '2015-08-07T10:45:00.000Z',
          consecutiveFailures: 0,
          lastError: null,
        });
        await expect(
          store.recordFetch('nope', {
            ok: true,
            at: '2015-08-07T10:45:00.000Z',
            nextFetchAt: '2015-08-07T11:00:00.000Z',
            intervalSeconds: 900,
            consecutiveFailures: 0,
          }),
        ).rejects.toThrow(/nope/);
      });

      it('lists due sources: never fetched first, then most overdue; not paused, not feedless, not early', async () => {
        const fetched = (at: string, next: string) => ({
          ok: true,
          at,
          nextFetchAt: next,
          intervalSeconds: 600,
          consecutiveFailures: 0,
        });
        await store.upsertSource(source('late'));
        await store.upsertSource(source('later'));
        await store.upsertSource(source('future'));
        await store.upsertSource(source('paused', { paused: true }));
        await store.upsertSource(source('nofeeds', { feeds: [] }));
        await store.recordFetch('spa', fetched('2015-08-07T09:00:00Z', '2015-08-07T09:50:00Z'));
        await store.recordFetch('late', fetched('2015-08-07T09:00:00Z', '2015-08-07T09:10:00Z'));
        await store.recordFetch('later', fetched('2015-08-07T09:00:00Z', '2015-08-07T10:00:00Z'));
        await store.recordFetch('future', fetched('2015-08-07T09:00:00Z', '2015-08-07T10:00:01Z'));
        await store.upsertSource(source('new'));
        const due = await store.dueSources('2015-08-07T10:00:00Z');
        expect(due.map((s) => s.id)).toEqual(['new', 'late', 'spa', 'later']);
        expect((await store.dueSources('2015-08-07T10:00:00Z', 2)).map((s) => s.id)).toEqual(['new', 'late']);
      });
    });

    describe('feed cache and seen entries', () => {
      it('keeps the validators of each feed URL', async () => {
        expect(await store.getFeedCache('https://spa.example/feed')).toBeNull();
        await store.setFeedCache('https://spa.example/feed', {
          etag: 'W/"abc"',
          lastModified: 'Fri, 07 Aug 2015 10:00:00 GMT',
          checkedAt: '2015-08-07T10:00:00Z',
        });
        await store.setFeedCache('https://spa.example/feed', {
          etag: '"def"',
          lastModified: null,
          checkedAt: '2015-08-07T10:15:00Z',
        });
        expect(await store.getFeedCache('https://spa.example/feed')).toEqual({
          etag: '"def"',
          lastModified: null,
          checkedAt: '2015-08-07T10:15:00Z',
        });
        expect(await store.getFeedCache('https://other.example/feed')).toBeNull();
      });

      it('returns only entries not seen before, per source, once each', async () => {
        await store.upsertSource(source('okaz'));
        expect(await store.markEntriesSeen('spa', ['https://a/1', 'https://a/2', 'https://a/1'])).toEqual([
          'https://a/1',
          'https://a/2',
        ]);
        expect(await store.markEntriesSeen('spa', ['https://a/2', 'https://a/3'])).toEqual(['https://a/3']);
        expect(await store.markEntriesSeen('okaz', ['https://a/2'])).toEqual(['https://a/2']);
        expect(await store.markEntriesSeen('spa', [])).toEqual([]);
        await expect(store.markEntriesSeen('nope', ['https://a/9'])).rejects.toThrow(/nope/);
      });
    });

    describe('articles', () => {
      it('is idempotent by id: the same batch twice stores each article once', async () => {
        const batch = [article('a1'), article('a2'), article('a3')];
        expect(await store.upsertArticles(batch)).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
        expect(await store.upsertArticles(batch)).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
        expect(await store.countArticles()).toBe(3);
        expect(await store.upsertArticles([])).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
      });

      it('updates fields on re-ingest and keeps the first fetch time', async () => {
        await store.upsertArticles([article('a1', { fetchedAt: '2015-08-07T10:05:00.000Z' })]);
        const result = await store.upsertArticles([
          article('a1', { title: 'عنوان مصحح', author: 'واس', fetchedAt: '2015-08-08T00:00:00.000Z' }),
        ]);
        expect(result).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
        const stored = await store.getArticle('a1');
        expect(stored?.article.title).toBe('عنوان مصحح');
        expect(stored?.article.author).toBe('واس');
        expect(stored?.article.fetchedAt).toBe('2015-08-07T10:05:00.000Z');
        expect(await store.countArticles()).toBe(1);
      });

      it('counts a repeated id within one batch once as inserted and then as updated', async () => {
        const result = await store.upsertArticles([article('a1'), article('a1', { title: 'ثانٍ' })]);
        expect(result).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
        expect((await store.getArticle('a1'))?.article.title).toBe('ثانٍ');
      });

      it('round-trips every article field', async () => {
        const full: Article = {
          id: 'full',
          sourceId: 'spa',
          url: 'https://spa.example/n/1?utm=x',
          canonicalUrl: 'https://spa.example/n/1',
          title: 'افتتاح معرض الكتاب',
          text: 'الفقرة الأولى.\n\nالفقرة الثانية.',
          html: '<p>الفقرة الأولى.</p><p>الفقرة الثانية.</p>',
          author: 'محمد',
          published: '2015-08-07T10:00:00+03:00',
          modified: '2015-08-07T12:00:00+03:00',
          image: 'https://spa.example/i.jpg',
          language: 'ar',
          section: 'ثقافة',
          publisherTags: ['كتاب', 'معرض'],
          sourceLine: 'المصدر: واس',
          quotes: [{ platform: 'x', handle: '@spagov', text: 'تغريدة' }],
          fetchedAt: '2015-08-07T10:01:00.000Z',
        };
        await store.upsertArticles([full]);
        const stored = await store.getArticle('full');
        expect(stored?.article).toEqual(full);
        expect(stored?.sortTime).toBe('2015-08-07T07:00:00.000Z');
        expect(stored?.analysis).toBeUndefined();
        expect(stored?.placement).toBeUndefined();
        expect(await store.getArticle('missing')).toBeNull();
      });

      it('orders by fetch time when published is missing or unparseable, keeping the raw string', async () => {
        await store.upsertArticles([
          article('raw', { published: 'الخميس 6 أغسطس', fetchedAt: '2015-08-06T12:00:00.000Z' }),
          article('none', { published: undefined, fetchedAt: '2015-08-06T13:00:00.000Z' }),
        ]);
        const raw = await store.getArticle('raw');
        expect(raw?.article.published).toBe('الخميس 6 أغسطس');
        expect(raw?.sortTime).toBe('2015-08-06T12:00:00.000Z');
        expect((await store.getArticle('none'))?.sortTime).toBe('2015-08-06T13:00:00.000Z');
      });

      it('rejects an article of an unknown source and stores nothing of its batch', async () => {
        await expect(
          store.upsertArticles([article('ok'), article('bad', { sourceId: 'nope' })]),
        ).rejects.toThrow(/nope/);
        expect(await store.countArticles()).toBe(0);
      });

      it('rolls back only the batch that fails mid-way; earlier batches stay', async () => {
        const first = Array.from({ length: 50 }, (_, i) => article(`first-${i}`));
        await store.upsertArticles(first);
        const second = Array.from({ length: 50 }, (_, i) => article(`second-${i}`));
        // A malformed record half-way through, as a crashing producer might hand over.
        second[25] = { ...article('second-25'), id: '' };
        await expect(store.upsertArticles(second)).rejects.toThrow();
        expect(await store.countArticles()).toBe(50);
        expect(await store.getArticle('second-0')).toBeNull();
        expect(await store.getArticle('second-24')).toBeNull();
        expect(ids(await store.getArticlesByIds(['first-0', 'first-49']))).toEqual(['first-0', 'first-49']);
        // The store is usable after the failure.
        expect(await store.upsertArticles([article('third')])).toEqual({
          inserted: 1,
          updated: 0,
          unchanged: 0,
        });
      });

      it('gets articles by ids in the order asked, skipping unknown ids', async () => {
        await store.upsertArticles([article('a1'), article('a2'), article('a3')]);
        expect(ids(await store.getArticlesByIds(['a3', 'zz', 'a1']))).toEqual(['a3', 'a1']);
        expect(await store.getArticlesByIds([])).toEqual([]);
      });

      it('finds an article id by canonical URL or page URL, the first stored winning', async () => {
        await store.upsertArticles([
          article('c1', { url: 'https://spa.example/n/1?ref=rss', canonicalUrl: 'https://spa.example/n/1' }),
          article('c2', { url: 'https://spa.example/n/1' }),
          article('p1', { url: 'https://spa.example/n/2' }),
        ]);
        expect(await store.articleIdByUrl('https://spa.example/n/1')).toBe('c1');
        expect(await store.articleIdByUrl('https://spa.example/n/1?ref=rss')).toBe('c1');
        expect(await store.articleIdByUrl('https://spa.example/n/2')).toBe('p1');
        expect(await store.articleIdByUrl('https://spa.example/n/3')).toBeNull();
        expect(await store.articleIdByUrl('')).toBeNull();
      });

      it('counts articles overall and per source', async () => {
        await store.upsertSource(source('okaz'));
        await store.upsertArticles([article('a1'), article('a2'), article('o1', { sourceId: 'okaz' })]);
        expect(await store.countArticles()).toBe(3);
        expect(await store.countArticles({ sourceId: 'okaz' })).toBe(1);
        expect(await store.countArticles({ sourceId: 'nope' })).toBe(0);
      });

      it('pages newest first, complete and without repeats across equal timestamps', async () => {
        await store.upsertSource(source('okaz'));
        const times = ['2015-08-06T08:00:00Z', '2015-08-07T08:00:00Z', '2015-08-07T08:00:00.000+00:00'];
        const all = Array.from({ length: 57 }, (_, i) =>
          article(`p${String(i).padStart(2, '0')}`, {
            published: times[i % 3],
            sourceId: i % 4 === 0 ? 'okaz' : 'spa',
          }),
        );
        await store.upsertArticles(all);
        const expected = all
          .map((a) => ({ id: a.id, t: Date.parse(a.published ?? '') }))
          .sort((x, y) => y.t - x.t || (x.id < y.id ? 1 : -1))
          .map((x) => x.id);

        const seen: string[] = [];
        let before: { published: string; id: string } | undefined;
        for (let guard = 0; guard < 20; guard++) {
          const page = await store.listArticles({ limit: 10, before });
          seen.push(...ids(page.items));
          if (!page.next) break;
          before = page.next;
        }
        expect(seen).toEqual(expected);

        const okaz: string[] = [];
        before = undefined;
        for (let guard = 0; guard < 20; guard++) {
          const page = await store.listArticles({ sourceId: 'okaz', limit: 4, before });
          okaz.push(...ids(page.items));
          if (!page.next) break;
          before = page.next;
        }
        expect(okaz).toEqual(expected.filter((id) => Number(id.slice(1)) % 4 === 0));

        const exact = await store.listArticles({ limit: 57 });
        expect(exact.items).toHaveLength(57);
        expect(exact.next).toBeNull();
      });

      it('iterates every article in insertion order', async () => {
        const names = ['z', 'a', 'm', 'b', 'y', 'c', 'x', 'd', 'w', 'e', 'v'];
        await store.upsertArticles(names.slice(0, 6).map((n) => article(n)));
        await store.upsertArticles(names.slice(6).map((n) => article(n)));
        // An update must not move an article to the end.
        await store.upsertArticles([article('z', { title: 'محدث' })]);
        const seen: string[] = [];
        for await (const s of store.iterateArticles({ batchSize: 4 })) seen.push(s.article.id);
        expect(seen).toEqual(names);
      });

      it('iterates only the articles stored after a position it handed out', async () => {
        await store.upsertArticles(['p1', 'p2', 'p3'].map((n) => article(n)));
        const positions = new Map<string, number>();
        for await (const s of store.iterateArticles()) positions.set(s.article.id, s.position);
        expect(
          positions.get('p1')! < positions.get('p2')! && positions.get('p2')! < positions.get('p3')!,
        ).toBe(true);
        await store.upsertArticles([article('p4'), article('p1', { title: 'محدث' })]);
        const newer: string[] = [];
        for await (const s of store.iterateArticles({ after: positions.get('p2')!, batchSize: 1 }))
          newer.push(s.article.id);
        // An update keeps its position: p1 is not "new" again.
        expect(newer).toEqual(['p3', 'p4']);
      });

      it('stores a 10,000-article batch', async () => {
        const batch = Array.from({ length: 10_000 }, (_, i) =>
          article(`bulk-${i}`, { published: new Date(Date.UTC(2015, 7, 6) + i * 60_000).toISOString() }),
        );
        expect(await store.upsertArticles(batch)).toEqual({ inserted: 10_000, updated: 0, unchanged: 0 });
        expect(await store.countArticles()).toBe(10_000);
        const newest = await store.listArticles({ limit: 1 });
        expect(ids(newest.items)).toEqual(['bulk-9999']);
        expect((await store.getArticle('bulk-5000'))?.article.title).toBe('خبر رقم bulk-5000');
      });

      it('round-trips Arabic, Persian letters, diacritics, tatweel, bidi marks and emoji byte-exactly', async () => {
        const title = 'مُحَمَّدٌ يَكْتُبُ: «الـــسلام» عليكم 👍🏽🇸🇦';
        const text = [
          'پژوهش گفت‌وگو ی ک ە ې — حروف فارسية وأردية',
          'الأرقام ٠١٢٣٤٥٦٧٨٩ و۰۱۲۳۴۵۶۷۸۹',
          '\u200fعلامة اتجاه\u200e و\u200cفاصل و\u200dواصل',
          'ﻻ ﷲ أشكال العرض',
          'إنّ اللّٰهَ',
        ].join('\n\n');
        await store.upsertArticles([article('ar', { title, text, author: 'عبدُ الله' })]);
        const stored = await store.getArticle('ar');
        expect(Buffer.from(stored?.article.title ?? '', 'utf8').equals(Buffer.from(title, 'utf8'))).toBe(
          true,
        );
        expect(Buffer.from(stored?.article.text ?? '', 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(stored?.article.author).toBe('عبدُ الله');
      });
    });

    describe('analysis and search', () => {
      const analysis = {
        tags: ['معرض الكتاب', 'الرياض'],
        entities: [
          { text: 'الرياض', type: 'LOC', key: 'رياض' },
          { text: 'وزارة الثقافة', type: 'ORG', key: 'وزاره ثقافه' },
        ],
        section: 'culture',
        quotedSources: [{ name: 'واس', text: 'وأوضح المتحدث أن …' }],
      };

      it('round-trips analysis with the article and marks it stale when the content changes', async () => {
        await store.upsertArticles([article('a1'), article('a2')]);
        await store.saveAnalysis('a1', { ...analysis, terms: 'معرض كتاب', titleTerms: 'معرض' });
        const stored = await store.getArticle('a1');
        expect(stored?.analysis).toMatchObject({ ...analysis, stale: false });
        expect(typeof stored?.analysis?.analyzedAt).toBe('string');
        expect((await store.getArticle('a2'))?.analysis).toBeUndefined();

        await store.upsertArticles([article('a1')]);
        expect((await store.getArticle('a1'))?.analysis?.stale).toBe(false);
        await store.upsertArticles([article('a1', { text: 'نص مصحح' })]);
        expect((await store.getArticle('a1'))?.analysis?.stale).toBe(true);
        await store.saveAnalysis('a1', { ...analysis, section: undefined });
        expect((await store.getArticle('a1'))?.analysis).toMatchObject({ section: null, stale: false });

        await expect(store.saveAnalysis('nope', analysis)).rejects.toThrow(/nope/);
      });

      it('lists articles of one of our sections', async () => {
        await store.upsertArticles([article('a1'), article('a2'), article('a3')]);
        await store.saveAnalysis('a1', analysis);
        await store.saveAnalysis('a3', { ...analysis, section: 'sports' });
        expect(ids((await store.listArticles({ section: 'culture', limit: 10 })).items)).toEqual(['a1']);
      });

      it('finds a filtered match however far down the unfiltered ranking it sits, and pages without gaps', async () => {
        await store.upsertSource(source('okaz'));
        const strong = Array.from({ length: 30 }, (_, i) => article(`s${String(i).padStart(2, '0')}`));
        await store.upsertArticles([...strong, article('weak', { sourceId: 'okaz' })]);
        for (const a of strong)
          await store.saveAnalysis(a.id, { ...analysis, titleTerms: 'سيول', terms: 'سيول' });
        await store.saveAnalysis('weak', { ...analysis, titleTerms: 'طقس', terms: 'خبر طويل عن سيول' });

        const filtered = await store.searchTerms({
          terms: ['سيول'],
          filters: { sourceId: 'okaz' },
          limit: 1,
        });
        expect(filtered.map((h) => h.id)).toEqual(['weak']);

        const pages: string[] = [];
        for (let offset = 0; offset < 31; offset += 7) {
          const page = await store.searchTerms({ terms: ['سيول'], limit: 7, offset });
          pages.push(...page.map((h) => h.id));
        }
        expect(new Set(pages).size).toBe(31);
        expect(pages.at(-1)).toBe('weak');
      });

      it('ranks a title hit above a body hit, and filters by source, section and time', async () => {
        await store.upsertSource(source('okaz'));
        await store.upsertArticles([
          article('title', { published: '2015-08-07T10:00:00Z' }),
          article('body', { published: '2015-08-08T10:00:00Z' }),
          article('other', { published: '2015-08-09T10:00:00Z', sourceId: 'okaz' }),
          article('none', { published: '2015-08-09T10:00:00Z' }),
        ]);
        await store.saveAnalysis('title', {
          ...analysis,
          titleTerms: 'تفجير مسجد ابه',
          terms: 'قتل مصل صلا جمعه',
        });
        await store.saveAnalysis('body', {
          ...analysis,
          section: 'local',
          titleTerms: 'حادث امن',
          terms: 'وقع تفجير مسجد قوات طوارئ ابه',
        });
        await store.saveAnalysis('other', { ...analysis, titleTerms: 'تفجير', terms: 'خبر' });
        await store.saveAnalysis('none', { ...analysis, titleTerms: 'طقس', terms: 'حرار' });

        const hits = await store.searchTerms({ terms: ['تفجير', 'مسجد'], limit: 10 });
        expect(hits.map((h) => h.id)).toEqual(['title', 'body']);
        expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);

        const any = await store.searchTerms({ terms: ['تفجير'], match: 'any', limit: 10 });
        expect(any.map((h) => h.id).sort()).toEqual(['body', 'other', 'title']);
        expect(
          (await store.searchTerms({ terms: ['تفجير'], filters: { sourceId: 'okaz' }, limit: 10 })).map(
            (h) => h.id,
          ),
        ).toEqual(['other']);
        expect(
          (await store.searchTerms({ terms: ['تفجير'], filters: { section: 'local' }, limit: 10 })).map(
            (h) => h.id,
          ),
        ).toEqual(['body']);
        expect(
          (
            await store.searchTerms({
              terms: ['تفجير'],
              filters: { from: '2015-08-08T00:00:00Z', to: '2015-08-08T23:59:59Z' },
              limit: 10,
            })
          ).map((h) => h.id),
        ).toEqual(['body']);
        const paged = await store.searchTerms({ terms: ['تفجير'], limit: 1, offset: 1 });
        expect(paged).toHaveLength(1);
        expect(paged[0]!.id).not.toBe((await store.searchTerms({ terms: ['تفجير'], limit: 1 }))[0]!.id);
      });

      it('gives each hit the time its article is ordered by', async () => {
        await store.upsertArticles([
          article('old', { published: '2015-08-06T10:00:00Z' }),
          article('new', { published: '2015-08-08T10:00:00+03:00' }),
        ]);
        for (const id of ['old', 'new']) {
          await store.saveAnalysis(id, { ...analysis, titleTerms: 'سيول', terms: '' });
        }
        const times = new Map(
          (await store.getArticlesByIds(['old', 'new'])).map((a) => [a.article.id, a.sortTime]),
        );
        const hits = await store.searchTerms({ terms: ['سيول'], limit: 5 });
        // Equal matches, newest first; the time lets the site weigh recency without loading the article.
        expect(hits.map((h) => [h.id, (h as { sortTime?: string }).sortTime])).toEqual([
          ['new', times.get('new')],
          ['old', times.get('old')],
        ]);
      });

      it('matches a phrase only in order and adjacent', async () => {
        await store.upsertArticles([article('inorder'), article('reversed')]);
        await store.saveAnalysis('inorder', { ...analysis, titleTerms: '', terms: 'ولي عهد امير' });
        await store.saveAnalysis('reversed', { ...analysis, titleTerms: '', terms: 'عهد ولي امير' });
        const phrase = await store.searchTerms({ terms: ['ولي', 'عهد'], phrase: true, limit: 10 });
        expect(phrase.map((h) => h.id)).toEqual(['inorder']);
        const words = await store.searchTerms({ terms: ['ولي', 'عهد'], limit: 10 });
        expect(words.map((h) => h.id).sort()).toEqual(['inorder', 'reversed']);
      });

      it('treats query syntax in terms as plain text and returns nothing for empty queries', async () => {
        await store.upsertArticles([article('a1')]);
        await store.saveAnalysis('a1', { ...analysis, titleTerms: 'or near', terms: 'نص' });
        for (const terms of [
          ['"'],
          ['OR'],
          ['NEAR(نص'],
          ['نص*'],
          ['title_terms:نص'],
          ['-نص'],
          ['AND', 'OR'],
        ]) {
          await expect(store.searchTerms({ terms, limit: 5 })).resolves.toBeInstanceOf(Array);
        }
        expect((await store.searchTerms({ terms: ['OR'], limit: 5 })).map((h) => h.id)).toEqual(['a1']);
        expect(await store.searchTerms({ terms: [], limit: 5 })).toEqual([]);
        expect(await store.searchTerms({ terms: ['  ', '…'], limit: 5 })).toEqual([]);
      });

      it('replaces the index entry when an article is analyzed again, and drops it with its source', async () => {
        await store.upsertSource(source('okaz'));
        await store.upsertArticles([article('a1'), article('o1', { sourceId: 'okaz' })]);
        await store.saveAnalysis('a1', { ...analysis, titleTerms: 'قديم', terms: '' });
        await store.saveAnalysis('a1', { ...analysis, titleTerms: 'جديد', terms: '' });
        await store.saveAnalysis('o1', { ...analysis, titleTerms: 'جديد', terms: '' });
        expect(await store.searchTerms({ terms: ['قديم'], limit: 5 })).toEqual([]);
        expect((await store.searchTerms({ terms: ['جديد'], limit: 5 })).map((h) => h.id).sort()).toEqual([
          'a1',
          'o1',
        ]);
        await store.removeSource('okaz');
        expect(await store.getArticle('o1')).toBeNull();
        expect((await store.searchTerms({ terms: ['جديد'], limit: 5 })).map((h) => h.id)).toEqual(['a1']);
      });
    });

    describe('stories and copies', () => {
      const story = {
        id: 's1',
        headline: 'تفجير مسجد في أبها',
        headlineArticleId: 'a1',
        firstSeen: '2015-08-06T12:00:00.000Z',
        lastUpdate: '2015-08-07T09:00:00.000Z',
        articleCount: 3,
        sourceCount: 2,
        section: 'local',
      };

      it('upserts, gets and pages stories, most recently updated first', async () => {
        await store.upsertStory(story);
        await store.upsertStory({
          ...story,
          id: 's2',
          lastUpdate: '2015-08-08T09:00:00.000Z',
          section: null,
        });
        await store.upsertStory({ ...story, id: 's3', lastUpdate: '2015-08-08T09:00:00.000Z' });
        await store.upsertStory({ ...story, articleCount: 4 });
        expect(await store.getStory('s1')).toEqual({ ...story, articleCount: 4 });
        expect(await store.getStory('nope')).toBeNull();

        const first = await store.listStories({ limit: 2 });
        expect(first.items.map((s) => s.id)).toEqual(['s3', 's2']);
        expect(first.next).not.toBeNull();
        const second = await store.listStories({ limit: 2, before: first.next ?? undefined });
        expect(second.items.map((s) => s.id)).toEqual(['s1']);
        expect(second.next).toBeNull();
        expect((await store.listStories({ limit: 10, section: 'local' })).items.map((s) => s.id)).toEqual([
          's3',
          's1',
        ]);
      });

      it('places articles in stories and copy groups and lists them oldest first', async () => {
        await store.upsertSource(source('okaz'));
        await store.upsertArticles([
          article('a1', { published: '2015-08-06T12:00:00Z' }),
          article('a2', { published: '2015-08-06T13:00:00Z', sourceId: 'okaz' }),
          article('a3', { published: '2015-08-06T12:30:00Z', sourceId: 'okaz' }),
          article('a4', { published: '2015-08-06T14:00:00Z' }),
        ]);
        await expect(store.savePlacement('a1', { storyId: 's1' })).rejects.toThrow(/s1/);
        await store.upsertStory(story);
        await store.savePlacement('a1', { storyId: 's1', duplicateOf: null });
        const changes = {
          of: 'a1',
          titleChanged: true,
          leadChanged: false,
          added: 1,
          cut: 0,
          similarity: 0.82,
        };
        await store.savePlacement('a2', { storyId: 's1', duplicateOf: 'a1', copyChanges: changes });
        await store.savePlacement('a3', { storyId: 's1', duplicateOf: 'a1' });
        await store.savePlacement('a4', { duplicateOf: null });

        expect(ids(await store.listStoryArticles('s1'))).toEqual(['a1', 'a3', 'a2']);
        expect(ids(await store.listCopies('a1'))).toEqual(['a3', 'a2']);
        expect((await store.getArticle('a2'))?.placement).toMatchObject({
          duplicateOf: 'a1',
          storyId: 's1',
          copyChanges: changes,
        });
        expect((await store.getArticle('a3'))?.placement?.copyChanges).toBeNull();
        expect((await store.getArticle('a4'))?.placement).toMatchObject({ duplicateOf: null, storyId: null });
        // The changes stay when only the story moves.
        await store.savePlacement('a2', { storyId: 's1' });
        expect((await store.getArticle('a2'))?.placement?.copyChanges).toEqual(changes);
        await expect(
          store.savePlacement('a3', { copyChanges: { ...changes, added: 'x' as unknown as number } }),
        ).rejects.toThrow(/copy changes/);
        expect(ids((await store.listArticles({ excludeCopies: true, limit: 10 })).items)).toEqual([
          'a4',
          'a1',
        ]);

        // undefined leaves a field alone; null clears it.
        await store.savePlacement('a2', { duplicateOf: null });
        expect((await store.getArticle('a2'))?.placement).toMatchObject({
          duplicateOf: null,
          storyId: 's1',
          copyChanges: null,
        });
        expect(ids(await store.listCopies('a1'))).toEqual(['a3']);

        await expect(store.savePlacement('a1', { duplicateOf: 'a1' })).rejects.toThrow();
        await expect(store.savePlacement('a1', { duplicateOf: 'nope' })).rejects.toThrow(/nope/);
        await expect(store.savePlacement('nope', { storyId: 's1' })).rejects.toThrow(/nope/);
      });

      it('writes a placement round in one piece: its own stories, later placements winning, or nothing', async () => {
        await store.upsertArticles([
          article('a1', { published: '2015-08-06T12:00:00Z' }),
          article('a2', { published: '2015-08-06T13:00:00Z' }),
          article('a3', { published: '2015-08-06T14:00:00Z' }),
        ]);
        const changes = {
          of: 'a1',
          titleChanged: false,
          leadChanged: true,
          added: 0,
          cut: 2,
          similarity: 0.9,
        };
        await store.savePlacements({
          // A story given twice keeps its last state; placements may name a story of the round.
          stories: [story, { ...story, id: 's2' }, { ...story, articleCount: 5 }],
          placements: [
            { articleId: 'a1', placement: { storyId: 's1', duplicateOf: null } },
            { articleId: 'a2', placement: { storyId: 's2', duplicateOf: 'a1', copyChanges: changes } },
            { articleId: 'a3', placement: { storyId: 's1', duplicateOf: 'a1' } },
            // Re-pointed later in the round: the copy group changes, the story stays.
            { articleId: 'a3', placement: { duplicateOf: 'a2', copyChanges: { ...changes, of: 'a2' } } },
          ],
        });
        expect(await store.getStory('s1')).toEqual({ ...story, articleCount: 5 });
        expect((await store.getArticle('a2'))?.placement).toMatchObject({
          storyId: 's2',
          copyChanges: changes,
        });
        expect((await store.getArticle('a3'))?.placement).toMatchObject({
          duplicateOf: 'a2',
          storyId: 's1',
          copyChanges: { ...changes, of: 'a2' },
        });

        // One bad placement and nothing of the round is written, its stories included.
        for (const bad of [
          { articleId: 'nope', placement: { storyId: 's1' } },
          { articleId: 'a2', placement: { duplicateOf: 'gone' } },
          { articleId: 'a2', placement: { storyId: 'missing' } },
        ]) {
          await expect(
            store.savePlacements({
              stories: [{ ...story, id: 's3' }],
              placements: [{ articleId: 'a1', placement: { storyId: 's3' } }, bad],
            }),
          ).rejects.toThrow(/nope|gone|missing/);
        }
        expect(await store.getStory('s3')).toBeNull();
        expect((await store.getArticle('a1'))?.placement?.storyId).toBe('s1');
        await store.savePlacements({});
      });
    });

    describe('persistence', () => {
      it('keeps everything after closing and opening again, twice', async () => {
        await store.upsertArticles([article('a1'), article('a2')]);
        await store.saveAnalysis('a1', {
          tags: ['وسم'],
          entities: [],
          quotedSources: [],
          section: 'culture',
          titleTerms: 'باق',
          terms: '',
        });
        await store.markEntriesSeen('spa', ['https://a/1']);
        await store.close();
        for (let round = 0; round < 2; round++) {
          store = await target.open();
          expect(await store.countArticles()).toBe(2);
          expect((await store.getArticle('a1'))?.analysis?.tags).toEqual(['وسم']);
          expect((await store.searchTerms({ terms: ['باق'], limit: 5 })).map((h) => h.id)).toEqual(['a1']);
          expect(await store.markEntriesSeen('spa', ['https://a/1'])).toEqual([]);
          expect(await store.getSource('spa')).toEqual(source('spa'));
          if (round === 0) await store.close();
        }
      });
    });
  });
}
