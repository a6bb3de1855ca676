/**
 * One source's read, step by step, shared by the two ways naba ingests: the crawler (`naba crawl`, one
 * process) and the queue's handlers (`naba worker`, `src/jobs/handlers.ts`). Both read every feed of a
 * source with conditional GET (one level of sitemap index), merge the entries by article id, drop the
 * stored ones, fetch and extract each page, save the feeds' validators once their entries are settled,
 * and record the source's health and next fetch time. They differ only in what carries an entry from
 * the feed to the store: the crawler's own page queue, or a durable `fetch-page` job.
 */
import type { Article, FeedEntry, Source, SourceState } from '../model.ts';
import type { Store } from '../store/store.ts';
import { extract as defaultExtract, type ExtractOptions } from './extract/index.ts';
import { FeedError, type ParsedFeed, parseFeed } from './feeds/index.ts';
import { decodeEntities } from './feeds/text.ts';
import { FetchError, type Fetcher } from './fetch/index.ts';
import { DEFAULT_SCHEDULE, nextFetchAt, type ScheduleConfig } from './schedule.ts';
import { canonicalizeUrl, urlId } from './url.ts';

export interface SourceReadDeps {
  store: Store;
  fetcher: Fetcher;
  extract?: (html: string, url: string, opts: ExtractOptions) => Article | null;
  schedule?: ScheduleConfig;
  /** Child sitemaps read from one sitemap index. */
  maxSitemaps?: number;
  /** Random numbers in [0, 1) for the backoff jitter. */
  rand?: () => number;
}

/** A feed entry to fetch: its article id, canonical URL, and every feed that listed it. */
export interface Candidate {
  id: string;
  url: string;
  entry: FeedEntry;
  feeds: string[];
}

/** One feed as read this time, with the children of a sitemap index. */
export interface FeedRead {
  url: string;
  result?: ParsedFeed;
  notModified?: boolean;
  validators?: { etag: string | null; lastModified: string | null };
  children: FeedRead[];
}

/** A feed failure: `stage: cause (url)`, and how long the server asked us to wait, if it did. */
export interface FeedFailure {
  message: string;
  retryAfterMs?: number;
}

export interface FeedsRead {
  reads: FeedRead[];
  errors: FeedFailure[];
  /** Feeds fetched, sitemap children included, and how many of them had not changed. */
  fetched: number;
  notModified: number;
}

export type PageOutcome =
  | { kind: 'article'; article: Article }
  | { kind: 'failed'; error: string; final: boolean };

const DEFAULT_MAX_SITEMAPS = 50;
const ID_CHUNK = 500;

/** Fetch codes that will not change by asking again soon. */
const FINAL_FETCH_CODES = new Set([
  'robots',
  'invalid-url',
  'blocked-address',
  'too-large',
  'too-many-redirects',
  'redirect-loop',
  'decode',
]);

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A page failure is final when asking again will not help: 4xx (but 408, 425, 429), robots, bad URL. */
export function isFinalFailure(error: unknown): boolean {
  if (!(error instanceof FetchError)) return true;
  if (error.code === 'http') {
    const s = error.httpStatus ?? 0;
    return s >= 400 && s < 500 && s !== 408 && s !== 425 && s !== 429;
  }
  return FINAL_FETCH_CODES.has(error.code);
}

/** The article a feed item carries by itself (content:encoded, content_html), for pages that give none. */
export function articleFromFeed(entry: FeedEntry, id: string, sourceId: string): Article | null {
  const html = entry.contentHtml ?? '';
  const text = decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|h[1-6]|li|blockquote)>/gi, '\n\n')
      .replace(/<[^>]*>/g, ' '),
  )
    .split(/\n{2,}/)
    .map((p) =>
      p
        .replace(/[ \t\r\f\v]+/g, ' ')
        .replace(/ ?\n ?/g, '\n')
        .trim(),
    )
    .filter(Boolean)
    .join('\n\n');
  if (!text) return null;
  const article: Article = { id, sourceId, url: entry.url, title: entry.title ?? '', text, html };
  if (entry.author) article.author = entry.author;
  if (entry.published) article.published = entry.published;
  if (entry.updated) article.modified = entry.updated;
  if (entry.image) article.image = entry.image;
  if (entry.categories?.length) article.publisherTags = entry.categories;
  return article;
}

