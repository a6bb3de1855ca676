import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usePostgres } from '../../test/postgres/cluster.ts';
import { sqlitePathOf } from '../cli/commands/migrate-store.ts';
import type { Article, Source } from '../model.ts';
import { type MigrateProgress, migrateSqliteToPostgres } from './migrate.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store, StoredArticle } from './store.ts';

const pg = usePostgres();

function source(id: string, extra: Partial<Source> = {}): Source {
  return {
    id,
    name: `مصدر ${id}`,
    siteUrl: `https://${id}.example/`,
    feeds: [`https://${id}.example/rss`],
    language: 'ar',
    paused: false,
    ...extra,
  };
}

function article(id: string, sourceId: string, published: string, extra: Partial<Article> = {}): Article {
  return {
    id,
    sourceId,
    url: `https://${sourceId}.example/${id}`,
    title: `عنوان ${id}`,
    text: `نص الخبر ${id}`,
    published,
    fetchedAt: '2015-08-07T12:00:00.000Z',
    ...extra,
  };
}

const none = { tags: [], entities: [], quotedSources: [] };

/** A small store with one of everything, including a copy stored before its original. */
async function fill(store: Store): Promise<void> {
  await store.upsertSource(source('spa'));
  await store.upsertSource(source('okaz', { paused: true, feeds: [] }));
  await store.recordFetch('spa', {
    ok: false,
    error: 'fetch: timeout after 30000 ms (https://spa.example/rss)',
    at: '2015-08-07T10:00:00.000Z',
    nextFetchAt: '2015-08-07T10:30:00.000Z',
    intervalSeconds: 1800,
    consecutiveFailures: 1,
  });
  await store.setFeedCache('https://spa.example/rss', {
    etag: 'W/"1"',
    lastModified: null,
    checkedAt: '2015-08-07T10:00:00Z',
  });
  await store.markEntriesSeen('spa', ['https://spa.example/1', 'https://spa.example/2']);
  await store.upsertArticles([
    // The copy comes first in insertion order: its original is stored after it.
    article('copy', 'okaz', '2015-08-06T13:00:00+03:00'),
    article('orig', 'spa', '2015-08-06T12:00:00+03:00', {
      publisherTags: ['أمن', 'عسير'],
      quotes: [{ platform: 'x', handle: '@spagov', text: 'تغريدة' }],
      canonicalUrl: 'https://spa.example/orig',
    }),
    article('other', 'spa', 'الخميس 6 أغسطس'),
    article('plain', 'spa', '2015-08-05T09:00:00Z'),
  ]);
  await store.upsertStory({
    id: 's1',
    headline: 'تفجير مسجد في أبها',
    headlineArticleId: 'orig',
    firstSeen: '2015-08-06T09:00:00.000Z',
    lastUpdate: '2015-08-06T10:00:00+00:00',
    articleCount: 2,
    sourceCount: 2,
    section: 'local',
  });
  await store.saveAnalysis('orig', {
    tags: ['مسجد'],
    entities: [{ text: 'أبها', type: 'LOC', key: 'ابها' }],
    section: 'local',
    quotedSources: [{ name: 'واس', text: 'وأوضح المتحدث' }],
    titleTerms: 'تفجير مسجد ابه',
    terms: 'قتل مصل صلا جمعه',
  });
  await store.saveAnalysis('copy', { ...none, titleTerms: 'حادث امن', terms: 'وقع تفجير مسجد ابه' });
  await store.saveAnalysis('other', { ...none, titleTerms: 'ولي عهد', terms: '' });
  await store.savePlacement('orig', { storyId: 's1', duplicateOf: null });
  await store.savePlacement('copy', { storyId: 's1', duplicateOf: 'orig' });
  // Analysis saved, then the content changed: stale must survive the move.
  await store.upsertArticles([article('other', 'spa', 'الخميس 6 أغسطس', { text: 'نص مصحح' })]);
}

async function everything(store: Store): Promise<StoredArticle[]> {
  const out: StoredArticle[] = [];
  for await (const a of store.iterateArticles({ batchSize: 2 })) out.push(a);
  return out;
}

describe('sqlitePathOf', () => {
  it.each([
    ['sqlite:./naba.db', './naba.db'],
    ['sqlite:/var/lib/naba/naba.db', '/var/lib/naba/naba.db'],
    ['./naba.db', './naba.db'],
  ])('%s → %s', (spec, path) => {
    expect(sqlitePathOf(spec)).toBe(path);
  });

  it.each([['postgres://naba@db/naba'], ['sqlite:']])('refuses %s', (spec) => {
    expect(() => sqlitePathOf(spec)).toThrow(/^migrate-store: --from/);
  });
});

