/**
 * The article's ordering time beside its search vector, so that search can rank only the newest
 * matches (`PostgresStore.searchTerms`): `search @@ q and sort_time >= window start`. A copy of
 * `articles.sort_time`, kept by triggers, so every writer of `article_search` (the store,
 * `migrate-store`) stays as it was.
 *
 * The GIN index takes sort_time as a second column when the `btree_gin` extension can be created (it
 * ships with PostgreSQL; trusted, so a role with CREATE on the database may create it). The index scan
 * then ANDs the window with the words inside the index and skips the older part of a word's posting
 * list, instead of reading all of it (a common word's list holds 100,000+ entries at 1M articles).
 * Without the extension the index is on `search` alone and the window comes from the B-tree on
 * sort_time (a BitmapAnd): the same answers, slower for common words.
 *
 * The table is rebuilt rather than altered in place: an UPDATE filling the new column would write a
 * new version of every row and re-insert all its lexemes into the GIN index, slower than building the
 * index once. The rebuild holds the table for its duration (most of it the GIN build, which follows
 * `maintenance_work_mem`; see docs/scaling.md for measured times).
 */
import { type Kysely, type Migration, sql } from 'kysely';

const REBUILD = [
  // No parallel scans: a search visits a few thousand rows, and starting a worker costs more than it
  // saves (tens of ms each on a busy box, where every worker also faults in the shared buffers it reads).
  `CREATE TABLE article_search_next (
    seq bigint NOT NULL,
    sort_time timestamptz NOT NULL,
    search tsvector NOT NULL
  ) WITH (parallel_workers = 0)`,
  `INSERT INTO article_search_next (seq, sort_time, search)
    SELECT s.seq, a.sort_time, s.search FROM article_search s JOIN articles a ON a.seq = s.seq`,
  'DROP TABLE article_search',
  'ALTER TABLE article_search_next RENAME TO article_search',
  // The names 0001 gave them, so the schema reads the same however it was reached.
  'ALTER TABLE article_search ADD CONSTRAINT article_search_pkey PRIMARY KEY (seq)',
  `ALTER TABLE article_search ADD CONSTRAINT article_search_seq_fkey
    FOREIGN KEY (seq) REFERENCES articles (seq) ON DELETE CASCADE`,
];

const AFTER = [
  // Window starts (the n-th newest article) and the window's range when the GIN index has no sort_time.
  'CREATE INDEX article_search_recent ON article_search (sort_time, seq)',
  // search_path as at creation (the store's schema): the functions find `articles` whoever calls them.
  `CREATE FUNCTION article_search_take_sort_time() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
      SELECT a.sort_time INTO NEW.sort_time FROM articles a WHERE a.seq = NEW.seq;
      RETURN NEW;
    END $$`,
  `CREATE TRIGGER article_search_sort_time BEFORE INSERT ON article_search
    FOR EACH ROW EXECUTE FUNCTION article_search_take_sort_time()`,
  // sort_time changes only when a re-ingest brings another publication date: rare, so a row update is fine.
  `CREATE FUNCTION article_search_follow_sort_time() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
      UPDATE article_search SET sort_time = NEW.sort_time WHERE seq = NEW.seq;
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER articles_sort_time_to_search AFTER UPDATE OF sort_time ON articles
    FOR EACH ROW WHEN (OLD.sort_time IS DISTINCT FROM NEW.sort_time)
    EXECUTE FUNCTION article_search_follow_sort_time()`,
  // Planner statistics for the new table now rather than whenever autovacuum comes by.
  'ANALYZE article_search',
];

const DOWN = [
  'DROP TRIGGER articles_sort_time_to_search ON articles',
  'DROP FUNCTION article_search_follow_sort_time()',
  'DROP TRIGGER article_search_sort_time ON article_search',
  'DROP FUNCTION article_search_take_sort_time()',
  'DROP INDEX article_search_recent',
  'DROP INDEX article_search_terms',
  'ALTER TABLE article_search RESET (parallel_workers)',
  'ALTER TABLE article_search DROP COLUMN sort_time',
  'CREATE INDEX article_search_terms ON article_search USING gin (search)',
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * The GIN index on the words and sort_time, when this role may have btree_gin (there already, or
 * created now in the store's schema, the first on the search path); else on the words alone. A refusal
 * (no CREATE on the database, the extension in a schema this role cannot use) is undone to a savepoint
 * so that the migration goes on.
 */
async function createTermsIndex(db: Kysely<unknown>): Promise<void> {
  await sql`SAVEPOINT btree_gin`.execute(db);
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS btree_gin`.execute(db);
    await sql`CREATE INDEX article_search_terms ON article_search USING gin (search, sort_time)`.execute(db);
    await sql`RELEASE SAVEPOINT btree_gin`.execute(db);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT btree_gin`.execute(db);
    await sql`CREATE INDEX article_search_terms ON article_search USING gin (search)`.execute(db);
  }
}

export const migration0003: Migration = {
  up: async (db) => {
    await run(db, REBUILD);
    await createTermsIndex(db);
    await run(db, AFTER);
  },
  down: (db) => run(db, DOWN),
};
