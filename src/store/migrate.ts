/**
 * `naba migrate-store`: copy an embedded SQLite store into PostgreSQL, then prove the copy. Rows are
 * copied as they are (hashes, first-fetch, analysis and placement times included), which the `Store`
 * interface cannot do, so this file reads and writes both schemas directly. Every write is an upsert
 * keyed by the row's own id, so a re-run (after a crash, or to catch up) converges on the same result.
 *
 * Search terms: the SQLite index is contentless (FTS5 `content=''`), so its columns read back as NULL,
 * but an `fts5vocab` table of type `instance` lists every indexed token with its document, column and
 * position. That rebuilds each article's title and body terms in order (as FTS5's tokenizer saw them:
 * lowercased, split at non-word characters), and PostgreSQL indexes them again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { openPostgresDatabase, type PostgresStoreOptions, redactUrl } from './postgres/postgres-store.ts';
import type { Database as PgDatabase } from './postgres/schema.ts';
import type { Database as SqliteDatabase } from './sqlite/schema.ts';

export const MIGRATE_STEPS = [
  'sources',
  'source_state',
  'feed_cache',
  'seen_entries',
  'stories',
  'articles',
  'search',
  'placements',
] as const;

export type MigrateStep = (typeof MIGRATE_STEPS)[number];

export interface MigrateProgress {
  step: MigrateStep;
  /** Rows of the step's SQLite table handled so far. */
  done: number;
  total: number;
}

export interface MigrateOptions {
  /** Rows per read and per write statement (default 1000). */
  batchSize?: number;
  onProgress?: (progress: MigrateProgress) => void;
  /** PostgreSQL schema to write into (default: the connection's current schema). */
  postgres?: PostgresStoreOptions;
}

export interface TableDigest {
  count: number;
  /** Order-independent digest of the table's rows (sum of per-row SHA-256 prefixes, hex). */
  checksum: string;
}

export interface TableCheck {
  table: string;
  sqlite: TableDigest;
  postgres: TableDigest;
  match: boolean;
}

export interface MigrateSummary {
  from: string;
  to: string;
  /** Rows written per step; `placements` counts copy links (re-runs write everything again). */
  copied: Record<MigrateStep, number>;
  checks: TableCheck[];
  /** True when every table's count and checksum agree. */
  ok: boolean;
  seconds: number;
}

type Row = Record<string, unknown>;
type Pg = Kysely<PgDatabase>;

// The SQLite layouts this version can read: every migration the SQLite store ships (0002 only adds an index).
const KNOWN_SQLITE_MIGRATIONS = ['0001_init', '0002_copies_by_time', '0003_copy_changes'];

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function openSqliteSource(path: string): BetterSqlite3.Database {
  if (!existsSync(path)) throw new Error(`migrate-store: no SQLite file at ${path}`);
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`migrate-store: cannot open ${path}: ${message(error)}`);
  }
  let names: string[];
  try {
    names = (raw.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
      (r) => r.name,
    );
  } catch {
    raw.close();
    throw new Error(`migrate-store: ${path} is not a naba store (no kysely_migration table)`);
  }
  if (!names.includes('0001_init') || names.some((n) => !KNOWN_SQLITE_MIGRATIONS.includes(n))) {
    raw.close();
    throw new Error(
      `migrate-store: ${path} has schema migrations [${names.join(', ')}]; this version reads [${KNOWN_SQLITE_MIGRATIONS.join(', ')}]`,
    );
  }
  return raw;
}

function msToDate(value: unknown): Date | null {
  return typeof value === 'number' ? new Date(value) : null;
}

function isoToDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** SQLite JSON text as it goes into json/jsonb: unchanged when it parses, else null (PostgreSQL would refuse it). */
function jsonText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    JSON.parse(value);
    return value;
  } catch {
    return null;
  }
}

/** JSON with object keys sorted, so a jsonb column (which reorders keys) compares equal to the text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Row).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SQLite keeps JSON as text, `pg` hands it over parsed. */
function canonicalOf(value: unknown): string {
  if (typeof value !== 'string') return canonicalJson(value);
  try {
    return canonicalJson(JSON.parse(value));
  } catch {
    return 'null';
  }
}

