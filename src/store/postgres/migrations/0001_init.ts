/**
 * The first PostgreSQL schema, the same tables as `sqlite/migrations/0001_init.ts`. Never edit a
 * shipped migration: add `0002_….ts` and list it in `index.ts`.
 */
import { type Kysely, type Migration, sql } from 'kysely';

// Ids and URLs compare byte-wise (COLLATE "C"), as in SQLite, whatever the database's default collation:
// list order and cursors must not depend on the locale the cluster was created with.
const UP = [
  `CREATE TABLE sources (
    id text COLLATE "C" PRIMARY KEY,
    name text NOT NULL,
    site_url text NOT NULL,
    feeds jsonb NOT NULL DEFAULT '[]',
    language text NOT NULL,
    paused boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  // The *_at text columns keep the caller's strings as given; *_time columns are the parsed instants
  // that order and filter.
  `CREATE TABLE source_state (
    source_id text COLLATE "C" PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    last_fetch_at text,
    last_success_at text,
    next_fetch_at text,
    next_fetch_time timestamptz,
    consecutive_failures integer NOT NULL DEFAULT 0,
    last_error text,
    interval_seconds integer NOT NULL DEFAULT 0
  )`,
  'CREATE INDEX source_state_next ON source_state (next_fetch_time)',
  `CREATE TABLE feed_cache (
    url text COLLATE "C" PRIMARY KEY,
    etag text,
    last_modified text,
    checked_at text NOT NULL
  )`,
  `CREATE TABLE seen_entries (
    source_id text COLLATE "C" NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    url text COLLATE "C" NOT NULL,
    first_seen timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_id, url)
  )`,
  `CREATE TABLE stories (
    id text COLLATE "C" PRIMARY KEY,
    headline text NOT NULL,
    headline_article_id text COLLATE "C" NOT NULL,
    first_seen text NOT NULL,
    first_seen_time timestamptz NOT NULL,
    last_update text NOT NULL,
    last_update_time timestamptz NOT NULL,
    article_count integer NOT NULL,
    source_count integer NOT NULL,
    section text
  )`,
  'CREATE INDEX stories_recent ON stories (last_update_time, id)',
  'CREATE INDEX stories_section ON stories (section, last_update_time, id)',
  // seq is the insertion order and keys the search row; an identity never hands out a value twice.
  // Article and analysis JSON is `json`, kept as written: `jsonb` would reorder object keys, and an
  // article read back and stored again must hash the same.
  `CREATE TABLE articles (
    id text COLLATE "C" PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    source_id text COLLATE "C" NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    url text COLLATE "C" NOT NULL,
    canonical_url text COLLATE "C",
    url_key text COLLATE "C",
    title text NOT NULL,
    text text NOT NULL,
    html text,
    author text,
    published text,
    modified text,
    image text,
    language text,
    publisher_section text,
    publisher_tags json,
    source_line text,
    quotes json,
    fetched_at text NOT NULL,
    sort_time timestamptz NOT NULL,
    content_hash text NOT NULL,
    updated_at timestamptz NOT NULL,
    analyzed_at timestamptz,
    analysis_hash text,
    tags json,
    entities json,
    quoted_sources json,
    section text,
    placed_at timestamptz,
    duplicate_of text COLLATE "C" REFERENCES articles (id) ON DELETE SET NULL,
    story_id text COLLATE "C" REFERENCES stories (id) ON DELETE SET NULL,
    CONSTRAINT articles_not_own_copy CHECK (duplicate_of <> id)
  )`,
  'CREATE INDEX articles_recent ON articles (sort_time, id)',
  // Front pages leave copies out; a partial index keeps that listing an index scan.
  'CREATE INDEX articles_originals ON articles (sort_time, id) WHERE duplicate_of IS NULL',
  'CREATE INDEX articles_source ON articles (source_id, sort_time, id)',
  'CREATE INDEX articles_section ON articles (section, sort_time, id)',
  'CREATE INDEX articles_url_key ON articles (url_key)',
  'CREATE INDEX articles_url ON articles (url)',
  'CREATE INDEX articles_duplicate_of ON articles (duplicate_of)',
  'CREATE INDEX articles_story ON articles (story_id, sort_time)',
  // Apart from `articles` so that re-ingest and placement updates (new row versions of `articles`)
  // do not re-insert every lexeme into the GIN index. Terms come from our analyzer, already
  // normalized and stemmed, so the `simple` configuration only splits and lowercases.
  `CREATE TABLE article_search (
    seq bigint PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
    search tsvector NOT NULL
  )`,
  'CREATE INDEX article_search_terms ON article_search USING gin (search)',
];

const DOWN = [
  'DROP TABLE article_search',
  'DROP TABLE articles',
  'DROP TABLE stories',
  'DROP TABLE seen_entries',
  'DROP TABLE feed_cache',
  'DROP TABLE source_state',
  'DROP TABLE sources',
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const migration0001: Migration = {
  up: (db) => run(db, UP),
  down: (db) => run(db, DOWN),
};
