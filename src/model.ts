/**
 * The records that flow through naba, in pipeline order (docs/architecture.md):
 * Source → FeedEntry → Page → Article → Analysis → placement (duplicate group, story).
 * Plain data only: no behaviour, no I/O. Dates are ISO 8601 strings with their offset.
 */

/** A site we take news from, with one or more feeds (RSS/Atom/JSON Feed) or sitemaps. */
export interface Source {
  id: string;
  name: string;
  /** Home page of the outlet. */
  siteUrl: string;
  feeds: string[];
  /** BCP 47 language the outlet mostly writes in ('ar' by default). */
  language: string;
  paused: boolean;
}

/** Health and schedule of a source, updated after every fetch. */
export interface SourceState {
  sourceId: string;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  nextFetchAt: string | null;
  consecutiveFailures: number;
  /** `stage: cause`, e.g. `fetch: timeout after 30000 ms (https://…)`. */
  lastError: string | null;
  /** Learned polling interval in seconds. */
  intervalSeconds: number;
}

/** One item of a feed or sitemap: a pointer to an article page, with what the feed says about it. */
export interface FeedEntry {
  url: string;
  title?: string;
  published?: string;
  updated?: string;
  author?: string;
  summary?: string;
  /** Full text when the feed carries it (content:encoded, Atom content, JSON Feed content_html). */
  contentHtml?: string;
  image?: string;
  categories?: string[];
}

/** An embedded post (X/Twitter, Facebook, YouTube, Instagram) lifted out of the body as a structured quote. */
export interface Quote {
  platform: string;
  author?: string;
  handle?: string;
  date?: string;
  url?: string;
  text: string;
}

/** A news article: what extraction gives, or what an article JSONL line holds. */
export interface Article {
  /** Stable id: the canonical URL's hash for crawled pages, the file's id for imports. */
  id: string;
  sourceId: string;
  url: string;
  canonicalUrl?: string;
  title: string;
  /** Plain body text, paragraphs separated by blank lines. */
  text: string;
  /** Sanitized body HTML when the page had one (for display only; analysis uses `text`). */
  html?: string;
  author?: string;
  published?: string;
  modified?: string;
  image?: string;
  language?: string;
  /** The publisher's own section label, as printed. */
  section?: string;
  /** Tags the publisher gave, as printed (often junk: kept for reference, not shown as ours). */
  publisherTags?: string[];
  /** Attribution the page itself printed, e.g. `المصدر: صدى البلد`. */
  sourceLine?: string;
  quotes?: Quote[];
  /** When naba first stored it. */
  fetchedAt?: string;
}
