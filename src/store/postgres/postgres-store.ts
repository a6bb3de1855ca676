/**
 * The store for scale: PostgreSQL through Kysely's PostgresDialect over a `pg` pool. Same contract as
 * `sqlite/`; search runs on a `tsvector` of our analyzer's terms (title weighted A, body D) with a GIN
 * index. All SQL of this engine lives in this folder.
 */
import { userInfo } from 'node:os';
import {
  type Insertable,
  Kysely,
  Migrator,
  PostgresDialect,
  type RawBuilder,
  type Selectable,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Article, Source, SourceState } from '../../model.ts';
import {
  checkPlanned,
  contentHash,
  type PlacementColumns,
  planPlacements,
  validateArticle,
} from '../article-record.ts';
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
  SearchFilters,
  SearchHit,
  SearchQuery,
  Store,
  StoredArticle,
  Story,
  StoryCursor,
  StoryListQuery,
  UpsertResult,
} from '../store.ts';
import { parseTime, requireTime } from '../time.ts';
import { migrationProvider } from './migrations/index.ts';
import type { ArticlesTable, Database, SourceStateTable, SourcesTable, StoriesTable } from './schema.ts';
import { searchWords, tsQuery, wordQuery } from './ts-query.ts';

export interface PostgresStoreOptions {
  /**
   * Schema to keep naba's tables in (created if missing); default: the connection's current schema
   * (`public`). Lets several stores share one database, e.g. one per test.
   */
  schema?: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /**
   * Search ranks at most this many matches, the newest (default 2,000, or `limit + offset` when more);
   * `Infinity` ranks every match. See `searchTerms`.
   */
  searchCandidates?: number;
  /**
   * Longest a search may run on the server, in ms (default 10,000; `Infinity` for none): PostgreSQL
   * stops it and the caller gets an error saying so.
   */
  searchTimeoutMs?: number;
}

export type { Database as PostgresDatabase } from './schema.ts';

type ArticleRow = Selectable<ArticlesTable>;

const PG_INT8 = 20;
const FOREIGN_KEY_VIOLATION = '23503';
const QUERY_CANCELED = '57014';
const SEARCH_TIMEOUT_MS = 10_000;
// PostgreSQL takes at most 65535 bound parameters per statement; rows × columns stays below that.
const ROWS_PER_INSERT = 500;
const URLS_PER_INSERT = 2000;
// ts_rank weights in {D, C, B, A} order: a title (A) occurrence counts three times a body (D) one, as
// bm25(article_fts, 3.0, 1.0) does in SQLite. Normalization 1 divides by 1 + log(length), a gentle
// length penalty in the spirit of bm25's.
const RANK_WEIGHTS = sql.raw(`'{0.1,0.1,0.1,0.3}'::float4[]`);
const RANK_NORMALIZATION = 1;
// Document frequencies for IDF are counted up to this many documents: enough to tell rare terms
// apart, cheap for a term found everywhere (those all get the same, small weight).
const DF_CAP = 10_000;
// Search ranks the newest matches only (see searchTerms). ts_rank reads each match's whole vector, most
// of a query's cost, so this bounds it; a few thousand is a few weeks of a common word at 1M articles,
// where the site's search (`src/corpus/search.ts`, recency boost) finds its first pages anyway.
const SEARCH_CANDIDATES = 2000;
// The first window is sized to hold WINDOW_SLACK × candidates matches by the planner's estimate of the
// query's matches, and at most WINDOW_FIRST_MAX × candidates articles: the planner takes several words
// as unrelated and so expects too few matches of them together, and a window past the table visits every
// match. A window that held too few is followed by one sized from the matches it did hold.
const WINDOW_SLACK = 1.5;
const WINDOW_FIRST_MAX = 16;
// Where a window starts moves only as articles arrive, and any start gives the same answer (only the
// work differs), so each process reuses it this long.
const WINDOW_TTL_MS = 5 * 60_000;
// Plain names only: the schema travels in a startup option, where quoting rules differ from SQL's.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isPgError(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function limitOf(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** The URL without its password (in the userinfo or a `password=` parameter), for messages. */
export function redactUrl(databaseUrl: string): string {
  return databaseUrl
    .replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@')
    .replace(/([?&]password=)[^&]*/i, '$1***');
}

// pg-connection-string accepts `postgres://user@/db?host=/socket/dir`, which WHATWG URL refuses.
function parseUrl(databaseUrl: string): URL | null {
  for (const candidate of [databaseUrl, databaseUrl.replace('@/', '@localhost/')]) {
    try {
      return new URL(candidate);
    } catch {}
  }
  return null;
}

function defaultUser(): string {
  if (process.env.PGUSER) return process.env.PGUSER;
  if (process.env.USER) return process.env.USER;
  try {
    return userInfo().username;
  } catch {
    return 'postgres';
  }
}

/**
 * `pg` takes the user from the URL, else from `$USER`, which is unset under some process managers and
 * in containers; name one explicitly (the `user` parameter is what pg-connection-string reads).
 */
