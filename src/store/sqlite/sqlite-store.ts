/**
 * The embedded store: one SQLite file (better-sqlite3, WAL) queried through Kysely. All SQL of the
 * embedded default lives in this folder.
 */
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  type RawBuilder,
  type Selectable,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
  sql,
} from 'kysely';
import type { Article, Source, SourceState } from '../../model.ts';
import { checkPlanned, contentHash, planPlacements, validateArticle } from '../article-record.ts';
import type {
  AnalysisInput,
  ArticleCursor,
  ArticleListQuery,
  CopyChanges,
  FeedCacheEntry,
  FetchRecord,
  Page,
  PlacementInput,
  PlacementRound,
  PositionedArticle,
  SearchHit,
  SearchQuery,
  Store,
  StoredArticle,
  Story,
  StoryCursor,
  StoryListQuery,
  UpsertResult,
} from '../store.ts';
import { isoFromMs, parseTime, requireTime } from '../time.ts';
import { ftsMatchExpression } from './fts-query.ts';
import { migrationProvider } from './migrations/index.ts';
import type { ArticlesTable, Database, SourceStateTable, SourcesTable, StoriesTable } from './schema.ts';

export interface SqliteStoreOptions {
  /** How long a writer waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
  /**
   * Search ranks at most this many matches, the newest (default 2,000, or `limit + offset` when more);
   * `Infinity` ranks every match. See `searchTerms`.
   */
  searchCandidates?: number;
}

type ArticleRow = Selectable<ArticlesTable>;

// SQLite allows 32766 bound parameters; IN lists stay far below that.
const IN_CHUNK = 500;
/** Stories per insert in a placement round (11 columns each, under SQLite's variable limit). */
const STORY_CHUNK = 500;
const STATEMENT_CACHE_SIZE = 200;

// SQLite can run DDL inside a transaction; Kysely's adapter says it cannot, which would leave a
// half-applied migration behind after a crash.
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class NabaSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

// Kysely's driver prepares every query anew; reusing statements roughly halves the cost of a write.
function withStatementCache(db: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare(text: string): SqliteStatement {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = db.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement as unknown as SqliteStatement;
    },
  };
}

/**
 * Open (creating if needed) the SQLite file at `path` and bring its schema up to date. Share one store
 * per process: better-sqlite3 is synchronous, so a second connection in the same process waiting for
 * the first one's write lock would block the very thread that has to release it.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(path, { timeout: options.busyTimeoutMs ?? 5000 });
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    // In WAL mode NORMAL still keeps every committed transaction across a process crash.
    raw.pragma('synchronous = NORMAL');
  } catch (error) {
    throw new Error(`store: cannot open ${path}: ${message(error)}`);
  }
  const db = new Kysely<Database>({ dialect: new NabaSqliteDialect({ database: withStatementCache(raw) }) });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw new Error(`store: cannot migrate ${path}: ${message(error)}`);
  }
  return new SqliteStore(db, options);
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  let { error, results } = await migrator.migrateToLatest();
  // Two processes opening a fresh file at once: the loser's snapshot is stale; its second look sees
  // the winner's migrations as done.
  if (error) ({ error, results } = await migrator.migrateToLatest());
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`${failed ? `migration ${failed.migrationName}: ` : ''}${message(error)}`);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function limitOf(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
}

/** A hit with its article's ordering time, which the site's search uses instead of loading the article. */
type TimedHit = SearchHit & { sortTime: string };
/** A match found in a window of the newest articles. */
type WindowRow = { seq: number; id: string; sort_ms: number };
/** A match with its bm25 as FTS5 gives it (lower is better). */
type RankedMatch = { seq: number; rank: number };
/** Every match of a MATCH expression with its bm25, best first, at one data version. */
type RankMemo = { key: string; version: string; all: RankedMatch[]; ranks?: Map<number, number> };

/** The ranks of a memo by seq (built on first use). */
function ranksOf(memo: RankMemo): Map<number, number> {
  memo.ranks ??= new Map(memo.all.map((m) => [m.seq, m.rank]));
  return memo.ranks;
}

const SEARCH_CANDIDATES = 2000;
// A query with at most this many times the bound in matches is ranked over all of them: bm25 over up to
// 16,000 matches costs milliseconds to tens of them, while the windows holding 2,000 of so rare a match
// would span much of the time index (at one match in 500 articles, all of it at 1M).
const RANK_ALL_FACTOR = 8;
// Kept bm25 results, one per MATCH expression: the site's search asks one query twice (its main pass and
// the last 30 days), and a web server may serve a few at once.
const RANK_MEMOS = 4;
// Where the matches since a `from` bound start is read off the time index, up to this many articles
// (30 days are 46,240 of the 1M bench store); further back, kept ranks of every match are not used.
const SINCE_SCAN = 65_536;
// Windows are sized to hold WINDOW_SLACK × n matches; one that held too few is followed by one sized at
// the rate of matches it found.
const WINDOW_SLACK = 1.5;

/** Window sizes in steps of 2^(1/4), so statements see few distinct LIMITs. */
function windowSize(articles: number): number {
  return Math.round(2 ** (Math.ceil(4 * Math.log2(Math.max(1, articles))) / 4));
}

/** The store-side search filters as conditions on `articles`. */
function articleConditions(filters: NonNullable<SearchQuery['filters']>): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  if (filters.sourceId !== undefined) conditions.push(sql<boolean>`articles.source_id = ${filters.sourceId}`);
  if (filters.section !== undefined) conditions.push(sql<boolean>`articles.section = ${filters.section}`);
  if (filters.from !== undefined)
    conditions.push(sql<boolean>`articles.sort_ms >= ${requireTime(filters.from, 'from')}`);
  if (filters.to !== undefined)
    conditions.push(sql<boolean>`articles.sort_ms <= ${requireTime(filters.to, 'to')}`);
  if (filters.excludeCopies) conditions.push(sql<boolean>`articles.duplicate_of IS NULL`);
  return conditions;
}

