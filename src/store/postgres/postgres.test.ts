import { Kysely, PostgresDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { usePostgres } from '../../../test/postgres/cluster.ts';
import { runStoreContract } from '../contract.ts';
import { openStore } from '../open.ts';
import { createPool, openPostgresStore, redactUrl, withExplicitUser } from './postgres-store.ts';

const pg = usePostgres();

const source = { id: 'spa', name: 'واس', siteUrl: '', feeds: [], language: 'ar', paused: false };

describe.skipIf(pg.skip)('postgres', () => {
  runStoreContract({
    name: 'postgres',
    async newStore() {
      const { schema, drop } = await pg.freshSchema();
      return { open: () => openPostgresStore(pg.url(), { schema, maxConnections: 4 }), destroy: drop };
    },
  });

  describe('postgres specifics', () => {
    it('applies each migration once, in the schema it was given', async () => {
      const { schema, drop } = await pg.freshSchema();
      try {
        await (await openPostgresStore(pg.url(), { schema })).close();
        await (await openPostgresStore(pg.url(), { schema })).close();
        const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(pg.url()) }) });
        try {
          const names = await sql<{
            name: string;
          }>`select name from ${sql.id(schema, 'kysely_migration')}`.execute(db);
          expect(names.rows.map((r) => r.name)).toEqual([
            '0001_init',
            '0002_copy_changes',
            '0003_search_sort_time',
          ]);
          const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables
            where table_schema = ${schema} and table_name in ('articles', 'article_search')
            order by table_name`.execute(db);
          expect(tables.rows.map((r) => r.table_name)).toEqual(['article_search', 'articles']);
        } finally {
          await db.destroy();
        }
      } finally {
        await drop();
      }
    });

    it('keeps stores in different schemas of one database apart', async () => {
      const one = await pg.freshSchema();
      const two = await pg.freshSchema();
      const a = await openPostgresStore(pg.url(), { schema: one.schema });
      const b = await openPostgresStore(pg.url(), { schema: two.schema });
      try {
        await a.upsertSource(source);
        await a.upsertArticles([{ id: 'a1', sourceId: 'spa', url: 'https://x/1', title: 'ا', text: 'ب' }]);
        expect(await a.countArticles()).toBe(1);
        expect(await b.listSources()).toEqual([]);
        expect(await b.countArticles()).toBe(0);
      } finally {
        await a.close();
        await b.close();
        await one.drop();
        await two.drop();
      }
    });

    it('lets two stores write overlapping batches at once, each id stored once and iterated once', async () => {
      const { schema, drop } = await pg.freshSchema();
      const setup = await openPostgresStore(pg.url(), { schema });
      await setup.upsertSource(source);
      await setup.close();
      const writers = [0, 1].map(() => openPostgresStore(pg.url(), { schema, maxConnections: 2 }));
      const [one, two] = await Promise.all(writers);
      try {
        // Ids 0-149 in both writers' batches: whoever commits second finds them known.
        const batch = (prefix: string, b: number) =>
          Array.from({ length: 100 }, (_, i) => {
            const n = b * 50 + i;
            return {
              id: n < 150 ? `shared-${n}` : `${prefix}-${n}`,
              sourceId: 'spa',
              url: '',
              title: 'عنوان',
              text: 'نص',
            };
          });
        const run = async (store: typeof one, prefix: string) => {
          const totals = { inserted: 0, updated: 0, unchanged: 0 };
          for (let b = 0; b < 5; b++) {
            const r = await store!.upsertArticles(batch(prefix, b));
            totals.inserted += r.inserted;
            totals.unchanged += r.unchanged;
          }
          return totals;
        };
        const [a, b] = await Promise.all([run(one, 'one'), run(two, 'two')]);
        // 150 shared ids + 2 × 150 own ones (ids 150-299 per writer).
        expect(await one!.countArticles()).toBe(450);
        expect(a.inserted + b.inserted).toBe(450);
        const seen: string[] = [];
        for await (const s of one!.iterateArticles({ batchSize: 64 })) seen.push(s.article.id);
        expect(new Set(seen).size).toBe(450);
        expect(seen).toHaveLength(450);
      } finally {
        await one?.close();
        await two?.close();
        await drop();
      }
    });

    it('saves analyses in bulk as saveAnalysis saves them one by one, or none on an unknown id', async () => {
      const { schema, drop } = await pg.freshSchema();
      const store = await openPostgresStore(pg.url(), { schema });
      try {
        await store.upsertSource(source);
        const article = (id: string) => ({
          id,
          sourceId: 'spa',
          url: `https://x/${id}`,
          title: id,
          text: '',
        });
        await store.upsertArticles(['one', 'bulk', 'bare', 'later'].map(article));
        const analysis = {
          tags: ['اقتصاد'],
          entities: [{ key: 'org:ارامكو', text: 'أرامكو', type: 'ORG' }],
          section: 'economy',
          quotedSources: [{ name: 'واس', text: 'قالت واس' }],
          titleTerms: 'ارامكو نفط',
          terms: 'سعر نفط خام',
        };
        await store.saveAnalysis('one', analysis);
        await store.saveAnalyses([
          { articleId: 'bulk', analysis: { ...analysis, section: 'sports' } },
          { articleId: 'bare', analysis: { tags: [], entities: [], quotedSources: [] } },
          // Given twice: the last one counts, as with two saveAnalysis calls.
          { articleId: 'bulk', analysis },
        ]);
        const [one, bulk, bare, later] = await store.getArticlesByIds(['one', 'bulk', 'bare', 'later']);
        const { analyzedAt: _a, ...expected } = one!.analysis!;
        const { analyzedAt: _b, ...got } = bulk!.analysis!;
        expect(got).toEqual(expected);
        expect(bare!.analysis).toMatchObject({ tags: [], section: null, stale: false });
        expect(later!.analysis).toBeUndefined();
        const hits = await store.searchTerms({ terms: ['نفط'], limit: 10 });
        expect(hits.map((h) => h.id).sort()).toEqual(['bulk', 'one']);
        expect(hits[0]!.score).toBeCloseTo(hits[1]!.score, 6);

        await expect(
          store.saveAnalyses([
            { articleId: 'later', analysis },
            { articleId: 'nowhere', analysis },
          ]),
        ).rejects.toThrow(/unknown article "nowhere"/);
        expect((await store.getArticle('later'))!.analysis).toBeUndefined();
        expect(await store.searchTerms({ terms: ['خام'], limit: 10 })).toHaveLength(2);
      } finally {
        await store.close();
        await drop();
      }
    });

    it('ranks a rare word above a common one when any word may match, as bm25 does', async () => {
      const { schema, drop } = await pg.freshSchema();
      const store = await openPostgresStore(pg.url(), { schema });
      try {
        await store.upsertSource(source);
        // The rare word's article is the oldest: ordered by time alone it would come last.
        const ids = ['rare', 'c1', 'c2', 'c3', 'c4'];
        await store.upsertArticles(
          ids.map((id, i) => ({
            id,
            sourceId: 'spa',
            url: `https://x/${id}`,
            title: id,
            text: '',
            published: `2015-08-0${i + 1}T10:00:00Z`,
          })),
        );
        for (const id of ids) {
          await store.saveAnalysis(id, {
            tags: [],
            entities: [],
            quotedSources: [],
            titleTerms: id === 'rare' ? 'زلزال' : 'خبر',
            terms: 'نص',
          });
        }
        const hits = await store.searchTerms({ terms: ['خبر', 'زلزال'], match: 'any', limit: 10 });
        expect(hits.map((h) => h.id)).toEqual(['rare', 'c4', 'c3', 'c2', 'c1']);
        expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
      } finally {
        await store.close();
        await drop();
      }
    });

    it('does not match a phrase across the end of the title and the start of the body', async () => {
      const { schema, drop } = await pg.freshSchema();
      const store = await openPostgresStore(pg.url(), { schema });
      try {
        await store.upsertSource(source);
        await store.upsertArticles([
          { id: 'a1', sourceId: 'spa', url: 'https://x/1', title: 'ا', text: 'ب' },
        ]);
        await store.saveAnalysis('a1', {
          tags: [],
          entities: [],
          quotedSources: [],
          titleTerms: 'قمه عربي',
          terms: 'رياض اجتماع',
        });
        const phrase = (terms: string[]) => store.searchTerms({ terms, phrase: true, limit: 5 });
        expect((await phrase(['قمه', 'عربي'])).map((h) => h.id)).toEqual(['a1']);
        expect((await phrase(['رياض', 'اجتماع'])).map((h) => h.id)).toEqual(['a1']);
        expect(await phrase(['عربي', 'رياض'])).toEqual([]);
        // Across fields without `phrase`, both words must still be found.
        expect((await store.searchTerms({ terms: ['عربي', 'رياض'], limit: 5 })).map((h) => h.id)).toEqual([
          'a1',
        ]);
      } finally {
        await store.close();
        await drop();
      }
    });

    it('orders ids byte-wise in a database whose default collation is linguistic', async () => {
      const database = `naba_icu_${process.pid}`;
      const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(pg.url()) }) });
      await sql`create database ${sql.id(database)} template template0 locale_provider icu icu_locale 'en-US' locale 'C.UTF-8'`.execute(
        admin,
      );
      const url = pg.urlFor(database);
      try {
        const store = await openPostgresStore(url);
        try {
          const ids = ['a-b', 'aB', 'ab', 'a_b', 'Ab', 'ب', 'ا', 'b'];
          for (const id of ids) await store.upsertSource({ ...source, id });
          // en-US would give a-b, a_b, ab, aB, Ab, b, ا, ب.
          expect((await store.listSources()).map((s) => s.id)).toEqual(
            [...ids].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
          );
        } finally {
          await store.close();
        }
      } finally {
        await sql`drop database ${sql.id(database)}`.execute(admin);
        await admin.destroy();
      }
    });

    it('connects without $USER and opens through openStore when a database URL is configured', async () => {
      const { schema, drop } = await pg.freshSchema();
      const saved = process.env.USER;
      delete process.env.USER;
      try {
        const url = new URL(pg.url().replace('@/', '@localhost/'));
        const user = url.username;
        // The same server, named without a user in the URL.
        const bare = pg.url().replace(`${user}@`, '');
        const previousPgUser = process.env.PGUSER;
        process.env.PGUSER = user;
        try {
          expect(withExplicitUser(bare)).toContain(`user=${user}`);
          const store = await openStore({ dbPath: '/nonexistent/naba.db', databaseUrl: bare }, { schema });
          await store.upsertSource(source);
          expect((await store.listSources()).map((s) => s.id)).toEqual(['spa']);
          await store.close();
        } finally {
          if (previousPgUser === undefined) delete process.env.PGUSER;
          else process.env.PGUSER = previousPgUser;
        }
      } finally {
        if (saved !== undefined) process.env.USER = saved;
        await drop();
      }
    });

    it('names the server without its password when it cannot connect', async () => {
      await expect(
        openPostgresStore('postgres://naba:secret@127.0.0.1:1/naba?connect_timeout=2'),
      ).rejects.toThrow(/^store: cannot connect to postgres:\/\/naba:\*\*\*@127\.0\.0\.1:1\/naba/);
      expect(redactUrl('postgres://u:p@h/db')).toBe('postgres://u:***@h/db');
    });
  });
});
