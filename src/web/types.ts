/** What the web layer is given: the store, the config and the services other stages provide. */
import type { Config } from '../config.ts';
import type { RelatedResult } from '../corpus/corpus.ts';
import type { SearchOptions, SearchResult } from '../corpus/search.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Source } from '../model.ts';
import type { Store } from '../store/store.ts';

/** Services beyond the store; each is optional and the pages say plainly when one is missing. */
export interface WebServices {
  /** Full-text search (default: `corpus/search.ts` over the store). */
  search?: (query: string, opts: SearchOptions) => Promise<SearchResult>;
  /** Related articles; null while the related index is not ready (or the article is unknown to it). */
  related?: (articleId: string) => RelatedResult | null | Promise<RelatedResult | null>;
  /** Add a source from a feed or page URL (feed autodiscovery). */
  addSource?: (url: string) => Promise<{ source: Source; created: boolean }>;
  /** Start a crawl round now; resolves with a line for the admin (the crawl itself may go on). */
  recrawl?: () => Promise<string>;
  /** The shared job queue's dead letters (PostgreSQL with workers); absent with the embedded SQLite crawl. */
  jobs?: Pick<JobQueue, 'listFailedJobs' | 'retry'>;
}

export interface RateLimit {
  /** Requests a client may make at once. */
  burst: number;
  /** Tokens returned per second. */
  perSecond: number;
}

export interface WebDeps {
  store: Store;
  config: Pick<Config, 'adminPassword'> & Partial<Config>;
  services?: WebServices;
  /** Clock (epoch ms) for relative times; default `Date.now`. */
  now?: () => number;
  /** Display time zone of absolute times (default Asia/Riyadh). */
  timeZone?: string;
  /** Token bucket per client address on search and the API; `false` turns it off (benchmarks). */
  rateLimit?: RateLimit | false;
  /** How long rendered GET responses are reused, in ms (default 10 s; 0 turns the cache off). */
  cacheTtlMs?: number;
  /** Key of the admin CSRF tokens; random per process by default. */
  secret?: string;
  /** Public origin used in feeds and the OpenAPI document (default: the request's own origin). */
  publicUrl?: string;
}

export type Theme = 'light' | 'dark' | 'auto';

/** Per-request values set by the app's middleware. */
export type AppEnv = { Variables: { theme: Theme } };
