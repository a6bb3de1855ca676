/**
 * The storage interface: everything naba keeps goes through `Store`. Two implementations share it
 * (`sqlite/` embedded, `postgres/` for scale) and one contract suite (`contract.ts`) checks both, so
 * nothing here may leak an engine's habits: all methods are async, ids are strings, times are
 * ISO 8601 strings, and no row ids or SQL appear in the types.
 */
import type { Article, Source, SourceState } from '../model.ts';

/** What one fetch of a source came to; the scheduler computes the next time and interval. */
export interface FetchRecord {
  ok: boolean;
  /** `stage: cause` when `ok` is false. */
  error?: string;
  at: string;
  nextFetchAt: string;
  intervalSeconds: number;
  consecutiveFailures: number;
}

/** Validators of the last response of a feed URL, for conditional GET. */
export interface FeedCacheEntry {
  etag: string | null;
  lastModified: string | null;
  checkedAt: string;
}

export interface UpsertResult {
  /** Ids not stored before. */
  inserted: number;
  /** Ids stored before whose content changed. */
  updated: number;
  /** Ids stored before with the same content (re-ingest of the same article). */
  unchanged: number;
}

export interface EntityMention {
  text: string;
  type: string;
  /** Normalized key that groups spellings of one entity. */
  key: string;
}

export interface QuotedSource {
  name: string;
  text: string;
}

/** What the analysis stage writes for one article. */
export interface AnalysisInput {
  tags: string[];
  entities: EntityMention[];
  /** Our section (not the publisher's label). */
  section?: string;
  quotedSources: QuotedSource[];
  /** Space-separated normalized, stemmed body terms for the search index. */
  terms?: string;
  /** Space-separated normalized, stemmed title terms for the search index. */
  titleTerms?: string;
}

export interface StoredAnalysis {
  tags: string[];
  entities: EntityMention[];
  section: string | null;
  quotedSources: QuotedSource[];
  analyzedAt: string;
  /** True when the article's content changed after this analysis was saved: analyze it again. */
  stale: boolean;
}

/** What a copy changed against its original (the corpus's copy diff), kept as JSON. */
export interface CopyChanges {
  /** Id of the original the copy was compared with. */
  of: string;
  titleChanged: boolean;
  leadChanged: boolean;
  /** Paragraphs of the copy not in the original. */
  added: number;
  /** Paragraphs of the original not in the copy. */
  cut: number;
  /** Estimated Jaccard of the two texts' shingles. */
  similarity: number;
}

/**
 * `undefined` leaves a field as it is; `null` clears it. An article placed as no copy (`duplicateOf: null`)
 * loses its copy changes too.
 */
export interface PlacementInput {
  duplicateOf?: string | null;
  storyId?: string | null;
  copyChanges?: CopyChanges | null;
}

/**
 * One placement round, written in one transaction: the stories first (a story given twice keeps its last
 * state), then the placements in order (an article placed twice ends with the later fields, `undefined`
 * still leaving a field as it is). A placer writes a round of many articles this way instead of one
 * transaction per article.
 */
export interface PlacementRound {
  stories?: Story[];
  placements?: { articleId: string; placement: PlacementInput }[];
}

export interface Placement {
  /** Id of the original this article is a copy of. */
  duplicateOf: string | null;
  storyId: string | null;
  /** For a copy: what it changed against its original. */
  copyChanges: CopyChanges | null;
  placedAt: string;
}

export interface StoredArticle {
  article: Article;
  /**
   * The time the article is ordered by: its `published` when that parses, else when it was fetched.
   * ISO 8601 in UTC.
   */
  sortTime: string;
  analysis?: StoredAnalysis;
  placement?: Placement;
}

/** A stored article with its place in insertion order (increasing; never reused). */
export interface PositionedArticle extends StoredArticle {
  position: number;
}

/** Position in a newest-first article list: `sortTime` and `id` of the last item seen. */
export interface ArticleCursor {
  published: string;
  id: string;
}

export interface ArticleListQuery {
  sourceId?: string;
  /** Our section, as saved by `saveAnalysis`. */
  section?: string;
  /** Leave out articles placed as copies of another. */
  excludeCopies?: boolean;
  before?: ArticleCursor;
  limit: number;
}

export interface Page<T, C> {
  items: T[];
  /** Pass as `before` to get the next page; null on the last page. */
  next: C | null;
}

export interface Story {
  id: string;
  headline: string;
  headlineArticleId: string;
  firstSeen: string;
  lastUpdate: string;
  articleCount: number;
  sourceCount: number;
  section?: string | null;
}

