/** Row types of the SQLite tables, for Kysely. JSON columns hold text; booleans are 0/1. */
import type { Generated } from 'kysely';

export interface SourcesTable {
  id: string;
  name: string;
  site_url: string;
  feeds: string;
  language: string;
  paused: number;
  created_at: string;
}

export interface SourceStateTable {
  source_id: string;
  last_fetch_at: string | null;
  last_success_at: string | null;
  next_fetch_at: string | null;
  next_fetch_ms: number | null;
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
  first_seen: string;
}

export interface ArticlesTable {
  seq: Generated<number>;
  id: string;
  source_id: string;
  url: string;
  canonical_url: string | null;
  url_key: string | null;
  title: string;
  text: string;
  html: string | null;
  author: string | null;
  published: string | null;
  published_ms: number | null;
  modified: string | null;
  image: string | null;
  language: string | null;
  publisher_section: string | null;
  publisher_tags: string | null;
  source_line: string | null;
  quotes: string | null;
  fetched_at: string;
  sort_ms: number;
  content_hash: string;
  updated_at: string;
  analyzed_at: string | null;
  analysis_hash: string | null;
  tags: string | null;
  entities: string | null;
  quoted_sources: string | null;
  section: string | null;
  placed_at: string | null;
  duplicate_of: string | null;
  story_id: string | null;
  /** JSON `CopyChanges` of a copy (migration 0003). */
  copy_changes: string | null;
}

export interface StoriesTable {
  id: string;
  headline: string;
  headline_article_id: string;
  first_seen: string;
  first_seen_ms: number;
  last_update: string;
  last_update_ms: number;
  article_count: number;
  source_count: number;
  section: string | null;
}

export interface ArticleFtsTable {
  rowid: number;
  title_terms: string;
  body_terms: string;
}

export interface Database {
  sources: SourcesTable;
  source_state: SourceStateTable;
  feed_cache: FeedCacheTable;
  seen_entries: SeenEntriesTable;
  articles: ArticlesTable;
  stories: StoriesTable;
  article_fts: ArticleFtsTable;
}
