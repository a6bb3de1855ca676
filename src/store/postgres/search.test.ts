/**
 * Search on PostgreSQL ranks only the newest matches (`searchCandidates`), found in widening windows of
 * the newest articles through `article_search.sort_time` (migration 0003). The shared contract covers
 * what both engines do; these tests cover the bound, the widening and the copied time.
 */
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { usePostgres } from '../../../test/postgres/cluster.ts';
import type { Article } from '../../model.ts';
import type { AnalysisInput } from '../store.ts';
import { migrationProvider } from './migrations/index.ts';
import { createPool, openPostgresStore, type PostgresStore } from './postgres-store.ts';

const pg = usePostgres();

const HOUR_MS = 3_600_000;
const T0 = Date.parse('2015-08-01T00:00:00Z');
const spa = { id: 'spa', name: 'واس', siteUrl: '', feeds: [], language: 'ar', paused: false };
const okaz = { ...spa, id: 'okaz', name: 'عكاظ' };

const idOf = (i: number) => `a${String(i).padStart(2, '0')}`;
const hourIso = (i: number) => new Date(T0 + i * HOUR_MS).toISOString();

function article(i: number, sourceId = 'spa'): Article {
  return { id: idOf(i), sourceId, url: `https://x/${i}`, title: idOf(i), text: '', published: hourIso(i) };
}

function analysis(titleTerms: string, terms: string): AnalysisInput {
  return { tags: [], entities: [], quotedSources: [], titleTerms, terms };
}