export function withExplicitUser(databaseUrl: string): string {
  const url = parseUrl(databaseUrl);
  if (!url) throw new Error(`store: database URL is not a URL: ${redactUrl(databaseUrl)}`);
  if (!/^postgres(?:ql)?:$/.test(url.protocol)) {
    throw new Error(`store: not a postgres:// URL: ${redactUrl(databaseUrl)}`);
  }
  if (url.username || url.searchParams.has('user')) return databaseUrl;
  url.searchParams.set('user', defaultUser());
  return url.toString();
}

/** A pool on `databaseUrl`: int8 parsed as a number, search_path set to `schema` when given. */
export function createPool(databaseUrl: string, options: PostgresStoreOptions = {}): pg.Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(
      `store: schema name must be lowercase letters, digits and _: ${JSON.stringify(options.schema)}`,
    );
  }
  return new pg.Pool({
    connectionString: withExplicitUser(databaseUrl),
    max: options.maxConnections ?? 10,
    application_name: 'naba',
    // A startup option rather than a SET after connecting: it holds for every pooled connection
    // before its first query.
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
}

/**
 * Connect to `databaseUrl`, create the schema if asked for one, and bring the tables up to date.
 * Returns the Kysely handle; `openPostgresStore` wraps it, `migrate.ts` writes through it directly.
 */
export async function openPostgresDatabase(
  databaseUrl: string,
  options: PostgresStoreOptions = {},
): Promise<Kysely<Database>> {
  const where = redactUrl(databaseUrl);
  const pool = createPool(databaseUrl, options);
  // An idle pooled connection can be dropped by the server; without a listener that would crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new Error(`store: cannot connect to ${where}: ${message(error)}`);
  }
  try {
    await migrate(db, options.schema);
  } catch (error) {
    await db.destroy();
    throw new Error(`store: cannot migrate ${where}: ${message(error)}`);
  }
  return db;
}

/** Open the PostgreSQL store at `databaseUrl` (e.g. `postgres://naba@db/naba`). Many processes may share it. */
export async function openPostgresStore(
  databaseUrl: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  return new PostgresStore(await openPostgresDatabase(databaseUrl, options), options);
}

async function migrate(db: Kysely<Database>, schema: string | undefined): Promise<void> {
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  // Kysely's Migrator, told no schema, takes a kysely_migration table in ANY schema as ours (another
  // store or app in the same database); naming the schema keeps the bookkeeping beside the tables.
  const current = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const migrationTableSchema = current.rows[0]?.schema;
  if (!migrationTableSchema) throw new Error('no schema to create tables in (check search_path)');
  // Concurrent openers wait on Kysely's advisory lock; the pending migrations run in one transaction.
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`${failed ? `migration ${failed.migrationName}: ` : ''}${message(error)}`);
  }
}

/** The columns that come from the article itself (not analysis, placement or first-seen time). */
function contentColumns(a: Article) {
  return {
    source_id: a.sourceId,
    url: a.url,
    canonical_url: a.canonicalUrl ?? null,
    url_key: a.canonicalUrl || a.url || null,
    title: a.title,
    text: a.text,
    html: a.html ?? null,
    author: a.author ?? null,
    published: a.published ?? null,
    modified: a.modified ?? null,
    image: a.image ?? null,
    language: a.language ?? null,
    publisher_section: a.section ?? null,
    publisher_tags: jsonOrNull(a.publisherTags),
    source_line: a.sourceLine ?? null,
    quotes: jsonOrNull(a.quotes),
  };
}

// What an update by re-ingest replaces: everything but seq, fetched_at, analysis and placement.
const CONTENT_COLUMNS = [
  'source_id',
  'url',
  'canonical_url',
  'url_key',
  'title',
  'text',
  'html',
  'author',
  'published',
  'modified',
  'image',
  'language',
  'publisher_section',
  'publisher_tags',
  'source_line',
  'quotes',
  'sort_time',
  'content_hash',
  'updated_at',
] as const satisfies readonly (keyof ArticlesTable)[];

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
  if (r.publisher_tags !== null) article.publisherTags = r.publisher_tags;
  if (r.source_line !== null) article.sourceLine = r.source_line;
  if (r.quotes !== null) article.quotes = r.quotes as Article['quotes'];
  article.fetchedAt = r.fetched_at;
  const stored: StoredArticle = { article, sortTime: r.sort_time.toISOString() };
  if (r.analyzed_at !== null) {
    stored.analysis = {
      tags: (r.tags ?? []) as string[],
      entities: (r.entities ?? []) as NonNullable<StoredArticle['analysis']>['entities'],
      section: r.section,
      quotedSources: (r.quoted_sources ?? []) as NonNullable<StoredArticle['analysis']>['quotedSources'],
      analyzedAt: r.analyzed_at.toISOString(),
      stale: r.analysis_hash !== r.content_hash,
    };
  }
  if (r.placed_at !== null) {
    stored.placement = {
      duplicateOf: r.duplicate_of,
      storyId: r.story_id,
      copyChanges: (r.copy_changes ?? null) as CopyChanges | null,
      placedAt: r.placed_at.toISOString(),
    };
  }
  return stored;
}

function rowToSource(r: Selectable<SourcesTable>): Source {
  return {
    id: r.id,
    name: r.name,
    siteUrl: r.site_url,
    feeds: Array.isArray(r.feeds) ? r.feeds : [],
    language: r.language,
    paused: r.paused,
  };
}

