/**
 * Row types of the PostgreSQL tables, for Kysely. `bigint` arrives as a number (the pool parses int8;
 * seq and counts stay far below 2^53), `timestamptz` as a Date, `json`/`jsonb` parsed; both are written as
 * JSON text.
 */
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface SourcesTable {
  id: string;
  name: string;
  site_url: string;
  feeds: Json<string[]>;
  language: string;
  paused: boolean;
  created_at: Generated<Date>;
}

export interface SourceStateTable {
  source_id: string;
  last_fetch_at: string | null;
  last_success_at: string | null;
  next_fetch_at: string | null;
  next_fetch_time: Timestamp | null;
  consecutive_failures: number;
  last_error: string | null;
  interval_seconds: number;
}

export interface FeedCacheTable {
  url: string;
  etag: string | null;
  last_modified: string | null;
  checked_at: string;
}

export interface SeenEntriesTable {
  source_id: string;
  url: string;
  first_seen: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ArticlesTable {
  id: string;
  seq: GeneratedAlways<number>;
  source_id: string;
  url: string;
  canonical_url: string | null;
  url_key: string | null;
  title: string;
  text: string;
  html: string | null;
  author: string | null;
  published: string | null;
  modified: string | null;
  image: string | null;
  language: string | null;
  publisher_section: string | null;
  publisher_tags: Json<string[]> | null;
  source_line: string | null;
  quotes: Json<unknown[]> | null;
  fetched_at: string;
  sort_time: Timestamp;
  content_hash: string;
  updated_at: Timestamp;
  analyzed_at: Timestamp | null;
  analysis_hash: string | null;
  tags: Json<unknown[]> | null;
  entities: Json<unknown[]> | null;
  quoted_sources: Json<unknown[]> | null;
  section: string | null;
  placed_at: Timestamp | null;
  duplicate_of: string | null;
  story_id: string | null;
  /** `json` `CopyChanges` of a copy (migration 0002). */
  copy_changes: Json<unknown> | null;
}

export interface ArticleSearchTable {
  seq: number;
  /** The article's `sort_time`, copied by a trigger on insert and kept in step (migration 0003). */
  sort_time: ColumnType<Date, Date | string | undefined, Date | string>;
  /** `tsvector`: title terms weighted A, body terms D. */
  search: string;
}

export interface StoriesTable {
  id: string;
  headline: string;
  headline_article_id: string;
  first_seen: string;
  first_seen_time: Timestamp;
  last_update: string;
  last_update_time: Timestamp;
  article_count: number;
  source_count: number;
  section: string | null;
}

export interface Database {
  sources: SourcesTable;
  source_state: SourceStateTable;
  feed_cache: FeedCacheTable;
  seen_entries: SeenEntriesTable;
  articles: ArticlesTable;
  article_search: ArticleSearchTable;
  stories: StoriesTable;
}