/** The state of a source never fetched yet: what scheduling starts from. */
export function neverFetched(sourceId: string): SourceState {
  return {
    sourceId,
    lastFetchAt: null,
    lastSuccessAt: null,
    nextFetchAt: null,
    consecutiveFailures: 0,
    lastError: null,
    intervalSeconds: 0,
  };
}

/** Reads every feed of a source in order; failures are collected, never thrown. */
export async function readFeeds(
  deps: SourceReadDeps,
  urls: string[],
  signal?: AbortSignal,
): Promise<FeedsRead> {
  const out: FeedsRead = { reads: [], errors: [], fetched: 0, notModified: 0 };
  for (const url of urls) {
    if (signal?.aborted) break;
    out.reads.push(await readFeed(deps, url, 0, out, signal));
  }
  return out;
}

async function readFeed(
  deps: SourceReadDeps,
  url: string,
  depth: number,
  out: FeedsRead,
  signal?: AbortSignal,
): Promise<FeedRead> {
  const read: FeedRead = { url, children: [] };
  out.fetched++;
  let body: string;
  let finalUrl: string;
  try {
    const cache = await deps.store.getFeedCache(url);
    const res = await deps.fetcher.fetch(
      {
        url,
        kind: 'feed',
        ...(cache?.etag ? { etag: cache.etag } : {}),
        ...(cache?.lastModified ? { lastModified: cache.lastModified } : {}),
      },
      signal,
    );
    read.validators = { etag: res.etag ?? null, lastModified: res.lastModified ?? null };
    if (res.status === 'not-modified') {
      out.notModified++;
      read.notModified = true;
      return read;
    }
    body = res.body;
    finalUrl = res.url;
  } catch (error) {
    out.errors.push({
      message: error instanceof FetchError ? error.message : `fetch: ${message(error)} (${url})`,
      ...(error instanceof FetchError && error.retryAfterMs !== undefined
        ? { retryAfterMs: error.retryAfterMs }
        : {}),
    });
    return read;
  }
  try {
    read.result = parseFeed(body, finalUrl);
  } catch (error) {
    // A feed with no items is a successful fetch that brought nothing.
    if (error instanceof FeedError && error.code === 'empty') return read;
    out.errors.push({
      message: error instanceof FeedError ? error.message : `feed: ${message(error)} (${url})`,
    });
    read.validators = undefined;
    return read;
  }
  if (read.result.kind === 'sitemap-index') {
    if (depth > 0) {
      out.errors.push({ message: `feed: sitemap index nested in a sitemap index, not followed (${url})` });
      return read;
    }
    for (const child of (read.result.sitemaps ?? []).slice(0, deps.maxSitemaps ?? DEFAULT_MAX_SITEMAPS)) {
      if (signal?.aborted) break;
      read.children.push(await readFeed(deps, child, depth + 1, out, signal));
    }
  }
  return read;
}

/**
 * Entries of all feeds, canonicalized and merged by id (first occurrence wins; every listing feed is
 * kept), with the publication times the feeds gave (the schedule learns the source's pace from them).
 */
export function collectEntries(reads: FeedRead[]): {
  candidates: Candidate[];
  entries: number;
  publishTimes: string[];
} {
  const byId = new Map<string, Candidate>();
  const publishTimes: string[] = [];
  let entries = 0;
  const visit = (read: FeedRead, parents: string[]) => {
    const feeds = [...parents, read.url];
    for (const entry of read.result?.entries ?? []) {
      let canonical: string;
      try {
        canonical = canonicalizeUrl(entry.url);
      } catch {
        continue;
      }
      entries++;
      if (entry.published) publishTimes.push(entry.published);
      const id = urlId(canonical);
      const known = byId.get(id);
      if (known) known.feeds.push(...feeds.filter((f) => !known.feeds.includes(f)));
      else byId.set(id, { id, url: canonical, entry, feeds });
    }
    for (const child of read.children) visit(child, feeds);
  };
  for (const read of reads) visit(read, []);
  return { candidates: [...byId.values()], entries, publishTimes };
}

/** The candidates whose article is not stored yet (and not in `skip`), looked up in chunks. */
export async function unstored(
  store: Store,
  candidates: Candidate[],
  skip?: Set<string>,
): Promise<Candidate[]> {
  const stored = new Set<string>();
  for (let i = 0; i < candidates.length; i += ID_CHUNK) {
    const ids = candidates.slice(i, i + ID_CHUNK).map((c) => c.id);
    for (const s of await store.getArticlesByIds(ids)) stored.add(s.article.id);
  }
  return candidates.filter((c) => !stored.has(c.id) && !skip?.has(c.id));
}