type StateColumns = Pick<
  Selectable<SourceStateTable>,
  'last_fetch_at' | 'last_success_at' | 'next_fetch_at' | 'last_error'
> & { consecutive_failures: number | null; interval_seconds: number | null };

function rowToState(sourceId: string, r: StateColumns | undefined): SourceState {
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

/** Article-side filters of a search (source, section, copies); time bounds apply to `article_search`. */
function articleFilters(filters: SearchFilters): RawBuilder<boolean>[] {
  const out: RawBuilder<boolean>[] = [];
  if (filters.sourceId !== undefined) out.push(sql<boolean>`a.source_id = ${filters.sourceId}`);
  if (filters.section !== undefined) out.push(sql<boolean>`a.section = ${filters.section}`);
  if (filters.excludeCopies) out.push(sql<boolean>`a.duplicate_of is null`);
  return out;
}

/**
 * Window sizes are powers of 2^(1/4), so that a few dozen sizes serve every query and their starts are
 * reused (at most 19 % more articles than asked for).
 */
function windowSize(articles: number): number {
  return Math.round(2 ** (Math.ceil(4 * Math.log2(Math.max(1, articles))) / 4));
}

/** A search result row before it becomes a hit. */
type RankedRow = { id: string; sort_time: Date; rank: number };

function timeBound(value: string | undefined, name: 'from' | 'to'): Date | null {
  return value === undefined ? null : new Date(requireTime(value, name));
}

export class PostgresStore implements Store {
  readonly #db: Kysely<Database>;
  readonly #candidates: number;
  readonly #searchTimeoutMs: number;
  /**
   * Start of the window of the newest N articles (up to a `to` bound), by `N|to` (null: all of them),
   * and the table's row count, by `rows`.
   */
  readonly #windows = new Map<string, { start: Date | null; rows: number | null; until: number }>();

  constructor(
    db: Kysely<Database>,
    options: Pick<PostgresStoreOptions, 'searchCandidates' | 'searchTimeoutMs'> = {},
  ) {
    this.#db = db;
    const timeout = options.searchTimeoutMs ?? SEARCH_TIMEOUT_MS;
    this.#searchTimeoutMs = timeout > 0 ? Math.ceil(timeout) : Number.POSITIVE_INFINITY;
    const candidates = options.searchCandidates ?? SEARCH_CANDIDATES;
    this.#candidates =
      candidates === Number.POSITIVE_INFINITY ? candidates : Math.max(1, limitOf(candidates));
  }

  // Sources

  async upsertSource(source: Source): Promise<void> {
    if (typeof source?.id !== 'string' || source.id === '') throw new Error('store: source has no id');
    const changes = {
      name: source.name ?? source.id,
      site_url: source.siteUrl ?? '',
      feeds: JSON.stringify(source.feeds ?? []),
      language: source.language || 'ar',
      paused: Boolean(source.paused),
    };
    await this.#db
      .insertInto('sources')
      .values({ id: source.id, ...changes })
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
    const result = await this.#db.deleteFrom('sources').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async setSourcePaused(id: string, paused: boolean): Promise<boolean> {
    const result = await this.#db
      .updateTable('sources')
      .set({ paused: Boolean(paused) })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async getSourceState(id: string): Promise<SourceState | null> {
    const row = await this.#db
      .selectFrom('sources')
      .leftJoin('source_state', 'source_state.source_id', 'sources.id')
      .select([
        'source_state.last_fetch_at',
        'source_state.last_success_at',
        'source_state.next_fetch_at',
        'source_state.consecutive_failures',
        'source_state.last_error',
        'source_state.interval_seconds',
      ])
      .where('sources.id', '=', id)
      .executeTakeFirst();
    return row ? rowToState(id, row) : null;
  }

  async recordFetch(sourceId: string, outcome: FetchRecord): Promise<SourceState> {
    requireTime(outcome.at, 'fetch time');
    const nextMs = requireTime(outcome.nextFetchAt, 'next fetch time');
    const row = {
      source_id: sourceId,
      last_fetch_at: outcome.at,
      last_success_at: outcome.ok ? outcome.at : null,
      next_fetch_at: outcome.nextFetchAt,
      next_fetch_time: new Date(nextMs),
      consecutive_failures: Math.max(0, Math.floor(outcome.consecutiveFailures)),
      last_error: outcome.ok ? null : outcome.error || 'fetch: failed (no cause given)',
      interval_seconds: Math.max(0, Math.round(outcome.intervalSeconds)),
    };
    try {
      // One statement: a failure keeps the last success the row already has.
      const saved = await this.#db
        .insertInto('source_state')
        .values(row)
        .onConflict((oc) =>
          oc.column('source_id').doUpdateSet((eb) => ({
            last_fetch_at: eb.ref('excluded.last_fetch_at'),
            last_success_at: eb.fn.coalesce('excluded.last_success_at', 'source_state.last_success_at'),
            next_fetch_at: eb.ref('excluded.next_fetch_at'),
            next_fetch_time: eb.ref('excluded.next_fetch_time'),
            consecutive_failures: eb.ref('excluded.consecutive_failures'),
            last_error: eb.ref('excluded.last_error'),
            interval_seconds: eb.ref('excluded.interval_seconds'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return rowToState(sourceId, saved);
    } catch (error) {
      if (isPgError(error, FOREIGN_KEY_VIOLATION)) {
        throw new Error(`store: cannot record a fetch of unknown source "${sourceId}"`);
      }
      throw error;
    }
  }

  async dueSources(now: string, limit = 1000): Promise<Source[]> {
    const nowTime = new Date(requireTime(now, 'now'));
    const rows = await this.#db
      .selectFrom('sources')
      .leftJoin('source_state', 'source_state.source_id', 'sources.id')
      .selectAll('sources')
      .where('sources.paused', '=', false)
      .where(sql<boolean>`jsonb_array_length(sources.feeds) > 0`)
      .where((eb) =>
        eb.or([
          eb('source_state.next_fetch_time', 'is', null),
          eb('source_state.next_fetch_time', '<=', nowTime),
        ]),
      )
      .orderBy('source_state.next_fetch_time', (ob) => ob.asc().nullsFirst())
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
    try {
      const fresh = await this.#db.transaction().execute(async (tx) => {
        const inserted = new Set<string>();
        for (const part of chunks(unique, URLS_PER_INSERT)) {
          const rows = await tx
            .insertInto('seen_entries')
            .values(part.map((url) => ({ source_id: sourceId, url })))
            .onConflict((oc) => oc.doNothing())
            .returning('url')
            .execute();
          for (const r of rows) inserted.add(r.url);
        }
        return inserted;
      });
      return unique.filter((u) => fresh.has(u));
    } catch (error) {
      if (isPgError(error, FOREIGN_KEY_VIOLATION)) {
        throw new Error(`store: cannot mark entries of unknown source "${sourceId}"`);
      }
      throw error;
    }
  }

  // Articles

  async upsertArticles(articles: Article[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    if (articles.length === 0) return result;
    // Checked before the transaction: a malformed record anywhere fails the call with nothing written.
    articles.forEach(validateArticle);
    const now = new Date();
    const nowIso = now.toISOString();
    return this.#db.transaction().execute(async (tx) => {
      // Article writers queue up, as SQLite's BEGIN IMMEDIATE makes them: the new-or-known check below
      // stays true until commit, and seq follows commit order, so a reader paging by seq never sees a
      // lower seq appear behind it. Per schema, so stores sharing a database do not wait on each other.
      await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.articles'))`.execute(tx);
      const ids = [...new Set(articles.map((a) => a.id))];
      const known = new Map<string, { hash: string; fetchedAt: string }>();
      const existing = await tx
        .selectFrom('articles')
        .select(['id', 'content_hash', 'fetched_at'])
        .where('id', '=', sql<string>`any(${ids}::text[])`)
        .execute();
      for (const r of existing) known.set(r.id, { hash: r.content_hash, fetchedAt: r.fetched_at });
      const sourceIds = [...new Set(articles.map((a) => a.sourceId))];
      const sources = new Set(
        (
          await tx
            .selectFrom('sources')
            .select('id')
            .where('id', '=', sql<string>`any(${sourceIds}::text[])`)
            .execute()
        ).map((r) => r.id),
      );

      // The batch folded to one final row per id, in order of first appearance (that order gives seq).
      const rows = new Map<string, Insertable<ArticlesTable>>();
      for (const a of articles) {
        if (!sources.has(a.sourceId)) {
          throw new Error(
            `store: article "${a.id}" has unknown source "${a.sourceId}" (add the source first)`,
          );
        }
        const hash = contentHash(a);
        const columns = contentColumns(a);
        const publishedMs = parseTime(a.published);
        const previous = known.get(a.id);
        if (previous === undefined) {
          const fetchedAt = a.fetchedAt && parseTime(a.fetchedAt) !== null ? a.fetchedAt : nowIso;
          const sortMs = publishedMs ?? parseTime(fetchedAt) ?? now.getTime();
          rows.set(a.id, {
            id: a.id,
            ...columns,
            fetched_at: fetchedAt,
            sort_time: new Date(sortMs),
            content_hash: hash,
            updated_at: now,
          });
          known.set(a.id, { hash, fetchedAt });
          result.inserted++;
        } else if (previous.hash !== hash) {
          const sortMs = publishedMs ?? parseTime(previous.fetchedAt) ?? now.getTime();
          rows.set(a.id, {
            id: a.id,
            ...columns,
            fetched_at: previous.fetchedAt,
            sort_time: new Date(sortMs),
            content_hash: hash,
            updated_at: now,
          });
          known.set(a.id, { hash, fetchedAt: previous.fetchedAt });
          result.updated++;
        } else {
          result.unchanged++;
        }
      }

      // New ids insert; known ones take the new content and keep seq, fetched_at, analysis and placement.
      for (const part of chunks([...rows.values()], ROWS_PER_INSERT)) {
        await tx
          .insertInto('articles')
          .values(part)
          .onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet((eb) =>
                Object.fromEntries(CONTENT_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])),
              ),
          )
          .execute();
      }
      return result;
    });
  }

  async getArticle(id: string): Promise<StoredArticle | null> {
    const row = await this.#db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToStored(row) : null;
  }

  async getArticlesByIds(ids: string[]): Promise<StoredArticle[]> {
    const unique = [...new Set(ids.filter((id) => typeof id === 'string'))];
    if (unique.length === 0) return [];
    const rows = await this.#db
      .selectFrom('articles')
      .selectAll()
      .where('id', '=', sql<string>`any(${unique}::text[])`)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, rowToStored(r)]));
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
      const time = new Date(requireTime(query.before.published, 'cursor'));
      // A row comparison walks the (sort_time, id) index from the cursor on.
      q = q.where((eb) => eb(eb.refTuple('sort_time', 'id'), '<', eb.tuple(time, query.before!.id)));
    }
    // One row more than asked tells whether another page exists without a second query.
    const rows = await q
      .orderBy('sort_time', 'desc')
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
    await this.#db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('articles')
        .set((eb) => ({
          analyzed_at: new Date(),
          analysis_hash: eb.ref('content_hash'),
          tags: JSON.stringify(analysis.tags ?? []),
          entities: JSON.stringify(analysis.entities ?? []),
          quoted_sources: JSON.stringify(analysis.quotedSources ?? []),
          section: analysis.section ?? null,
        }))
        .where('id', '=', articleId)
        .returning('seq')
        .executeTakeFirst();
      if (!row) throw new Error(`store: cannot save analysis of unknown article "${articleId}"`);
      if (analysis.terms !== undefined || analysis.titleTerms !== undefined) {
        const search = sql<string>`setweight(to_tsvector('simple', ${analysis.titleTerms ?? ''}), 'A')
          || setweight(to_tsvector('simple', ${analysis.terms ?? ''}), 'D')`;
        await tx
          .insertInto('article_search')
          .values({ seq: row.seq, search })
          .onConflict((oc) => oc.column('seq').doUpdateSet((eb) => ({ search: eb.ref('excluded.search') })))
          .execute();
      }
    });
  }

  /**
   * `saveAnalysis` for many articles at once: one transaction, two statements whatever the count (the
   * rows travel as arrays through `unnest`). For bulk loads (a re-analysed archive, benchmarks at 1M
   * articles), where a transaction per article costs more than the work. Not part of `Store`: SQLite's
   * per-article saves are cheap. An id given twice keeps its last analysis, as saving in turn would; an
   * unknown id fails the call with nothing saved.
   */
  async saveAnalyses(items: readonly { articleId: string; analysis: AnalysisInput }[]): Promise<void> {
    const byId = new Map(items.map((i) => [i.articleId, i.analysis]));
    if (byId.size === 0) return;
    const ids = [...byId.keys()];
    const all = [...byId.values()];
    const json = (pick: (a: AnalysisInput) => unknown[] | undefined) =>
      all.map((a) => JSON.stringify(pick(a) ?? []));
    await this.#db.transaction().execute(async (tx) => {
      const updated = await sql<{ id: string }>`update articles as a set
          analyzed_at = ${new Date()}, analysis_hash = a.content_hash, tags = u.tags::json,
          entities = u.entities::json, quoted_sources = u.quoted::json, section = u.section
        from unnest(${ids}::text[], ${json((a) => a.tags)}::text[], ${json((a) => a.entities)}::text[],
          ${json((a) => a.quotedSources)}::text[], ${all.map((a) => a.section ?? null)}::text[])
          as u(id, tags, entities, quoted, section)
        where a.id = u.id
        returning a.id`.execute(tx);
      if (updated.rows.length < ids.length) {
        const found = new Set(updated.rows.map((r) => r.id));
        const missing = ids.find((id) => !found.has(id));
        throw new Error(`store: cannot save analysis of unknown article "${missing}"`);
      }
      // As in saveAnalysis: the search row is written only when terms were given.
      const indexed = ids.filter((_, i) => all[i]!.terms !== undefined || all[i]!.titleTerms !== undefined);
      if (indexed.length === 0) return;
      const of = (pick: (a: AnalysisInput) => string | undefined) =>
        indexed.map((id) => pick(byId.get(id)!) ?? '');
      await sql`insert into article_search (seq, search)
        select a.seq, setweight(to_tsvector('simple', u.title), 'A') || setweight(to_tsvector('simple', u.body), 'D')
        from unnest(${indexed}::text[], ${of((a) => a.titleTerms)}::text[], ${of((a) => a.terms)}::text[])
          as u(id, title, body)
        join articles as a on a.id = u.id
        on conflict (seq) do update set search = excluded.search`.execute(tx);
    });
  }

  async savePlacement(articleId: string, placement: PlacementInput): Promise<void> {
    await this.savePlacements({ placements: [{ articleId, placement }] });
  }

  async upsertStory(story: Story): Promise<void> {
    await this.savePlacements({ stories: [story] });
  }

  /**
   * One transaction and a handful of statements per round, whatever its size: the stories in one
   * multi-row upsert, the ids checked with one query per table, the articles updated in one statement
   * over arrays (a placer's round of thousands used to take eight round trips per article).
   */
  async savePlacements(round: PlacementRound): Promise<void> {
    const plan = planPlacements(round);
    const rows = plan.stories.map((story) => ({
      id: story.id,
      headline: story.headline,
      headline_article_id: story.headlineArticleId,
      first_seen: story.firstSeen,
      first_seen_time: new Date(requireTime(story.firstSeen, `story "${story.id}" firstSeen`)),
      last_update: story.lastUpdate,
      last_update_time: new Date(requireTime(story.lastUpdate, `story "${story.id}" lastUpdate`)),
      article_count: story.articleCount,
      source_count: story.sourceCount,
      section: story.section ?? null,
    }));
    if (rows.length === 0 && plan.columns.size === 0) return;
    await this.#db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await tx
          .insertInto('stories')
          .values(rows.slice(i, i + ROWS_PER_INSERT))
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              headline: eb.ref('excluded.headline'),
              headline_article_id: eb.ref('excluded.headline_article_id'),
              first_seen: eb.ref('excluded.first_seen'),
              first_seen_time: eb.ref('excluded.first_seen_time'),
              last_update: eb.ref('excluded.last_update'),
              last_update_time: eb.ref('excluded.last_update_time'),
              article_count: eb.ref('excluded.article_count'),
              source_count: eb.ref('excluded.source_count'),
              section: eb.ref('excluded.section'),
            })),
          )
          .execute();
      }
      if (plan.columns.size === 0) return;
      const known = async (table: 'articles' | 'stories', ids: Iterable<string>) => {
        const all = [...new Set(ids)];
        if (all.length === 0) return new Set<string>();
        const found = await sql<{ id: string }>`
          select id from ${sql.table(table)} where id = any(${all}::text[])`.execute(tx);
        return new Set(found.rows.map((r) => r.id));
      };
      checkPlanned(
        plan,
        await known('articles', [...plan.columns.keys(), ...plan.originals.keys()]),
        await known('stories', plan.storyRefs.keys()),
      );
      // One row per article; a flag per column says whether the round sets it (else it stays).
      const entries = [...plan.columns];
      const column = <T>(f: (set: PlacementColumns) => T) => entries.map(([, set]) => f(set));
      await sql`
        update articles as a set
          duplicate_of = case when u.set_duplicate then u.duplicate_of else a.duplicate_of end,
          story_id = case when u.set_story then u.story_id else a.story_id end,
          copy_changes = case when u.set_changes then u.copy_changes::json else a.copy_changes end,
          placed_at = ${new Date()}::timestamptz
        from unnest(
          ${entries.map(([id]) => id)}::text[],
          ${column((c) => c.duplicate_of !== undefined)}::boolean[],
          ${column((c) => c.duplicate_of ?? null)}::text[],
          ${column((c) => c.story_id !== undefined)}::boolean[],
          ${column((c) => c.story_id ?? null)}::text[],
          ${column((c) => c.copy_changes !== undefined)}::boolean[],
          ${column((c) => c.copy_changes ?? null)}::text[]
        ) as u(id, set_duplicate, duplicate_of, set_story, story_id, set_changes, copy_changes)
        where a.id = u.id`.execute(tx);
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
      const time = new Date(requireTime(query.before.lastUpdate, 'cursor'));
      q = q.where((eb) => eb(eb.refTuple('last_update_time', 'id'), '<', eb.tuple(time, query.before!.id)));
    }
    const rows = await q
      .orderBy('last_update_time', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map(rowToStory);
    const last = rows[limit - 1];
    const next =
      rows.length > limit && last ? { lastUpdate: last.last_update_time.toISOString(), id: last.id } : null;
    return { items, next };
  }

  async listStoryArticles(storyId: string): Promise<StoredArticle[]> {
    const rows = await this.#db
      .selectFrom('articles')
      .selectAll()
      .where('story_id', '=', storyId)
      .orderBy('sort_time')
      .orderBy('id')
      .execute();
    return rows.map(rowToStored);
  }

  async listCopies(originalId: string): Promise<StoredArticle[]> {
    const rows = await this.#db
      .selectFrom('articles')
      .selectAll()
      .where('duplicate_of', '=', originalId)
      .orderBy('sort_time')
      .orderBy('id')
      .execute();
    return rows.map(rowToStored);
  }

  // Search

  /**
   * Matches by ts_rank (title ×3), then newest first. Only the newest matches are ranked: the newest
   * `searchCandidates` (2,000) that pass the filters, or `limit + offset` when that is more. ts_rank reads
   * each match's whole vector, so ranking every match of a common word (one article in ten) took seconds
   * at 1M articles; a bounded set costs about the same at any size. A query with fewer matches is ranked
   * over all of them, as before; pages agree while `limit + offset` stays within the bound. Hits carry
   * the article's `sortTime`, so the site's search need not load its pool to weigh recency.
   */
  async searchTerms(query: SearchQuery): Promise<SearchHit[]> {
    const tsq = tsQuery(query.terms, { phrase: query.phrase, match: query.match });
    const limit = limitOf(query.limit);
    if (tsq === null || limit === 0) return [];
    const page = { limit, offset: Math.max(0, Math.floor(query.offset ?? 0)) };
    const bound = Math.max(this.#candidates, page.limit + page.offset);
    const search = async (db: Kysely<Database>) => {
      const rank = await this.#rank(db, sql.ref('s.search'), tsq, query);
      return Number.isFinite(bound)
        ? await this.#rankNewest(db, tsq, query, rank, bound, page)
        : await this.#rankAll(db, tsq, query, rank, page);
    };
    const rows = await this.#withSearchTimeout(search);
    return rows.map((r) => ({ id: r.id, score: r.rank, sortTime: r.sort_time.toISOString() }));
  }

  /**
   * Run `search` with the store's search timeout, in a transaction so the setting ends with it. A public
   * search box must not hold a backend for minutes: the bound on ranked matches keeps common words
   * cheap, but a filter on a rare source with a common word still widens its window to the whole table.
   */
  async #withSearchTimeout<T>(search: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    const ms = this.#searchTimeoutMs;
    if (!Number.isFinite(ms)) return search(this.#db);
    try {
      return await this.#db.transaction().execute(async (tx) => {
        await sql`select set_config('statement_timeout', ${String(ms)}, true)`.execute(tx);
        return search(tx);
      });
    } catch (error) {
      if ((error as { code?: string }).code === QUERY_CANCELED) {
        throw new Error(
          `store: search stopped after ${ms / 1000} s (PostgreSQL statement timeout); narrow it with fewer common words, a date range or no source filter`,
        );
      }
      throw error;
    }
  }

  /** Every match ranked (`searchCandidates: Infinity`). */
  async #rankAll(
    db: Kysely<Database>,
    tsq: RawBuilder<string>,
    query: SearchQuery,
    rank: RawBuilder<number>,
    page: { limit: number; offset: number },
  ): Promise<RankedRow[]> {
    const { rows } = await sql<RankedRow>`select a.id, a.sort_time, ${rank} as rank
      from article_search s join articles a on a.seq = s.seq
      where ${this.#matchCondition(tsq, query, null)}
      order by rank desc, a.sort_time desc, a.id
      limit ${page.limit} offset ${page.offset}`.execute(db);
    return rows;
  }

  /**
   * The newest `n` matches (by sort_time, then seq) ranked, sought in windows of the newest articles:
   * one sized by the planner's estimate, then wider ones until a window holds n matches or reaches back
   * past the oldest article (or `from`). A window that holds n matches holds the newest n, so the answer
   * does not depend on where windows start, only the work does. One statement per window, which ranks
   * only when its window was enough.
   */
  async #rankNewest(
    db: Kysely<Database>,
    tsq: RawBuilder<string>,
    query: SearchQuery,
    rank: RawBuilder<number>,
    n: number,
    page: { limit: number; offset: number },
  ): Promise<RankedRow[]> {
    const filters = query.filters ?? {};
    const from = timeBound(filters.from, 'from');
    const to = timeBound(filters.to, 'to');
    const onArticle = articleFilters(filters);
    // The window's matches first, on their own (a fence), so that the GIN index is asked for both the
    // words and the window and skips older postings. Left to itself, the planner walks the time index
    // and tests every row's vector (detoasting each), 5 to 10 times slower.
    // Article filters are then tested newest first, one row at a time, until n pass: a join would
    // test them all (or read the whole articles table, in a hash join).
    const newest =
      onArticle.length === 0
        ? sql`select seq, sort_time from w order by sort_time desc, seq desc limit ${n}`
        : sql`select seq, sort_time from (select seq, sort_time from w order by sort_time desc, seq desc offset 0) as o
            where (select ${sql.join(onArticle, sql` and `)} from articles a where a.seq = o.seq)
            limit ${n}`;
    for (let size = await this.#firstWindow(db, tsq, query, n); ; ) {
      const start = await this.#windowStart(db, size, to);
      // A window reaching the oldest article, or back past `from`, leaves no match outside it.
      const last = start === null || (from !== null && from >= start);
      const { rows } = await sql<RankedRow & { found: number }>`with
          w as materialized (select s.seq, s.sort_time from article_search s
            where ${this.#matchCondition(tsq, query, start, false)}),
          c as materialized (${newest}),
          found as (select count(*)::int as found from c)
        select found.found, r.* from found left join lateral (
          select a.id, a.sort_time, ${rank} as rank
          from c join article_search s on s.seq = c.seq join articles a on a.seq = c.seq
          where ${last} or found.found = ${n}
          order by rank desc, a.sort_time desc, a.id
          limit ${page.limit} offset ${page.offset}) as r on true`.execute(db);
      const found = rows[0]?.found ?? 0;
      if (last || found === n) return rows.filter((r) => r.id !== null);
      size = windowSize((size * WINDOW_SLACK * n) / Math.max(found, 1));
    }
  }

  /**
   * Articles in a first window that should hold n matches: WINDOW_SLACK × n at the match rate the
   * planner expects of the words (and phrase and time bounds) over the whole table, at most
   * WINDOW_FIRST_MAX × n.
   */
  async #firstWindow(
    db: Kysely<Database>,
    tsq: RawBuilder<string>,
    query: SearchQuery,
    n: number,
  ): Promise<number> {
    const most = windowSize(n * WINDOW_FIRST_MAX);
    const rows = await this.#tableRows(db);
    if (rows === null) return most;
    const { rows: plan } = await sql<{
      'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }];
    }>`explain (format json)
      select 1 from article_search s where ${this.#matchCondition(tsq, query, null, false)}`.execute(db);
    const matches = plan[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 1;
    return Math.min(most, windowSize((rows * WINDOW_SLACK * n) / Math.max(matches, 1)));
  }

  /**
   * What a match in `article_search s` (joined to `articles a` when `withArticle`) meets: the query, the
   * phrase inside one field, the time bounds (from `since` on, when later than `from`), and the article
   * filters when asked for.
   */
  #matchCondition(
    tsq: RawBuilder<string>,
    query: SearchQuery,
    since: Date | null,
    withArticle = true,
  ): RawBuilder<boolean> {
    const filters = query.filters ?? {};
    const conditions = [sql<boolean>`s.search @@ ${tsq}`];
    if (query.phrase) {
      // Title and body sit in one vector, the body's positions right after the title's; a phrase must
      // lie inside one of them, as it does in SQLite's separate FTS5 columns.
      conditions.push(
        sql<boolean>`(ts_filter(s.search, '{a}') @@ ${tsq} or ts_filter(s.search, '{d}') @@ ${tsq})`,
      );
    }
    const from = timeBound(filters.from, 'from');
    const lower = since !== null && (from === null || since > from) ? since : from;
    if (lower !== null) conditions.push(sql<boolean>`s.sort_time >= ${lower}`);
    const to = timeBound(filters.to, 'to');
    if (to !== null) conditions.push(sql<boolean>`s.sort_time <= ${to}`);
    if (withArticle) conditions.push(...articleFilters(filters));
    return sql<boolean>`${sql.join(conditions, sql` and `)}`;
  }

  /**
   * The rows of article_search as the planner counts them (rows per page at the last ANALYZE times the
   * pages now), remembered for WINDOW_TTL_MS; null before the table was ever analyzed with rows in it.
   */
  async #tableRows(db: Kysely<Database>): Promise<number | null> {
    const known = this.#windows.get('rows');
    if (known && known.until > Date.now()) return known.rows;
    const { rows } = await sql<{ n: number | null }>`select case when c.relpages > 0 and c.reltuples >= 0
        then c.reltuples / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::float8)
      end as n
      from pg_class c where c.oid = to_regclass('article_search')`.execute(db);
    const n = rows[0]?.n ?? null;
    this.#remember('rows', { rows: n, start: null });
    return n;
  }

  /**
   * sort_time of the `size`-th newest article (at or before `to`): the start of a window of about `size`
   * articles. Null when the table holds no more than that.
   */
  async #windowStart(db: Kysely<Database>, size: number, to: Date | null): Promise<Date | null> {
    const rows = await this.#tableRows(db);
    if (!Number.isSafeInteger(size) || (rows !== null && rows <= size)) return null;
    const key = `${size}|${to?.toISOString() ?? ''}`;
    const known = this.#windows.get(key);
    if (known && known.until > Date.now()) return known.start;
    const before = to === null ? sql`` : sql`where sort_time <= ${to}`;
    const { rows: found } = await sql<{ sort_time: Date }>`select sort_time from article_search ${before}
      order by sort_time desc offset ${size - 1} limit 1`.execute(db);
    const start = found[0]?.sort_time ?? null;
    this.#remember(key, { rows: null, start });
    return start;
  }

  #remember(key: string, value: { rows: number | null; start: Date | null }): void {
    if (this.#windows.size >= 256) this.#windows.clear();
    this.#windows.set(key, { ...value, until: Date.now() + WINDOW_TTL_MS });
  }

  /**
   * ts_rank knows nothing of the corpus, so with `match: 'any'` an article matching only a common word
   * would rank with one matching only a rare one. There each word's rank is weighted by its bm25 IDF,
   * as FTS5's bm25 does; with every word required (or a phrase) plain ts_rank already orders hits
   * almost as bm25 does (its AND ranking also rewards the words standing close).
   */
  async #rank(
    db: Kysely<Database>,
    search: RawBuilder<unknown>,
    tsq: RawBuilder<string>,
    query: SearchQuery,
  ) {
    const plain = (q: RawBuilder<string>) =>
      sql<number>`ts_rank(${RANK_WEIGHTS}, ${search}, ${q}, ${sql.lit(RANK_NORMALIZATION)})`;
    const words = [...new Set(searchWords(query.terms))];
    if (query.phrase || query.match !== 'any' || words.length < 2) return plain(tsq);
    const counts = words.map(
      (w) => sql<number>`(select count(*) from (select 1 from article_search
        where search @@ ${wordQuery(w)} limit ${DF_CAP}) as hits)::float8`,
    );
    const stats = await sql<{ n: number | null; df: number[] }>`select
      (select reltuples from pg_class where oid = to_regclass('article_search'))::float8 as n,
      array[${sql.join(counts)}] as df`.execute(db);
    const df = stats.rows[0]?.df ?? [];
    // reltuples is an estimate (-1 before the first ANALYZE); the largest count bounds it from below.
    const n = Math.max(stats.rows[0]?.n ?? 0, ...df, 1);
    const terms = words.map((w, i) => {
      const d = df[i] ?? 0;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      return sql`${idf}::float8 * ${plain(wordQuery(w))}`;
    });
    return sql<number>`(${sql.join(terms, sql` + `)})`;
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}