describe.skipIf(pg.skip)('postgres search over the newest matches', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** A store ranking `searchCandidates` matches, in a fresh schema or the given one. */
  async function open(searchCandidates: number, schema?: string, searchTimeoutMs?: number) {
    let name = schema;
    if (name === undefined) {
      const fresh = await pg.freshSchema();
      cleanup.push(fresh.drop);
      name = fresh.schema;
    }
    const store = await openPostgresStore(pg.url(), {
      schema: name,
      searchCandidates,
      ...(searchTimeoutMs === undefined ? {} : { searchTimeoutMs }),
    });
    cleanup.push(() => store.close());
    return { store, schema: name };
  }

  /** A connection to `schema`, for statements the store has no method for. */
  function raw(schema: string): Kysely<unknown> {
    const db = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: createPool(pg.url(), { schema }) }),
    });
    cleanup.push(() => db.destroy());
    return db;
  }

  /**
   * 60 articles an hour apart, all with خبر in the body. The ten oldest and a58 also have it in the
   * title (a better rank). a00-a09 come from okaz, the rest from spa; a05 alone has زلزال.
   */
  async function seed(store: PostgresStore): Promise<void> {
    await store.upsertSource(spa);
    await store.upsertSource(okaz);
    const all = Array.from({ length: 60 }, (_, i) => article(i, i < 10 ? 'okaz' : 'spa'));
    await store.upsertArticles(all);
    await store.saveAnalyses(
      all.map((a, i) => ({
        articleId: a.id,
        analysis: analysis(i < 10 || i === 58 ? 'خبر' : 'عنوان', i === 5 ? 'خبر زلزال' : 'خبر نص'),
      })),
    );
  }

  const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

  it('ranks the newest matches only, best first, and all of them when asked for more', async () => {
    const { store, schema } = await open(3);
    await seed(store);
    // The newest three matches are a57-a59; a58 has the word in its title. The older title hits
    // (a00-a09) rank higher but are not among the newest three.
    const top = await store.searchTerms({ terms: ['خبر'], limit: 3 });
    expect(ids(top)).toEqual(['a58', 'a59', 'a57']);
    expect(top[0]!.score).toBeGreaterThan(top[1]!.score);
    expect(top.map((h) => (h as { sortTime?: string }).sortTime)).toEqual([58, 59, 57].map(hourIso));
    // limit + offset beyond the bound: that many newest matches are ranked, so pages stay whole.
    const deeper = await store.searchTerms({ terms: ['خبر'], limit: 5, offset: 5 });
    expect(ids(deeper)).toEqual(['a54', 'a53', 'a52', 'a51', 'a50']);

    // The same data ranked over every match puts the older title hits first, newest first among equals.
    const { store: everything } = await open(Number.POSITIVE_INFINITY, schema);
    expect(ids(await everything.searchTerms({ terms: ['خبر'], limit: 3 }))).toEqual(['a58', 'a09', 'a08']);
  });

  it('stops a search that runs past the search timeout, with an error saying so, and the store goes on', async () => {
    const { store, schema } = await open(3, undefined, 300);
    await seed(store);
    // Another session holds the search table: the search waits on its lock until the timeout stops it.
    const holder = raw(schema);
    await holder.transaction().execute(async (tx) => {
      await sql`lock table article_search in access exclusive mode`.execute(tx);
      const started = Date.now();
      await expect(store.searchTerms({ terms: ['خبر'], limit: 3 })).rejects.toThrow(
        /search stopped after 0.3 s/,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
    });
    // The lock is gone and so is the wait: the same store searches again.
    expect(ids(await store.searchTerms({ terms: ['زلزال'], limit: 3 }))).toEqual(['a05']);
  });

  it('widens past the newest windows when they hold too few matches', async () => {
    const { store, schema } = await open(2);
    await seed(store);
    // The first window holds the newest 32 articles (16 × 2, no statistics yet); a05 lies outside it.
    expect(ids(await store.searchTerms({ terms: ['زلزال'], limit: 10 }))).toEqual(['a05']);
    expect(ids(await store.searchTerms({ terms: ['خبر', 'زلزال'], limit: 10 }))).toEqual(['a05']);
    expect(ids(await store.searchTerms({ terms: ['خبر', 'نص'], limit: 2 }))).toEqual(['a58', 'a59']);
    // Filters count before the bound: the newest two okaz matches, far behind the newest spa ones.
    const filtered = await store.searchTerms({ terms: ['خبر'], filters: { sourceId: 'okaz' }, limit: 2 });
    expect(ids(filtered)).toEqual(['a09', 'a08']);
    const window = { from: hourIso(20), to: hourIso(30) };
    expect(ids(await store.searchTerms({ terms: ['خبر'], filters: window, limit: 2 }))).toEqual([
      'a30',
      'a29',
    ]);
    // With planner statistics a window wider than the table is known for one without looking (a new
    // store: windows are remembered for minutes).
    await sql`analyze article_search`.execute(raw(schema));
    const { store: analyzed } = await open(2, schema);
    expect(ids(await analyzed.searchTerms({ terms: ['زلزال'], limit: 10 }))).toEqual(['a05']);
    const since = { from: hourIso(6) };
    expect(await analyzed.searchTerms({ terms: ['زلزال'], filters: since, limit: 10 })).toEqual([]);
  });

  it('follows an article whose publication time changes', async () => {
    const { store } = await open(1);
    await store.upsertSource(spa);
    await store.upsertArticles([article(1), article(2)]);
    await store.saveAnalysis('a01', analysis('خبر', ''));
    await store.saveAnalysis('a02', analysis('خبر', ''));
    expect(ids(await store.searchTerms({ terms: ['خبر'], limit: 1 }))).toEqual(['a02']);
    // Re-ingested with a later date: it is now the newest match.
    await store.upsertArticles([{ ...article(1), published: hourIso(3), text: 'مصحح' }]);
    const [hit] = await store.searchTerms({ terms: ['خبر'], limit: 1 });
    expect(hit).toMatchObject({ id: 'a01', sortTime: hourIso(3) });
  });

  it('skips old postings with sort_time in the GIN index, or does without it where btree_gin is refused', async () => {
    const indexOf = async (db: Kysely<unknown>, schema: string) =>
      (
        await sql<{ def: string }>`select indexdef as def from pg_indexes
          where schemaname = ${schema} and indexname = 'article_search_terms'`.execute(db)
      ).rows[0]?.def;
    const { store, schema } = await open(2);
    await seed(store);
    expect(await indexOf(raw(schema), schema)).toMatch(/gin \(search, sort_time\)/);

    // A role that may not create extensions (no CREATE on the database), in a schema of its own.
    const role = `naba_plain_${process.pid}`;
    const admin = raw('public');
    await sql`create role ${sql.id(role)} login`.execute(admin);
    cleanup.push(async () => {
      await sql`drop schema if exists ${sql.id(role)} cascade`.execute(admin);
      await sql`drop role ${sql.id(role)}`.execute(admin);
    });
    await sql`create schema ${sql.id(role)} authorization ${sql.id(role)}`.execute(admin);
    await sql`alter role ${sql.id(role)} set search_path = ${sql.id(role)}`.execute(admin);
    await sql`drop extension btree_gin cascade`.execute(admin);
    const plain = await openPostgresStore(pg.url().replace(/\/\/[^@/]*@/, `//${role}@`), {
      searchCandidates: 2,
    });
    cleanup.push(() => plain.close());
    await seed(plain);
    expect(await indexOf(admin, role)).toMatch(/gin \(search\)/);
    expect(ids(await plain.searchTerms({ terms: ['زلزال'], limit: 10 }))).toEqual(['a05']);
    expect(ids(await plain.searchTerms({ terms: ['خبر'], limit: 2 }))).toEqual(['a58', 'a59']);
  });

  it('gives rows indexed before migration 0003 their article time', async () => {
    const { schema, drop } = await pg.freshSchema();
    cleanup.push(drop);
    const db = raw(schema);
    const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
    expect((await migrator.migrateTo('0002_copy_changes')).error).toBeUndefined();
    await sql`insert into sources (id, name, site_url, language) values ('spa', 'واس', '', 'ar')`.execute(db);
    for (const i of [1, 2]) {
      await sql`insert into articles (id, source_id, url, title, text, fetched_at, sort_time, content_hash,
          updated_at)
        values (${idOf(i)}, 'spa', '', '', '', ${hourIso(i)}, ${hourIso(i)}, '', now())`.execute(db);
    }
    await sql`insert into article_search (seq, search)
      select seq, setweight(to_tsvector('simple', 'خبر'), 'A') from articles`.execute(db);
    const { store } = await open(1, schema);
    const hits = await store.searchTerms({ terms: ['خبر'], limit: 5 });
    expect(hits.map((h) => [h.id, (h as { sortTime?: string }).sortTime])).toEqual([
      ['a02', hourIso(2)],
      ['a01', hourIso(1)],
    ]);
    const times = await sql<{ n: number }>`select count(*)::int as n from article_search s
      join articles a on a.seq = s.seq where s.sort_time = a.sort_time`.execute(db);
    expect(times.rows[0]!.n).toBe(2);
  });
});