/** An instant from either engine (ISO text, epoch ms or Date) as epoch ms. */
function msOf(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return isoToDate(value)?.getTime() ?? null;
}

const MOD = 1n << 128n;

/** Sums row hashes, so the order rows arrive in (which differs between engines) does not matter. */
class Digest {
  #count = 0;
  #sum = 0n;

  add(fields: readonly unknown[]): void {
    const hash = createHash('sha256').update(JSON.stringify(fields)).digest();
    this.#sum = (this.#sum + BigInt(`0x${hash.subarray(0, 16).toString('hex')}`)) % MOD;
    this.#count++;
  }

  result(): TableDigest {
    return { count: this.#count, checksum: this.#sum.toString(16).padStart(32, '0') };
  }
}

/** Rows of a SQLite table in key order, `size` at a time (table and key names come from this file). */
function* sqlitePages(
  raw: BetterSqlite3.Database,
  table: string,
  key: string[],
  size: number,
): Generator<Row[]> {
  const keys = key.join(', ');
  const first = raw.prepare(`SELECT * FROM ${table} ORDER BY ${keys} LIMIT ?`);
  const next = raw.prepare(
    `SELECT * FROM ${table} WHERE (${keys}) > (${key.map(() => '?').join(', ')}) ORDER BY ${keys} LIMIT ?`,
  );
  let after: unknown[] | null = null;
  for (;;) {
    const rows = (after === null ? first.all(size) : next.all(...after, size)) as Row[];
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < size || !last) return;
    after = key.map((k) => last[k]);
  }
}

/** Rows of a PostgreSQL table in key order, `size` at a time. */
async function* pgPages(db: Pg, table: string, key: string[], size: number): AsyncGenerator<Row[]> {
  const keys = sql.join(key.map((k) => sql.ref(k)));
  let after: unknown[] | null = null;
  for (;;) {
    const where: RawBuilder<unknown> =
      after === null ? sql`` : sql`where (${keys}) > (${sql.join(after.map((v) => sql`${v}`))})`;
    const { rows } =
      await sql<Row>`select * from ${sql.table(table)} ${where} order by ${keys} limit ${size}`.execute(db);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < size || !last) return;
    after = key.map((k) => last[k]);
  }
}