/** The columns that come from the article itself (not analysis, placement or first-seen time). */
function contentColumns(a: Article) {
  const publishedMs = parseTime(a.published);
  const urlKey = a.canonicalUrl || a.url || null;
  return {
    source_id: a.sourceId,
    url: a.url,
    canonical_url: a.canonicalUrl ?? null,
    url_key: urlKey,
    title: a.title,
    text: a.text,
    html: a.html ?? null,
    author: a.author ?? null,
    published: a.published ?? null,
    published_ms: publishedMs,
    modified: a.modified ?? null,
    image: a.image ?? null,
    language: a.language ?? null,
    publisher_section: a.section ?? null,
    publisher_tags: jsonOrNull(a.publisherTags),
    source_line: a.sourceLine ?? null,
    quotes: jsonOrNull(a.quotes),
  };
}

function rowToStored(r: ArticleRow): StoredArticle {
  const article: Article = { id: r.id, sourceId: r.source_id, url: r.url, title: r.title, text: r.text };
  if (r.canonical_url !== null) article.canonicalUrl = r.canonical_url;
  if (r.html !== null) article.html = r.html;
  if (r.author !== null) article.author = r.author;
  if (r.published !== null) article.published = r.published;
  if (r.modified !== null) article.modified = r.modified;
  if (r.image !== null) article.image = r.image;
  if (r.language !== null) article.language = r.language;
  if (r.publisher_section !== null) article.section = r.publisher_section;
  if (r.publisher_tags !== null) article.publisherTags = parseJson(r.publisher_tags, []);
  if (r.source_line !== null) article.sourceLine = r.source_line;
  if (r.quotes !== null) article.quotes = parseJson(r.quotes, []);
  article.fetchedAt = r.fetched_at;
  const stored: StoredArticle = { article, sortTime: isoFromMs(r.sort_ms) };
  if (r.analyzed_at !== null) {
    stored.analysis = {
      tags: parseJson(r.tags, []),
      entities: parseJson(r.entities, []),
      section: r.section,
      quotedSources: parseJson(r.quoted_sources, []),
      analyzedAt: r.analyzed_at,
      stale: r.analysis_hash !== r.content_hash,
    };
  }
  if (r.placed_at !== null) {
    stored.placement = {
      duplicateOf: r.duplicate_of,
      storyId: r.story_id,
      copyChanges: parseJson<CopyChanges | null>(r.copy_changes, null),
      placedAt: r.placed_at,
    };
  }
  return stored;
}

function rowToSource(r: Selectable<SourcesTable>): Source {
  return {
    id: r.id,
    name: r.name,
    siteUrl: r.site_url,
    feeds: parseJson(r.feeds, []),
    language: r.language,
    paused: r.paused === 1,
  };
}

function rowToState(sourceId: string, r: Selectable<SourceStateTable> | undefined): SourceState {
  return {
    sourceId,
    lastFetchAt: r?.last_fetch_at ?? null,
    lastSuccessAt: r?.last_success_at ?? null,
    nextFetchAt: r?.next_fetch_at ?? null,
    consecutiveFailures: r?.consecutive_failures ?? 0,
    lastError: r?.last_error ?? null,
    intervalSeconds: r?.interval_seconds ?? 0,
  };
}

function rowToStory(r: Selectable<StoriesTable>): Story {
  return {
    id: r.id,
    headline: r.headline,
    headlineArticleId: r.headline_article_id,
    firstSeen: r.first_seen,
    lastUpdate: r.last_update,
    articleCount: r.article_count,
    sourceCount: r.source_count,
    section: r.section,
  };
}

export class SqliteStore implements Store {
  readonly #db: Kysely<Database>;
  readonly #candidates: number;
  #rankMemos: RankMemo[] = [];

  constructor(db: Kysely<Database>, options: Pick<SqliteStoreOptions, 'searchCandidates'> = {}) {
    this.#db = db;
    const candidates = options.searchCandidates ?? SEARCH_CANDIDATES;
    this.#candidates =
      candidates === Number.POSITIVE_INFINITY ? candidates : Math.max(1, limitOf(candidates));
  }