/** Fetches and extracts one entry's page (or takes the feed's own text); failures say whether to retry. */
export async function fetchEntryArticle(
  deps: SourceReadDeps,
  source: Source,
  c: Pick<Candidate, 'id' | 'url' | 'entry'>,
  signal?: AbortSignal,
): Promise<PageOutcome> {
  let res: Awaited<ReturnType<Fetcher['fetch']>>;
  try {
    res = await deps.fetcher.fetch({ url: c.entry.url, kind: 'page' }, signal);
  } catch (error) {
    const text = error instanceof FetchError ? error.message : `fetch: ${message(error)} (${c.url})`;
    return { kind: 'failed', error: text, final: isFinalFailure(error) };
  }
  if (res.status !== 'ok')
    return { kind: 'failed', error: `fetch: unexpected not-modified (${c.url})`, final: false };
  let article: Article | null;
  try {
    article = (deps.extract ?? defaultExtract)(res.body, res.url, {
      feedEntry: c.entry,
      sourceId: source.id,
    });
  } catch (error) {
    return { kind: 'failed', error: `extract: ${message(error)} (${c.url})`, final: true };
  }
  article ??= articleFromFeed(c.entry, c.id, source.id);
  if (!article)
    return { kind: 'failed', error: `extract: no article text on the page (${c.url})`, final: true };
  // The id follows the feed's link, so the next read recognises the entry before fetching anything.
  article.id = c.id;
  article.sourceId = source.id;
  article.url = res.url;
  article.canonicalUrl ??= c.url;
  article.fetchedAt = res.fetchedAt;
  article.language ??= source.language;
  return { kind: 'article', article };
}

/**
 * Saves the validators of every feed whose entries are all settled (none in `unsettled`, children
 * included), so an unchanged feed is not read in full again. A sitemap index keeps none: it often stays
 * the same while its children change.
 */
export async function saveValidators(
  store: Store,
  reads: FeedRead[],
  unsettled: ReadonlySet<string>,
  now: Date,
): Promise<void> {
  const visit = async (read: FeedRead): Promise<boolean> => {
    let settled = read.validators !== undefined && !unsettled.has(read.url);
    for (const child of read.children) settled = (await visit(child)) && settled;
    const index = read.result?.kind === 'sitemap-index';
    if (settled && !index && read.validators && (read.validators.etag || read.validators.lastModified)) {
      await store.setFeedCache(read.url, { ...read.validators, checkedAt: now.toISOString() });
    }
    return settled;
  };
  for (const read of reads) await visit(read);
}

/** The first failure, with a count of the others: what the source's health shows. */
export function failureSummary(errors: FeedFailure[]): string | undefined {
  if (errors.length === 0) return undefined;
  const extra = errors.length > 1 ? ` (and ${errors.length - 1} more failures)` : '';
  return `${errors[0]!.message}${extra}`;
}

/**
 * Records a source's fetch (health and error) and schedules its next one from its pace, its failures
 * and any Retry-After the feeds sent. Returns the next fetch time.
 */
export async function recordSourceFetch(
  deps: SourceReadDeps,
  sourceId: string,
  fetch: { errors: FeedFailure[]; newItems: number; publishTimes: string[]; now: Date },
): Promise<string> {
  const ok = fetch.errors.length === 0;
  const error = failureSummary(fetch.errors);
  const retryAfterMs = Math.max(0, ...fetch.errors.map((e) => e.retryAfterMs ?? 0));
  const state = (await deps.store.getSourceState(sourceId)) ?? neverFetched(sourceId);
  const next = nextFetchAt(
    state,
    {
      ok,
      newItems: fetch.newItems,
      publishTimes: fetch.publishTimes,
      ...(retryAfterMs > 0 ? { retryAfterMs } : {}),
      now: fetch.now,
    },
    deps.schedule ?? DEFAULT_SCHEDULE,
    deps.rand,
  );
  await deps.store.recordFetch(sourceId, {
    ok,
    ...(error ? { error } : {}),
    at: fetch.now.toISOString(),
    ...next,
  });
  return next.nextFetchAt;
}