/** Insert rows, replacing (or with `nothing`, keeping) the ones whose key is already there. */
async function upsert(db: Pg, table: string, key: string[], rows: Row[], onConflict: 'update' | 'nothing') {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const refs = (names: string[]) => sql.join(names.map((c) => sql.ref(c)));
  const values = sql.join(rows.map((r) => sql`(${sql.join(columns.map((c) => sql`${r[c]}`))})`));
  const action =
    onConflict === 'nothing'
      ? sql`do nothing`
      : sql`do update set ${sql.join(
          columns
            .filter((c) => !key.includes(c))
            .map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`),
        )}`;
  await sql`insert into ${sql.table(table)} (${refs(columns)}) values ${values}
    on conflict (${refs(key)}) ${action}`.execute(db);
}

/**
 * One table of the copy: its key in both engines, how a SQLite row becomes a PostgreSQL row, and the
 * fields compared afterwards, taken from either side's row.
 */
interface TableSpec {
  step: Exclude<MigrateStep, 'articles' | 'search' | 'placements'>;
  key: string[];
  onConflict: 'update' | 'nothing';
  toPg(r: Row): Row;
  fields(r: Row): unknown[];
}

const TABLES: TableSpec[] = [
  {
    step: 'sources',
    key: ['id'],
    onConflict: 'update',
    toPg: (r) => ({
      ...r,
      feeds: jsonText(r.feeds) ?? '[]',
      paused: r.paused === 1,
      created_at: isoToDate(r.created_at) ?? new Date(),
    }),
    fields: (r) => [
      r.id,
      r.name,
      r.site_url,
      canonicalOf(r.feeds),
      r.language,
      r.paused === 1 || r.paused === true,
    ],
  },
  {
    step: 'source_state',
    key: ['source_id'],
    onConflict: 'update',
    toPg: ({ next_fetch_ms, ...r }) => ({ ...r, next_fetch_time: msToDate(next_fetch_ms) }),
    fields: (r) => [
      r.source_id,
      r.last_fetch_at,
      r.last_success_at,
      r.next_fetch_at,
      r.consecutive_failures,
      r.last_error,
      r.interval_seconds,
    ],
  },
  {
    step: 'feed_cache',
    key: ['url'],
    onConflict: 'update',
    toPg: (r) => r,
    fields: (r) => [r.url, r.etag, r.last_modified, r.checked_at],
  },
  {
    step: 'seen_entries',
    key: ['source_id', 'url'],
    onConflict: 'nothing',
    toPg: (r) => ({ ...r, first_seen: isoToDate(r.first_seen) ?? new Date() }),
    fields: (r) => [r.source_id, r.url],
  },
  // Before articles: articles point to stories.
  {
    step: 'stories',
    key: ['id'],
    onConflict: 'update',
    toPg: ({ first_seen_ms, last_update_ms, ...r }) => ({
      ...r,
      first_seen_time: msToDate(first_seen_ms),
      last_update_time: msToDate(last_update_ms),
    }),
    fields: (r) => [
      r.id,
      r.headline,
      r.headline_article_id,
      r.first_seen,
      r.last_update,
      r.article_count,
      r.source_count,
      r.section,
    ],
  },
];

/** The article row in PostgreSQL's shape, without `seq` (PostgreSQL numbers its own) or `duplicate_of`. */
function articleToPg(r: Row): Row {
  return {
    id: r.id,
    source_id: r.source_id,
    url: r.url,
    canonical_url: r.canonical_url,
    url_key: r.url_key,
    title: r.title,
    text: r.text,
    html: r.html,
    author: r.author,
    published: r.published,
    modified: r.modified,
    image: r.image,
    language: r.language,
    publisher_section: r.publisher_section,
    publisher_tags: jsonText(r.publisher_tags),
    source_line: r.source_line,
    quotes: jsonText(r.quotes),
    fetched_at: r.fetched_at,
    sort_time: msToDate(r.sort_ms),
    content_hash: r.content_hash,
    updated_at: isoToDate(r.updated_at) ?? new Date(),
    analyzed_at: isoToDate(r.analyzed_at),
    analysis_hash: r.analysis_hash,
    tags: jsonText(r.tags),
    entities: jsonText(r.entities),
    quoted_sources: jsonText(r.quoted_sources),
    section: r.section,
    placed_at: isoToDate(r.placed_at),
    story_id: r.story_id,
    copy_changes: jsonText(r.copy_changes),
  };
}

/** Article, analysis and placement fields, each compared on its own so a report says which differs. */
function articleDigests(r: Row, d: { articles: Digest; analysis: Digest; placements: Digest }): void {
  d.articles.add([
    r.id,
    r.source_id,
    r.url,
    r.canonical_url,
    r.title,
    r.text,
    r.html,
    r.author,
    r.published,
    r.modified,
    r.image,
    r.language,
    r.publisher_section,
    canonicalOf(r.publisher_tags),
    r.source_line,
    canonicalOf(r.quotes),
    r.fetched_at,
    msOf(r.sort_ms ?? r.sort_time),
    r.content_hash,
  ]);
  if (r.analyzed_at !== null) {
    d.analysis.add([
      r.id,
      msOf(r.analyzed_at),
      r.analysis_hash,
      canonicalOf(r.tags),
      canonicalOf(r.entities),
      canonicalOf(r.quoted_sources),
      r.section,
    ]);
  }
  if (r.placed_at !== null) {
    d.placements.add([r.id, msOf(r.placed_at), r.duplicate_of, r.story_id, canonicalOf(r.copy_changes)]);
  }
}

interface Terms {
  title: string[];
  body: string[];
}

/** The title and body terms of indexed articles, rebuilt from the FTS5 index into a temp table keyed by seq. */
function buildTermsTable(raw: BetterSqlite3.Database): void {
  raw.exec('CREATE VIRTUAL TABLE temp.naba_fts_vocab USING fts5vocab(main, article_fts, instance)');
  raw.exec('CREATE TEMP TABLE naba_terms AS SELECT doc, col, "offset" AS pos, term FROM temp.naba_fts_vocab');
  raw.exec('CREATE INDEX temp.naba_terms_doc ON naba_terms (doc, col, pos)');
}

function termsOf(raw: BetterSqlite3.Database, seqs: number[]): Map<number, Terms> {
  const out = new Map<number, Terms>();
  if (seqs.length === 0) return out;
  const rows = raw
    .prepare(
      `SELECT doc, col, term FROM naba_terms WHERE doc IN (${seqs.map(() => '?').join(',')}) ORDER BY doc, col, pos`,
    )
    .all(...seqs) as { doc: number; col: string; term: string }[];
  for (const r of rows) {
    let entry = out.get(r.doc);
    if (!entry) {
      entry = { title: [], body: [] };
      out.set(r.doc, entry);
    }
    (r.col === 'title_terms' ? entry.title : entry.body).push(r.term);
  }
  return out;
}

/** Distinct terms per field: PostgreSQL caps positions (16383, 256 per lexeme), so counts may differ. */
function termSet(t: Terms): string[] {
  return [...new Set([...t.title.map((w) => `title:${w}`), ...t.body.map((w) => `body:${w}`)])].sort();
}

function countOf(raw: BetterSqlite3.Database, table: keyof SqliteDatabase): number {
  return (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

async function copyAll(
  raw: BetterSqlite3.Database,
  db: Pg,
  size: number,
  report: (step: MigrateStep, done: number, total: number) => void,
): Promise<Record<MigrateStep, number>> {
  const copied = Object.fromEntries(MIGRATE_STEPS.map((s) => [s, 0])) as Record<MigrateStep, number>;
  for (const spec of TABLES) {
    const total = countOf(raw, spec.step);
    for (const rows of sqlitePages(raw, spec.step, spec.key, size)) {
      await upsert(db, spec.step, spec.key, rows.map(spec.toPg), spec.onConflict);
      copied[spec.step] += rows.length;
      report(spec.step, copied[spec.step], total);
    }
  }

  // Articles in insertion order (new ones get PostgreSQL seqs in that order) with analysis, story and
  // search terms. `duplicate_of` waits for the placements pass: an original may come later in seq order.
  const total = countOf(raw, 'articles');
  const search = sql`setweight(to_tsvector('simple', v.title), 'A') || setweight(to_tsvector('simple', v.body), 'D')`;
  for (const rows of sqlitePages(raw, 'articles', ['seq'], size)) {
    await upsert(db, 'articles', ['id'], rows.map(articleToPg), 'update');
    copied.articles += rows.length;
    report('articles', copied.articles, total);
    const terms = termsOf(
      raw,
      rows.map((r) => r.seq as number),
    );
    const indexed = rows.flatMap((r) => {
      const t = terms.get(r.seq as number);
      return t ? [{ id: r.id as string, title: t.title.join(' '), body: t.body.join(' ') }] : [];
    });
    if (indexed.length > 0) {
      await sql`insert into article_search (seq, search)
        select a.seq, ${search}
        from unnest(${indexed.map((t) => t.id)}::text[], ${indexed.map((t) => t.title)}::text[],
                    ${indexed.map((t) => t.body)}::text[]) as v(id, title, body)
        join articles a on a.id = v.id
        on conflict (seq) do update set search = excluded.search`.execute(db);
      copied.search += indexed.length;
    }
    report('search', copied.search, total);
  }

  // Copy links, now that every original is there; nulls too, so a re-run also clears a stale link.
  let scanned = 0;
  for (const rows of sqlitePages(raw, 'articles', ['seq'], size)) {
    await sql`update articles set duplicate_of = v.dup
      from unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.duplicate_of)}::text[]) as v(id, dup)
      where articles.id = v.id and articles.duplicate_of is distinct from v.dup`.execute(db);
    copied.placements += rows.filter((r) => r.duplicate_of !== null).length;
    scanned += rows.length;
    report('placements', scanned, total);
  }
  return copied;
}

/** Counts and checksums of every copied table, read back from both engines. */
async function compare(raw: BetterSqlite3.Database, db: Pg, size: number): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  const check = (table: string, a: Digest, b: Digest) => {
    const sqlite = a.result();
    const postgres = b.result();
    const match = sqlite.count === postgres.count && sqlite.checksum === postgres.checksum;
    checks.push({ table, sqlite, postgres, match });
  };

  for (const spec of TABLES) {
    const [a, b] = [new Digest(), new Digest()];
    for (const rows of sqlitePages(raw, spec.step, spec.key, size))
      for (const r of rows) a.add(spec.fields(r));
    for await (const rows of pgPages(db, spec.step, spec.key, size))
      for (const r of rows) b.add(spec.fields(r));
    check(spec.step, a, b);
  }

  const digests = () => ({ articles: new Digest(), analysis: new Digest(), placements: new Digest() });
  const [a, b] = [digests(), digests()];
  for (const rows of sqlitePages(raw, 'articles', ['seq'], size)) for (const r of rows) articleDigests(r, a);
  for await (const rows of pgPages(db, 'articles', ['seq'], size)) for (const r of rows) articleDigests(r, b);
  for (const table of ['articles', 'analysis', 'placements'] as const) check(table, a[table], b[table]);

  const searchA = new Digest();
  const idOf = raw.prepare('SELECT id FROM articles WHERE seq = ?').pluck();
  const docs = raw.prepare('SELECT DISTINCT doc FROM naba_terms WHERE doc > ? ORDER BY doc LIMIT ?').pluck();
  for (let after = 0; ; ) {
    const seqs = docs.all(after, size) as number[];
    for (const [doc, t] of termsOf(raw, seqs)) searchA.add([idOf.get(doc), termSet(t)]);
    if (seqs.length < size) break;
    after = seqs.at(-1) ?? after;
  }
  const searchB = new Digest();
  for await (const rows of pgPages(db, 'article_search', ['seq'], size)) {
    const seqs = rows.map((r) => r.seq as number);
    const { rows: lexemes } = await sql<{ id: string; lexeme: string; weights: string[] }>`
      select a.id, u.lexeme, u.weights
      from article_search s join articles a on a.seq = s.seq cross join lateral unnest(s.search) as u
      where s.seq = any(${seqs}::bigint[])`.execute(db);
    const byId = new Map<string, Terms>();
    for (const r of lexemes) {
      let entry = byId.get(r.id);
      if (!entry) {
        entry = { title: [], body: [] };
        byId.set(r.id, entry);
      }
      if (r.weights.includes('A')) entry.title.push(r.lexeme);
      if (r.weights.includes('D')) entry.body.push(r.lexeme);
    }
    for (const [id, t] of byId) searchB.add([id, termSet(t)]);
  }
  check('search', searchA, searchB);
  return checks;
}

/**
 * Copy the SQLite store at `sqlitePath` into the PostgreSQL database at `databaseUrl` (its tables are
 * created or upgraded first), then compare counts and checksums table by table.
 */
export async function migrateSqliteToPostgres(
  sqlitePath: string,
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<MigrateSummary> {
  const started = Date.now();
  const size = Math.max(1, Math.floor(options.batchSize ?? 1000));
  const report = (step: MigrateStep, done: number, total: number) =>
    options.onProgress?.({ step, done, total });
  const raw = openSqliteSource(sqlitePath);
  let db: Pg | undefined;
  try {
    buildTermsTable(raw);
    db = await openPostgresDatabase(databaseUrl, options.postgres);
    const copied = await copyAll(raw, db, size, report);
    const checks = await compare(raw, db, size);
    return {
      from: `sqlite:${sqlitePath}`,
      to: redactUrl(databaseUrl),
      copied,
      checks,
      ok: checks.every((c) => c.match),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await db?.destroy();
    raw.close();
  }
}

/** One line per table for the terminal, then the verdict. */
export function formatMigrateSummary(summary: MigrateSummary): string {
  const side = (d: TableDigest) => `${String(d.count).padStart(8)} ${d.checksum.slice(0, 12)}`;
  const lines = summary.checks.map(
    (c) =>
      `${c.match ? 'ok  ' : 'DIFF'} ${c.table.padEnd(13)} sqlite ${side(c.sqlite)}  postgres ${side(c.postgres)}`,
  );
  const differ = summary.checks.filter((c) => !c.match).length;
  lines.push(
    `migrate-store: ${summary.from} → ${summary.to}: ` +
      (differ === 0 ? `every table matches (${summary.seconds.toFixed(1)} s)` : `${differ} table(s) differ`),
  );
  return lines.join('\n');
}