  /**
   * One write transaction on the single connection. BEGIN IMMEDIATE takes the write lock up front, so
   * a read-then-write batch cannot fail half-way because another process wrote in between.
   */
  async #write<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.#db.connection().execute(async (conn) => {
      await sql.raw('BEGIN IMMEDIATE').execute(conn);
      try {
        const result = await work(conn);
        await sql.raw('COMMIT').execute(conn);
        return result;
      } catch (error) {
        // SQLite may already have rolled back (e.g. disk full); the original error is what matters.
        await sql
          .raw('ROLLBACK')
          .execute(conn)
          .catch(() => undefined);
        throw error;
      }
    });
  }

  // Sources

  async upsertSource(source: Source): Promise<void> {
    if (typeof source?.id !== 'string' || source.id === '') throw new Error('store: source has no id');
    const row = {
      id: source.id,
      name: source.name ?? source.id,
      site_url: source.siteUrl ?? '',
      feeds: JSON.stringify(source.feeds ?? []),
      language: source.language || 'ar',
      paused: source.paused ? 1 : 0,
      created_at: new Date().toISOString(),
    };
    const { id: _id, created_at: _created, ...changes } = row;
    await this.#db
      .insertInto('sources')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(changes))
      .execute();
  }

  async getSource(id: string): Promise<Source | null> {
    const row = await this.#db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToSource(row) : null;
  }

  async listSources(): Promise<Source[]> {
    const rows = await this.#db.selectFrom('sources').selectAll().orderBy('id').execute();
    return rows.map(rowToSource);
  }

  async removeSource(id: string): Promise<boolean> {
    return this.#write(async (tx) => {
      const result = await tx.deleteFrom('sources').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async setSourcePaused(id: string, paused: boolean): Promise<boolean> {
    const result = await this.#db
      .updateTable('sources')
      .set({ paused: paused ? 1 : 0 })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async getSourceState(id: string): Promise<SourceState | null> {
    const source = await this.#db.selectFrom('sources').select('id').where('id', '=', id).executeTakeFirst();
    if (!source) return null;
    const row = await this.#db
      .selectFrom('source_state')
      .selectAll()
      .where('source_id', '=', id)
      .executeTakeFirst();
    return rowToState(id, row);
  }

  async recordFetch(sourceId: string, outcome: FetchRecord): Promise<SourceState> {
    requireTime(outcome.at, 'fetch time');
    const nextMs = requireTime(outcome.nextFetchAt, 'next fetch time');
    return this.#write(async (tx) => {
      const source = await tx
        .selectFrom('sources')
        .select('id')
        .where('id', '=', sourceId)
        .executeTakeFirst();
      if (!source) throw new Error(`store: cannot record a fetch of unknown source "${sourceId}"`);
      const previous = await tx
        .selectFrom('source_state')
        .selectAll()
        .where('source_id', '=', sourceId)
        .executeTakeFirst();
      const row = {
        source_id: sourceId,
        last_fetch_at: outcome.at,
        last_success_at: outcome.ok ? outcome.at : (previous?.last_success_at ?? null),
        next_fetch_at: outcome.nextFetchAt,
        next_fetch_ms: nextMs,
        consecutive_failures: Math.max(0, Math.floor(outcome.consecutiveFailures)),
        last_error: outcome.ok ? null : outcome.error || 'fetch: failed (no cause given)',
        interval_seconds: Math.max(0, Math.round(outcome.intervalSeconds)),
      };
      const { source_id: _id, ...changes } = row;
      await tx
        .insertInto('source_state')
        .values(row)
        .onConflict((oc) => oc.column('source_id').doUpdateSet(changes))
        .execute();
      return rowToState(sourceId, row);
    });
  }

  async dueSources(now: string, limit = 1000): Promise<Source[]> {
    const nowMs = requireTime(now, 'now');
    const rows = await this.#db
      .selectFrom('sources')
      .leftJoin('source_state', 'source_state.source_id', 'sources.id')
      .selectAll('sources')
      .where('sources.paused', '=', 0)
      .where('sources.feeds', '!=', '[]')
      .where((eb) =>
        eb.or([eb('source_state.next_fetch_ms', 'is', null), eb('source_state.next_fetch_ms', '<=', nowMs)]),
      )
      .orderBy(sql`coalesce(source_state.next_fetch_ms, 0)`)
      .orderBy('sources.id')
      .limit(limitOf(limit))
      .execute();
    return rows.map(rowToSource);
  }

  // Conditional GET and seen entries

  async getFeedCache(url: string): Promise<FeedCacheEntry | null> {
    const row = await this.#db.selectFrom('feed_cache').selectAll().where('url', '=', url).executeTakeFirst();
    return row ? { etag: row.etag, lastModified: row.last_modified, checkedAt: row.checked_at } : null;
  }

  async setFeedCache(url: string, entry: FeedCacheEntry): Promise<void> {
    const changes = {
      etag: entry.etag ?? null,
      last_modified: entry.lastModified ?? null,
      checked_at: entry.checkedAt,
    };
    await this.#db
      .insertInto('feed_cache')
      .values({ url, ...changes })
      .onConflict((oc) => oc.column('url').doUpdateSet(changes))
      .execute();
  }

  async markEntriesSeen(sourceId: string, urls: string[]): Promise<string[]> {
    const unique = [...new Set(urls.filter((u) => typeof u === 'string' && u !== ''))];
    if (unique.length === 0) return [];
    const now = new Date().toISOString();
    return this.#write(async (tx) => {
      const source = await tx
        .selectFrom('sources')
        .select('id')
        .where('id', '=', sourceId)
        .executeTakeFirst();
      if (!source) throw new Error(`store: cannot mark entries of unknown source "${sourceId}"`);
      const fresh: string[] = [];
      for (const url of unique) {
        const result = await tx
          .insertInto('seen_entries')
          .values({ source_id: sourceId, url, first_seen: now })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows) > 0) fresh.push(url);
      }
      return fresh;
    });
  }

  // Articles

  async upsertArticles(articles: Article[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    if (articles.length === 0) return result;
    const now = new Date();
    const nowIso = now.toISOString();
    return this.#write(async (tx) => {
      const ids = [
        ...new Set(articles.map((a) => a?.id).filter((id): id is string => typeof id === 'string')),
      ];
      const known = new Map<string, { hash: string; fetchedAt: string }>();
      for (const part of chunks(ids, IN_CHUNK)) {
        const rows = await tx
          .selectFrom('articles')
          .select(['id', 'content_hash', 'fetched_at'])
          .where('id', 'in', part)
          .execute();
        for (const r of rows) known.set(r.id, { hash: r.content_hash, fetchedAt: r.fetched_at });
      }
      const sourceIds = [...new Set(articles.map((a) => a?.sourceId).filter((id) => typeof id === 'string'))];
      const sources = new Set<string>();
      for (const part of chunks(sourceIds, IN_CHUNK)) {
        const rows = await tx.selectFrom('sources').select('id').where('id', 'in', part).execute();
        for (const r of rows) sources.add(r.id);
      }

      for (const [index, a] of articles.entries()) {
        validateArticle(a, index);
        if (!sources.has(a.sourceId)) {
          throw new Error(
            `store: article "${a.id}" has unknown source "${a.sourceId}" (add the source first)`,
          );
        }
        const hash = contentHash(a);
        const columns = contentColumns(a);
        const previous = known.get(a.id);
        if (previous === undefined) {
          const fetchedMs = parseTime(a.fetchedAt) ?? now.getTime();
          const fetchedAt = a.fetchedAt && parseTime(a.fetchedAt) !== null ? a.fetchedAt : nowIso;
          await tx
            .insertInto('articles')
            .values({
              id: a.id,
              ...columns,
              fetched_at: fetchedAt,
              sort_ms: columns.published_ms ?? fetchedMs,
              content_hash: hash,
              updated_at: nowIso,
            })
            .execute();
          known.set(a.id, { hash, fetchedAt });
          result.inserted++;
        } else if (previous.hash !== hash) {
          const fetchedMs = parseTime(previous.fetchedAt) ?? now.getTime();
          await tx
            .updateTable('articles')
            .set({
              ...columns,
              sort_ms: columns.published_ms ?? fetchedMs,
              content_hash: hash,
              updated_at: nowIso,
            })
            .where('id', '=', a.id)
            .execute();
          known.set(a.id, { hash, fetchedAt: previous.fetchedAt });
          result.updated++;
        } else {
          result.unchanged++;
        }
      }
      return result;
    });
  }

  async getArticle(id: string): Promise<StoredArticle | null> {
    const row = await this.#db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToStored(row) : null;
  }

  async getArticlesByIds(ids: string[]): Promise<StoredArticle[]> {
    const byId = new Map<string, StoredArticle>();
    for (const part of chunks([...new Set(ids)], IN_CHUNK)) {
      const rows = await this.#db.selectFrom('articles').selectAll().where('id', 'in', part).execute();
      for (const r of rows) byId.set(r.id, rowToStored(r));
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async listArticles(query: ArticleListQuery): Promise<Page<StoredArticle, ArticleCursor>> {
    const limit = limitOf(query.limit);
    if (limit === 0) return { items: [], next: null };
    let q = this.#db.selectFrom('articles').selectAll();
    if (query.sourceId !== undefined) q = q.where('source_id', '=', query.sourceId);
    if (query.section !== undefined) q = q.where('section', '=', query.section);
    if (query.excludeCopies) q = q.where('duplicate_of', 'is', null);
    if (query.before) {
      const ms = requireTime(query.before.published, 'cursor');
      const id = query.before.id;
      q = q.where((eb) =>
        eb.or([eb('sort_ms', '<', ms), eb.and([eb('sort_ms', '=', ms), eb('id', '<', id)])]),
      );
    }
    // One row more than asked tells whether another page exists without a second query.
    const rows = await q
      .orderBy('sort_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map(rowToStored);
    const last = items.at(-1);
    const next = rows.length > limit && last ? { published: last.sortTime, id: last.article.id } : null;
    return { items, next };
  }

  async countArticles(filter: { sourceId?: string } = {}): Promise<number> {
    let q = this.#db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n'));
    if (filter.sourceId !== undefined) q = q.where('source_id', '=', filter.sourceId);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async *iterateArticles(
    options: { batchSize?: number; after?: number } = {},
  ): AsyncGenerator<PositionedArticle> {
    const batchSize = Math.max(1, limitOf(options.batchSize ?? 500));
    let after = Math.max(0, Math.floor(options.after ?? 0));
    for (;;) {
      const rows = await this.#db
        .selectFrom('articles')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(batchSize)
        .execute();
      for (const r of rows) yield { ...rowToStored(r), position: r.seq };
      const last = rows.at(-1);
      if (rows.length < batchSize || !last) return;
      after = last.seq;
    }
  }

  async articleIdByUrl(url: string): Promise<string | null> {
    if (!url) return null;
    const row = await this.#db
      .selectFrom('articles')
      .select('id')
      .where((eb) => eb.or([eb('url_key', '=', url), eb('url', '=', url)]))
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  // Analysis and placement

  async saveAnalysis(articleId: string, analysis: AnalysisInput): Promise<void> {
    await this.#write(async (tx) => {
      const row = await tx
        .selectFrom('articles')
        .select(['seq', 'content_hash'])
        .where('id', '=', articleId)
        .executeTakeFirst();
      if (!row) throw new Error(`store: cannot save analysis of unknown article "${articleId}"`);
      await tx
        .updateTable('articles')
        .set({
          analyzed_at: new Date().toISOString(),
          analysis_hash: row.content_hash,
          tags: JSON.stringify(analysis.tags ?? []),
          entities: JSON.stringify(analysis.entities ?? []),
          quoted_sources: JSON.stringify(analysis.quotedSources ?? []),
          section: analysis.section ?? null,
        })
        .where('seq', '=', row.seq)
        .execute();
      if (analysis.terms !== undefined || analysis.titleTerms !== undefined) {
        await tx
          .insertInto('article_fts')
          .orReplace()
          .values({
            rowid: row.seq,
            title_terms: analysis.titleTerms ?? '',
            body_terms: analysis.terms ?? '',
          })
          .execute();
      }
    });
  }

  async savePlacement(articleId: string, placement: PlacementInput): Promise<void> {
    await this.savePlacements({ placements: [{ articleId, placement }] });
  }

  async upsertStory(story: Story): Promise<void> {
    await this.savePlacements({ stories: [story] });
  }

  async savePlacements(round: PlacementRound): Promise<void> {
    const plan = planPlacements(round);
    const rows = plan.stories.map((story) => ({
      id: story.id,
      headline: story.headline,
      headline_article_id: story.headlineArticleId,
      first_seen: story.firstSeen,
      first_seen_ms: requireTime(story.firstSeen, `story "${story.id}" firstSeen`),
      last_update: story.lastUpdate,
      last_update_ms: requireTime(story.lastUpdate, `story "${story.id}" lastUpdate`),
      article_count: story.articleCount,
      source_count: story.sourceCount,
      section: story.section ?? null,
    }));
    await this.#write(async (tx) => {
      for (let i = 0; i < rows.length; i += STORY_CHUNK) {
        await tx
          .insertInto('stories')
          .values(rows.slice(i, i + STORY_CHUNK))
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              headline: eb.ref('excluded.headline'),
              headline_article_id: eb.ref('excluded.headline_article_id'),
              first_seen: eb.ref('excluded.first_seen'),
              first_seen_ms: eb.ref('excluded.first_seen_ms'),
              last_update: eb.ref('excluded.last_update'),
              last_update_ms: eb.ref('excluded.last_update_ms'),
              article_count: eb.ref('excluded.article_count'),
              source_count: eb.ref('excluded.source_count'),
              section: eb.ref('excluded.section'),
            })),
          )
          .execute();
      }
      const known = async (table: 'articles' | 'stories', ids: Iterable<string>) => {
        const found = new Set<string>();
        const all = [...new Set(ids)];
        for (let i = 0; i < all.length; i += IN_CHUNK) {
          const rows = await tx
            .selectFrom(table)
            .select('id')
            .where('id', 'in', all.slice(i, i + IN_CHUNK))
            .execute();
          for (const r of rows) found.add(r.id);
        }
        return found;
      };
      checkPlanned(
        plan,
        await known('articles', [...plan.columns.keys(), ...plan.originals.keys()]),
        await known('stories', plan.storyRefs.keys()),
      );
      const placedAt = new Date().toISOString();
      for (const [id, set] of plan.columns) {
        await tx
          .updateTable('articles')
          .set({ ...set, placed_at: placedAt })
          .where('id', '=', id)
          .execute();
      }
    });
  }

  async getStory(id: string): Promise<Story | null> {
    const row = await this.#db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToStory(row) : null;
  }

  async listStories(query: StoryListQuery): Promise<Page<Story, StoryCursor>> {
    const limit = limitOf(query.limit);
    if (limit === 0) return { items: [], next: null };
    let q = this.#db.selectFrom('stories').selectAll();
    if (query.section !== undefined) q = q.where('section', '=', query.section);
    if (query.before) {
      const ms = requireTime(query.before.lastUpdate, 'cursor');
      const id = query.before.id;
      q = q.where((eb) =>
        eb.or([eb('last_update_ms', '<', ms), eb.and([eb('last_update_ms', '=', ms), eb('id', '<', id)])]),
      );
    }
    const rows = await q
      .orderBy('last_update_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map(rowToStory);
    const last = rows[limit - 1];
    const next =
      rows.length > limit && last ? { lastUpdate: isoFromMs(last.last_update_ms), id: last.id } : null;
    return { items, next };
  }

  async listStoryArticles(storyId: string): Promise<StoredArticle[]> {
    const rows = await this.#db
      .selectFrom('articles')
      .selectAll()
      .where('story_id', '=', storyId)
      .orderBy('sort_ms')
      .orderBy('id')
      .execute();
    return rows.map(rowToStored);
  }

  async listCopies(originalId: string): Promise<StoredArticle[]> {
    const rows = await this.#db
      .selectFrom('articles')
      .selectAll()
      .where('duplicate_of', '=', originalId)
      .orderBy('sort_ms')
      .orderBy('id')
      .execute();
    return rows.map(rowToStored);
  }

  // Search

  /**
   * Matches by bm25 (title ×3). Only the newest matches are ranked, as on PostgreSQL: the newest
   * `searchCandidates` (2,000) that pass the filters, or `limit + offset` when that is more, ordered by
   * rank, then newest first. bm25 reads each match's column sizes and positions, so ranking every match
   * of a common word (90,000 for the median one-word query at 1M articles) took 136 ms of CPU there
   * and 280 ms at p99; a bounded set costs about the same at any size. A query with at most
   * RANK_ALL_FACTOR times that many matches and no `from` bound is still ranked over all of them:
   * counting them is cheap, finding the newest of them is not (see `#newestMatches`). Hits carry the
   * article's `sortTime`, so the site's search need not load its pool.
   *
   * The ranks of a query ranked over every match are kept (`#rankMemos`) while the data is unchanged:
   * each bm25 statement first reads every row holding each term to weigh it (12 ms for a word in a
   * third of 1M articles, whatever rows are ranked), and the site's search asks the last 30 days of the
   * same query right after its main pass.
   */
  async searchTerms(query: SearchQuery): Promise<TimedHit[]> {
    const match = ftsMatchExpression(query.terms, { phrase: query.phrase, match: query.match });
    const limit = limitOf(query.limit);
    if (match === null || limit === 0) return [];
    const page = { limit, offset: Math.max(0, Math.floor(query.offset ?? 0)) };
    const filters = query.filters ?? {};
    const bound = Math.max(this.#candidates, page.limit + page.offset);
    if (!Number.isFinite(bound)) return this.#rankAll(match, filters, page);
    const version = await this.#dataVersion();
    let kept = this.#memoOf(match, version);
    // With a `from` bound only the newest matches since then are ranked (the site's search asks the
    // last 30 days of every query); kept ranks of every match answer it when few enough lie after it.
    if (filters.from === undefined) {
      const cap = bound * RANK_ALL_FACTOR;
      const count = kept?.all.length ?? (await this.#countMatches(match, cap));
      if (count > cap) {
        kept = undefined;
      } else if (!kept) {
        // A deep page of a large result set: ranked in SQL rather than handed over whole.
        if (count > this.#candidates * RANK_ALL_FACTOR) return this.#rankAll(match, filters, page);
        kept = await this.#rankEvery(match, version);
      }
    }
    if (kept) {
      const hits = await this.#fromRanked(kept.all, filters, bound, page);
      if (hits) return hits;
      // Too many matches since `from`: the windows find the newest, the kept ranks order them.
      const rows = await this.#newestMatches(match, filters, bound, async (matches) => {
        const { rows } = await matches.execute(this.#db);
        return { held: rows.length, result: rows };
      });
      return this.#rankKept(rows, kept, page);
    }
    return this.#newestMatches(match, filters, bound, (matches, whole) =>
      this.#windowRanked(match, matches, bound, whole, page),
    );
  }

  /** Every match ranked: inside FTS5 first, joining only the best rows to `articles`. */
  async #rankAll(
    match: string,
    filters: NonNullable<SearchQuery['filters']>,
    page: { limit: number; offset: number },
  ): Promise<TimedHit[]> {
    const filtered =
      filters.sourceId !== undefined ||
      filters.section !== undefined ||
      filters.from !== undefined ||
      filters.to !== undefined ||
      filters.excludeCopies === true;
    // Rank inside FTS5 and join only the best rows to `articles`: joining every match before sorting costs
    // in proportion to how common the word is. With filters the pool is widened, and when filters leave
    // it short the full join below gives the exact answer.
    const want = page.limit + page.offset;
    const pool = filtered ? want * 8 : want;
    const best = await this.#rankedHits(match, filters, pool, page.limit, page.offset);
    if (!filtered || best.length === page.limit) return best;
    return this.#rankedHits(match, filters, null, page.limit, page.offset);
  }

  /** Hits ordered by bm25 (title ×3), then latest stored; `pool` caps how many FTS rows are joined (null: all). */
  async #rankedHits(
    match: string,
    filters: NonNullable<SearchQuery['filters']>,
    pool: number | null,
    limit: number,
    offset: number,
  ): Promise<TimedHit[]> {
    const ranked = sql<{ rowid: number; rank: number }>`(SELECT rowid, rank FROM article_fts
      WHERE article_fts MATCH ${match} AND rank MATCH 'bm25(3.0, 1.0)'
      ORDER BY rank, rowid DESC ${pool === null ? sql`` : sql`LIMIT ${pool}`})`;
    // CROSS JOIN keeps the ranked rows the outer loop. With an inner join SQLite walked every original in
    // the copies index, probing the ranked rows for each: 80-100 ms at 1M articles for any query.
    let q = this.#db
      .selectFrom(ranked.as('f'))
      .crossJoin('articles')
      .whereRef('articles.seq', '=', 'f.rowid')
      .select(['articles.id as id', 'articles.sort_ms as sort_ms', 'f.rank as rank']);
    for (const condition of articleConditions(filters)) q = q.where(condition);
    // Ties go to the later stored row in both orderings, so the pooled and full queries page alike.
    const rows = await q
      .orderBy('rank')
      .orderBy('f.rowid', 'desc')
      .limit(pool === null ? limit + offset : pool)
      .execute();
    return rows
      .slice(offset, offset + limit)
      .map((r) => ({ id: r.id, score: -r.rank, sortTime: isoFromMs(r.sort_ms) }));
  }

  /** The query's matches, counted up to `cap + 1` without ranking them. */
  async #countMatches(match: string, cap: number): Promise<number> {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT rowid FROM article_fts
      WHERE article_fts MATCH ${match} LIMIT ${cap + 1})`.execute(this.#db);
    return rows[0]?.n ?? 0;
  }

  /** Every match with its bm25, best first, later stored first among equals; kept for the next calls. */
  async #rankEvery(match: string, version: string): Promise<RankMemo> {
    const { rows } = await sql<RankedMatch>`SELECT rowid AS seq, rank FROM article_fts
      WHERE article_fts MATCH ${match} AND rank MATCH 'bm25(3.0, 1.0)'
      ORDER BY rank, rowid DESC`.execute(this.#db);
    return this.#remember({ key: match, version, all: rows });
  }

  /**
   * The page out of every match, ranked (`every`): without a `from` bound the best that pass the filters;
   * with one, the best of the newest `bound` since then, as the windows would give them. Null when more
   * than `bound` matches may lie after `from`: which are the newest then takes the windows. Articles are
   * read best match first, only as far as the page needs.
   */
  async #fromRanked(
    every: RankedMatch[],
    filters: NonNullable<SearchQuery['filters']>,
    bound: number,
    page: { limit: number; offset: number },
  ): Promise<TimedHit[] | null> {
    let candidates = every;
    if (filters.from !== undefined) {
      const from = requireTime(filters.from, 'from');
      const to = filters.to === undefined ? null : requireTime(filters.to, 'to');
      const first = await this.#firstSeqSince(from, to);
      if (first === null) return [];
      if (first > 0) candidates = every.filter((m) => m.seq >= first);
      if (candidates.length > bound) return null;
    }
    // Windowed ranking orders equal ranks newest first, ranking every match later stored first.
    const byTime = filters.from !== undefined;
    const want = page.limit + page.offset;
    const kept = await this.#passing(candidates, filters, want, byTime);
    if (byTime) kept.sort((a, b) => a.rank - b.rank || b.sort_ms - a.sort_ms || b.seq - a.seq);
    return kept
      .slice(page.offset, want)
      .map((r) => ({ id: r.id, score: -r.rank, sortTime: isoFromMs(r.sort_ms) }));
  }

  /**
   * The smallest seq of the articles stored from `from` (up to `to`): no match since `from` has a smaller
   * one. 0 (no bound) when more than SINCE_SCAN articles lie in the range; null when none does.
   */
  async #firstSeqSince(from: number, to: number | null): Promise<number | null> {
    const upTo = to === null ? sql`` : sql`AND sort_ms <= ${to}`;
    const { rows } = await sql<{ more: number }>`SELECT 1 AS more FROM articles INDEXED BY articles_recent
      WHERE sort_ms >= ${from} ${upTo} LIMIT 1 OFFSET ${SINCE_SCAN}`.execute(this.#db);
    return rows.length > 0 ? 0 : this.#firstSeq(from, to);
  }

  /**
   * The first `want` of `ranked` (best first) whose articles pass the filters, with their ids and times;
   * with `ties`, also those ranked equal to the last one (another order may put them first). Articles are
   * read in chunks that double, by seq (`NOT INDEXED`: SQLite would otherwise walk the copies index for
   * `excludeCopies`).
   */
  async #passing(
    ranked: RankedMatch[],
    filters: NonNullable<SearchQuery['filters']>,
    want: number,
    ties: boolean,
  ): Promise<(WindowRow & RankedMatch)[]> {
    const conditions = articleConditions(filters);
    const where = conditions.length === 0 ? sql`` : sql`AND ${sql.join(conditions, sql` AND `)}`;
    const out: (WindowRow & RankedMatch)[] = [];
    let size = want + Math.ceil(want / 4) + 8;
    for (let i = 0; i < ranked.length; size *= 2) {
      const part = ranked.slice(i, i + size);
      i += part.length;
      const found = new Map<number, WindowRow>();
      for (const seqs of chunks(
        part.map((m) => m.seq),
        IN_CHUNK,
      )) {
        const { rows } = await sql<WindowRow>`SELECT seq, id, sort_ms FROM articles NOT INDEXED
          WHERE seq IN (${sql.join(seqs)}) ${where}`.execute(this.#db);
        for (const r of rows) found.set(r.seq, r);
      }
      for (const m of part) {
        const row = found.get(m.seq);
        if (!row) continue;
        if (out.length >= want && (!ties || m.rank !== out[want - 1]!.rank)) return out;
        out.push({ ...row, rank: m.rank });
      }
    }
    return out;
  }

  /**
   * The newest `n` matches that pass the filters (by sort time, then seq), sought in windows of the newest
   * articles: one sized by `#firstWindow`, then wider ones sized from the matches the last one held,
   * until a window holds n matches or reaches back past the oldest article (or `from`). A window that
   * holds n matches holds the newest n, so the answer does not depend on the windows, only the work.
   * `read` runs a window's statement (`#windowMatches`) and says how many matches it held.
   */
  async #newestMatches<T>(
    match: string,
    filters: NonNullable<SearchQuery['filters']>,
    n: number,
    read: (matches: RawBuilder<WindowRow>, whole: boolean) => Promise<{ held: number; result: T }>,
  ): Promise<T> {
    const from = filters.from === undefined ? null : requireTime(filters.from, 'from');
    const to = filters.to === undefined ? null : requireTime(filters.to, 'to');
    for (let size = await this.#firstWindow(match, n); ; ) {
      const window = await this.#window(size, from, to);
      // A window reaching the oldest article, or back to `from`, leaves no match outside it.
      const { held, result } = await read(this.#windowMatches(match, filters, n, window), window.whole);
      if (window.whole || held === n) return result;
      size = windowSize((size * WINDOW_SLACK * n) / Math.max(held, 1));
    }
  }

  /**
   * The statement of a window's newest `n` matches that pass the filters. FTS5 knows no time: a window
   * is also a range of seq (from the smallest seq in it), which FTS5 seeks to; each match there is then
   * checked against the window's rows of a time index (`+seq`), never read from the wide `articles` rows
   * (a row read is 5-40 µs at 1M, an index entry well under 1 µs).
   */
  #windowMatches(
    match: string,
    filters: NonNullable<SearchQuery['filters']>,
    n: number,
    window: { startMs: number; fromSeq: number },
  ): RawBuilder<WindowRow> {
    const conditions = articleConditions(filters);
    const also = conditions.length === 0 ? sql`` : sql`AND ${sql.join(conditions, sql` AND `)}`;
    // The seq bound is cast: FTS5 seeks to an integer rowid bound, and a real one (what a JS number
    // binds as) made it read the query's whole doclists (7-20 ms for a common word at 1M).
    return sql<WindowRow>`SELECT articles.seq AS seq, articles.id AS id, articles.sort_ms AS sort_ms
      FROM articles WHERE articles.sort_ms >= ${window.startMs}
        AND +articles.seq IN (SELECT rowid FROM article_fts
          WHERE article_fts MATCH ${match} AND rowid >= CAST(${window.fromSeq} AS INTEGER)) ${also}
      ORDER BY articles.sort_ms DESC, articles.seq DESC LIMIT ${n}`;
  }

  /**
   * The page of a window's matches by bm25, then newest first, in one statement: FTS5 ranks the seq
   * range they span (one range scan: a lookup per row would set up bm25 again for each), and only the
   * page is handed over (handing over 2,000 matches and their ranks cost as much as ranking them).
   * bm25 runs only when the window holds n matches or is the last one.
   */
  async #windowRanked(
    match: string,
    matches: RawBuilder<WindowRow>,
    n: number,
    whole: boolean,
    page: { limit: number; offset: number },
  ): Promise<{ held: number; result: TimedHit[] }> {
    const { rows } = await sql<{ held: number; id: string | null; sort_ms: number; rank: number }>`WITH
        w AS MATERIALIZED (${matches}),
        h AS MATERIALIZED (SELECT count(*) AS held, min(seq) AS lo, max(seq) AS hi FROM w),
        r AS MATERIALIZED (SELECT rowid AS seq, bm25(article_fts, 3.0, 1.0) AS rank FROM article_fts
          WHERE article_fts MATCH ${match} AND rowid BETWEEN (SELECT lo FROM h) AND (SELECT hi FROM h)
            AND (SELECT held FROM h) > 0 AND ((SELECT held FROM h) = ${n} OR ${whole ? 1 : 0}))
      SELECT h.held AS held, p.id AS id, p.sort_ms AS sort_ms, p.rank AS rank
      FROM h LEFT JOIN (SELECT w.seq, w.id, w.sort_ms, r.rank FROM w JOIN r ON r.seq = w.seq
        ORDER BY r.rank, w.sort_ms DESC, w.seq DESC LIMIT ${page.limit} OFFSET ${page.offset}) p ON 1
      ORDER BY p.rank, p.sort_ms DESC, p.seq DESC`.execute(this.#db);
    const result = rows.flatMap((r) =>
      r.id === null ? [] : [{ id: r.id, score: -r.rank, sortTime: isoFromMs(r.sort_ms) }],
    );
    return { held: rows[0]?.held ?? 0, result };
  }

  /**
   * Articles in a first window that should hold WINDOW_SLACK × n matches: as many as were stored since
   * the match that many places from the last stored one (FTS5 reads its matches backwards cheaply). In
   * a live store articles arrive about in time order, so one window is usually enough.
   */
  async #firstWindow(match: string, n: number): Promise<number> {
    const { rows } = await sql<{ seq: number | null; top: number | null }>`SELECT
        (SELECT rowid FROM article_fts WHERE article_fts MATCH ${match}
          ORDER BY rowid DESC LIMIT 1 OFFSET ${Math.ceil(WINDOW_SLACK * n) - 1}) AS seq,
        (SELECT max(seq) FROM articles) AS top`.execute(this.#db);
    const { seq, top } = rows[0] ?? { seq: null, top: null };
    // Fewer matches than that (a `from` bound brought us here): no window short of `from` holds n.
    if (seq === null || top === null) return Number.MAX_SAFE_INTEGER;
    return windowSize(top - seq + 1);
  }

  /**
   * The newest `size` articles (from `from`, up to `to`), read off the time index: where they start (the
   * time of the size-th newest), the smallest seq of any article stored from then on, and whether they
   * are all there are (then the window reaches back to `from`). Skipping index entries is cheap, reading
   * their columns is not (3 ms for 32k entries at 1M): only the seq of the window is read.
   */
  async #window(
    size: number,
    from: number | null,
    to: number | null,
  ): Promise<{ startMs: number; fromSeq: number; whole: boolean }> {
    const bounds = [
      ...(from === null ? [] : [sql`sort_ms >= ${from}`]),
      ...(to === null ? [] : [sql`sort_ms <= ${to}`]),
    ];
    const where = bounds.length === 0 ? sql`` : sql`WHERE ${sql.join(bounds, sql` AND `)}`;
    const { rows } = await sql<{ start_ms: number }>`SELECT sort_ms AS start_ms
      FROM articles INDEXED BY articles_recent ${where}
      ORDER BY sort_ms DESC LIMIT 1 OFFSET ${size - 1}`.execute(this.#db);
    const whole = rows.length === 0;
    const startMs = rows[0]?.start_ms ?? from;
    // Every article (no `from`): every match may be in the window.
    if (startMs === null) return { startMs: Number.MIN_SAFE_INTEGER, fromSeq: 0, whole };
    const first = await this.#firstSeq(startMs, to);
    // No article in the range: no match either.
    return { startMs, fromSeq: first ?? Number.MAX_SAFE_INTEGER, whole };
  }

  /** The smallest seq of the articles stored from `from` (up to `to`), off the time index; null for none. */
  async #firstSeq(from: number, to: number | null): Promise<number | null> {
    const upTo = to === null ? sql`` : sql`AND sort_ms <= ${to}`;
    const { rows } = await sql<{ first: number | null }>`SELECT min(seq) AS first
      FROM articles INDEXED BY articles_recent WHERE sort_ms >= ${from} ${upTo}`.execute(this.#db);
    return rows[0]?.first ?? null;
  }

  /** The page of window matches by kept ranks (of every match), best first, then newest first. */
  #rankKept(rows: WindowRow[], memo: RankMemo, page: { limit: number; offset: number }): TimedHit[] {
    const rankOf = ranksOf(memo);
    return rows
      .map((r) => ({ ...r, rank: rankOf.get(r.seq) ?? 0 }))
      .sort((a, b) => a.rank - b.rank || b.sort_ms - a.sort_ms || b.seq - a.seq)
      .slice(page.offset, page.offset + page.limit)
      .map((r) => ({ id: r.id, score: -r.rank, sortTime: isoFromMs(r.sort_ms) }));
  }

  /**
   * What kept ranks are valid for: another connection's commit changes `data_version`, this one's own
   * writes `total_changes()`. bm25 depends on every row (row count, average length, rows per term).
   */
  async #dataVersion(): Promise<string> {
    const { rows } = await sql<{ v: number; c: number }>`SELECT data_version AS v, total_changes() AS c
      FROM pragma_data_version`.execute(this.#db);
    return `${rows[0]?.v}:${rows[0]?.c}`;
  }

  /** The kept ranks of a MATCH expression, if the data has not changed since. */
  #memoOf(key: string, version: string): RankMemo | undefined {
    return this.#rankMemos.find((m) => m.key === key && m.version === version);
  }

  /** Keep ranks, replacing older ones of the same expression; the last RANK_MEMOS expressions stay. */
  #remember(memo: RankMemo): RankMemo {
    const others = this.#rankMemos.filter((m) => m.key !== memo.key && m.version === memo.version);
    this.#rankMemos = [memo, ...others].slice(0, RANK_MEMOS);
    return memo;
  }

  async close(): Promise<void> {
    await sql
      .raw('PRAGMA optimize')
      .execute(this.#db)
      .catch(() => undefined);
    await this.#db.destroy();
  }
}