export interface StoryCursor {
  lastUpdate: string;
  id: string;
}

export interface StoryListQuery {
  section?: string;
  before?: StoryCursor;
  limit: number;
}

export interface SearchFilters {
  sourceId?: string;
  section?: string;
  /** Inclusive bounds on the article's `sortTime`. */
  from?: string;
  to?: string;
  excludeCopies?: boolean;
}

export interface SearchQuery {
  /** Already analyzed terms (normalized, stemmed), as given to `saveAnalysis`. */
  terms: string[];
  /** Match the terms as one consecutive phrase. */
  phrase?: boolean;
  /** Without `phrase`: every term must match (`all`, the default) or at least one (`any`). */
  match?: 'all' | 'any';
  filters?: SearchFilters;
  limit: number;
  offset?: number;
}

export interface SearchHit {
  id: string;
  /** Higher is better; title hits weigh three times body hits. Comparable within one query only. */
  score: number;
}

export interface Store {
  // Sources
  /** Insert or replace a source (its fetch state is kept). */
  upsertSource(source: Source): Promise<void>;
  getSource(id: string): Promise<Source | null>;
  /** All sources, by id. */
  listSources(): Promise<Source[]>;
  /** Remove a source with its state, seen entries and articles. False when there was none. */
  removeSource(id: string): Promise<boolean>;
  /** False when there is no such source. */
  setSourcePaused(id: string, paused: boolean): Promise<boolean>;
  /** Null for an unknown source; a never-fetched source has null times and zero failures. */
  getSourceState(id: string): Promise<SourceState | null>;
  /** Record a fetch; a success clears the last error. Returns the new state. */
  recordFetch(sourceId: string, outcome: FetchRecord): Promise<SourceState>;
  /** Unpaused sources with at least one feed that were never fetched or whose next fetch is not after `now`, most overdue first. */
  dueSources(now: string, limit?: number): Promise<Source[]>;

  // Conditional GET and seen entries
  getFeedCache(url: string): Promise<FeedCacheEntry | null>;
  setFeedCache(url: string, entry: FeedCacheEntry): Promise<void>;
  /** Remember entry URLs of a source; returns those not seen before, in the given order, once each. */
  markEntriesSeen(sourceId: string, urls: string[]): Promise<string[]>;

  // Articles
  /**
   * Insert or update articles by `id`, in one transaction: either the whole batch is stored or none
   * of it. Every article's source must exist. `fetchedAt` is kept from the first time an id is stored.
   */
  upsertArticles(articles: Article[]): Promise<UpsertResult>;
  getArticle(id: string): Promise<StoredArticle | null>;
  /** In the order of `ids`; unknown ids are left out. */
  getArticlesByIds(ids: string[]): Promise<StoredArticle[]>;
  /** Newest first by `sortTime`, ties by id descending; pages never overlap or skip. */
  listArticles(query: ArticleListQuery): Promise<Page<StoredArticle, ArticleCursor>>;
  countArticles(filter?: { sourceId?: string }): Promise<number>;
  /**
   * Every article in insertion order, read `batchSize` at a time; with `after`, only those stored after
   * the article at that `position` (a reader that keeps the last position reads only what is new).
   */
  iterateArticles(options?: { batchSize?: number; after?: number }): AsyncIterable<PositionedArticle>;
  /** Id of the first stored article whose canonical URL (or URL when it has none) is `url`. */
  articleIdByUrl(url: string): Promise<string | null>;

  // Analysis and placement
  /** Replace the article's analysis; with `terms`/`titleTerms` also its search index entry. */
  saveAnalysis(articleId: string, analysis: AnalysisInput): Promise<void>;
  /** The story, when given, must exist (upsert it first). */
  savePlacement(articleId: string, placement: PlacementInput): Promise<void>;
  upsertStory(story: Story): Promise<void>;
  /**
   * `upsertStory` and `savePlacement` for a whole round in one transaction: all of it is written or none.
   * A placement's story may be one of the round's stories.
   */
  savePlacements(round: PlacementRound): Promise<void>;
  getStory(id: string): Promise<Story | null>;
  /** Most recently updated first. */
  listStories(query: StoryListQuery): Promise<Page<Story, StoryCursor>>;
  /** The story's articles, oldest first (its timeline). */
  listStoryArticles(storyId: string): Promise<StoredArticle[]>;
  /** Articles placed as copies of `originalId`, oldest first. */
  listCopies(originalId: string): Promise<StoredArticle[]>;

  // Search
  searchTerms(query: SearchQuery): Promise<SearchHit[]>;

  close(): Promise<void>;
}
