/** The first schema. Never edit a shipped migration: add `0002_….ts` and list it in `index.ts`. */
import { type Kysely, type Migration, sql } from 'kysely';

const UP = [
  `CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    site_url TEXT NOT NULL,
    feeds TEXT NOT NULL,
    language TEXT NOT NULL,
    paused INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE source_state (
    source_id TEXT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    last_fetch_at TEXT,
    last_success_at TEXT,
    next_fetch_at TEXT,
    next_fetch_ms INTEGER,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    interval_seconds INTEGER NOT NULL DEFAULT 0
  )`,
  'CREATE INDEX source_state_next ON source_state (next_fetch_ms)',
  `CREATE TABLE feed_cache (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT NOT NULL
  )`,
  `CREATE TABLE seen_entries (
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (source_id, url)
  ) WITHOUT ROWID`,
  `CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    headline TEXT NOT NULL,
    headline_article_id TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    first_seen_ms INTEGER NOT NULL,
    last_update TEXT NOT NULL,
    last_update_ms INTEGER NOT NULL,
    article_count INTEGER NOT NULL,
    source_count INTEGER NOT NULL,
    section TEXT
  )`,
  'CREATE INDEX stories_recent ON stories (last_update_ms, id)',
  'CREATE INDEX stories_section ON stories (section, last_update_ms, id)',
  // seq gives the insertion order and the search index key; AUTOINCREMENT so a seq is never reused.
  `CREATE TABLE articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    canonical_url TEXT,
    url_key TEXT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT,
    author TEXT,
    published TEXT,
    published_ms INTEGER,
    modified TEXT,
    image TEXT,
    language TEXT,
    publisher_section TEXT,
    publisher_tags TEXT,
    source_line TEXT,
    quotes TEXT,
    fetched_at TEXT NOT NULL,
    sort_ms INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    analyzed_at TEXT,
    analysis_hash TEXT,
    tags TEXT,
    entities TEXT,
    quoted_sources TEXT,
    section TEXT,
    placed_at TEXT,
    duplicate_of TEXT REFERENCES articles(id) ON DELETE SET NULL,
    story_id TEXT REFERENCES stories(id) ON DELETE SET NULL
  )`,
  'CREATE INDEX articles_recent ON articles (sort_ms, id)',
  'CREATE INDEX articles_source ON articles (source_id, sort_ms, id)',
  'CREATE INDEX articles_section ON articles (section, sort_ms, id)',
  'CREATE INDEX articles_url_key ON articles (url_key)',
  'CREATE INDEX articles_url ON articles (url)',
  'CREATE INDEX articles_duplicate_of ON articles (duplicate_of)',
  'CREATE INDEX articles_story ON articles (story_id, sort_ms)',
  // Terms come from our own analyzer already normalized and space-separated, so the tokenizer only
  // has to split on spaces; contentless because the text itself lives in `articles`.
  `CREATE VIRTUAL TABLE article_fts USING fts5(
    title_terms, body_terms,
    content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 0'
  )`,
  `CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.seq;
  END`,
];

const DOWN = [
  'DROP TRIGGER articles_fts_delete',
  'DROP TABLE article_fts',
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