describe.skipIf(pg.skip)('migrate SQLite → PostgreSQL', () => {
  let dir: string;
  let sqlitePath: string;
  let schema: string;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'naba-migrate-'));
    sqlitePath = join(dir, 'naba.db');
    const lite = await openSqliteStore(sqlitePath);
    await fill(lite);
    await lite.close();
    ({ schema, drop } = await pg.freshSchema());
  });

  afterEach(async () => {
    await drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('copies every table, verifies it, and reads back the same through the Store interface', async () => {
    const progress: MigrateProgress[] = [];
    const summary = await migrateSqliteToPostgres(sqlitePath, pg.url(), {
      batchSize: 2,
      postgres: { schema },
      onProgress: (p) => progress.push(p),
    });
    expect(summary.checks.filter((c) => !c.match)).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(summary.copied).toMatchObject({
      sources: 2,
      source_state: 1,
      feed_cache: 1,
      seen_entries: 2,
      stories: 1,
      articles: 4,
      search: 3,
      placements: 1,
    });
    expect(Object.fromEntries(summary.checks.map((c) => [c.table, c.postgres.count]))).toEqual({
      sources: 2,
      source_state: 1,
      feed_cache: 1,
      seen_entries: 2,
      stories: 1,
      articles: 4,
      analysis: 3,
      placements: 2,
      search: 3,
    });
    expect(progress.filter((p) => p.step === 'articles').at(-1)).toEqual({
      step: 'articles',
      done: 4,
      total: 4,
    });

    const lite = await openSqliteStore(sqlitePath);
    const pgs = await openPostgresStore(pg.url(), { schema });
    try {
      // Same rows, same order, same analysis (stale included) and placement.
      expect(await everything(pgs)).toEqual(await everything(lite));
      expect(await pgs.listSources()).toEqual(await lite.listSources());
      expect(await pgs.getSourceState('spa')).toEqual(await lite.getSourceState('spa'));
      expect(await pgs.getFeedCache('https://spa.example/rss')).toEqual(
        await lite.getFeedCache('https://spa.example/rss'),
      );
      expect(await pgs.markEntriesSeen('spa', ['https://spa.example/1', 'https://spa.example/3'])).toEqual([
        'https://spa.example/3',
      ]);
      expect(await pgs.getStory('s1')).toEqual(await lite.getStory('s1'));
      expect((await pgs.listCopies('orig')).map((s) => s.article.id)).toEqual(['copy']);
      expect((await pgs.getArticle('other'))?.analysis?.stale).toBe(true);

      // The search terms came back out of the contentless FTS5 index.
      const search = async (store: Store, terms: string[], phrase = false) =>
        (await store.searchTerms({ terms, phrase, limit: 10 })).map((h) => h.id);
      expect(await search(pgs, ['تفجير', 'مسجد'])).toEqual(['orig', 'copy']);
      expect(await search(pgs, ['تفجير', 'مسجد'])).toEqual(await search(lite, ['تفجير', 'مسجد']));
      expect(await search(pgs, ['ولي', 'عهد'], true)).toEqual(['other']);
      expect(await search(pgs, ['جمعه'])).toEqual(['orig']);

      // Same content hash recipe: re-ingesting a migrated article changes nothing.
      const stored = await pgs.getArticle('orig');
      expect(await pgs.upsertArticles([stored!.article])).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    } finally {
      await lite.close();
      await pgs.close();
    }
  });

  it('converges on a re-run and reports a table that differs', async () => {
    await migrateSqliteToPostgres(sqlitePath, pg.url(), { postgres: { schema } });
    const pgs = await openPostgresStore(pg.url(), { schema });
    try {
      // Damage the copy: a changed title and a cleared copy link are repaired by the next run.
      await pgs.upsertArticles([{ ...(await pgs.getArticle('plain'))!.article, title: 'عنوان آخر' }]);
      await pgs.savePlacement('copy', { duplicateOf: null });
      const again = await migrateSqliteToPostgres(sqlitePath, pg.url(), { postgres: { schema } });
      expect(again.ok).toBe(true);
      expect((await pgs.getArticle('plain'))?.article.title).toBe('عنوان plain');
      expect((await pgs.getArticle('copy'))?.placement?.duplicateOf).toBe('orig');
      expect(await pgs.countArticles()).toBe(4);

      // An article only PostgreSQL has is not the SQLite store's: the check says so.
      await pgs.upsertArticles([article('extra', 'spa', '2015-08-08T00:00:00Z')]);
      const third = await migrateSqliteToPostgres(sqlitePath, pg.url(), { postgres: { schema } });
      expect(third.ok).toBe(false);
      const articles = third.checks.find((c) => c.table === 'articles');
      expect(articles).toMatchObject({ match: false, sqlite: { count: 4 }, postgres: { count: 5 } });
      expect(third.checks.filter((c) => !c.match).map((c) => c.table)).toEqual(['articles']);
    } finally {
      await pgs.close();
    }
  });

  it('refuses a file that is not a naba store, naming it', async () => {
    await expect(migrateSqliteToPostgres(join(dir, 'missing.db'), pg.url())).rejects.toThrow(
      /^migrate-store: no SQLite file at .*missing\.db/,
    );
  });
});
