/**
 * The crawler ties the ingest stages together: due sources → feeds (conditional GET) → new entries →
 * article pages (politely, through the fetcher's per-host queues, with a global bound) → extraction →
 * store in batches → pipeline. Every failure is recorded on its source as `stage: cause`; one bad source
 * never stops the others.
 *
 * Resumability: the store commits each batch in one transaction, entries are marked seen only after their
 * article is stored or has failed for good, and a feed's validators (ETag, Last-Modified) are saved only
 * once every entry it listed reached such an end. A crash therefore loses nothing committed, and the next
 * run re-reads the feed in full and picks up whatever was not stored yet.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import type { Article, FeedEntry, Source, SourceState } from '../model.ts';
import type { Store } from '../store/store.ts';
import { extract as defaultExtract, type ExtractOptions } from './extract/index.ts';
import { FeedError, type ParsedFeed, parseFeed } from './feeds/index.ts';
import { decodeEntities } from './feeds/text.ts';
import { FetchError, type Fetcher } from './fetch/index.ts';
import { DEFAULT_SCHEDULE, nextFetchAt, type ScheduleConfig } from './schedule.ts';
import { canonicalizeUrl, urlId } from './url.ts';

export interface CrawlerDeps {
  store: Store;
  fetcher: Fetcher;
  /** Called once per stored batch, in order, never concurrently (analysis and placement). */
  pipeline?: (articles: Article[]) => Promise<void>;
  extract?: (html: string, url: string, opts: ExtractOptions) => Article | null;
  schedule?: ScheduleConfig;
  /** Article pages fetched and extracted at once, all hosts together (each host also has its own limit). */
  concurrency?: number;
  /** Sources crawled at once. */
  sourceConcurrency?: number;
  /** Articles per store transaction (and per pipeline call). */
  batchSize?: number;
  /** Child sitemaps read from one sitemap index. */
  maxSitemaps?: number;
  /** Random numbers in [0, 1) for the backoff jitter. */
  rand?: () => number;
  onProgress?: (event: CrawlEvent) => void;
  /**
   * Ids that failed for good earlier in this process: skipped without a request. `runScheduler` keeps one
   * across rounds; the store has no read-only "seen?" query to keep it across processes.
   */
  gaveUp?: Set<string>;
}

export interface CrawlOptions {
  /** Time used to pick due sources and to schedule the next fetch (default: the clock). */
  now?: Date;
  signal?: AbortSignal;
  /** Most due sources taken in this round. */
  limit?: number;
}

export type CrawlEvent =
  | { type: 'queued'; sourceId: string; count: number }
  | { type: 'article'; sourceId: string; ok: boolean; error?: string; final?: boolean }
  | { type: 'stored'; sourceId: string; count: number }
  | { type: 'source'; report: SourceReport };

export interface SourceReport {
  sourceId: string;
  /** False when a feed could not be fetched or read (the articles of the other feeds are still stored). */
  ok: boolean;
  /** `stage: cause` of the first feed failure. */
  error?: string;
  feeds: number;
  notModified: number;
  entries: number;
  /** Entries not stored before this run. */
  candidates: number;
  /** Articles stored for the first time. */
  inserted: number;
  updated: number;
  /** Articles that could not be fetched or extracted; they do not fail the source. */
  articleFailures: number;
  lastArticleError?: string;
  /** Failures worth retrying (timeouts, 5xx): the feed is read again next time. */
  retryLater: number;
  nextFetchAt?: string;
  pipelineError?: string;
}

export interface CrawlReport {
  sources: SourceReport[];
  inserted: number;
  updated: number;
  articleFailures: number;
  failedSources: number;
}

interface Candidate {
  id: string;
  url: string;
  entry: FeedEntry;
  feeds: string[];
}

interface FeedRead {
  url: string;
  result?: ParsedFeed;
  notModified?: boolean;
  validators?: { etag: string | null; lastModified: string | null };
  children: FeedRead[];
}

type Outcome =
  | { kind: 'article'; candidate: Candidate; article: Article }
  | { kind: 'failed'; candidate: Candidate; error: string; final: boolean };

const DEFAULTS = { concurrency: 8, sourceConcurrency: 4, batchSize: 50, maxSitemaps: 50 };
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

/** Crawls every due source once: fetch feeds, store new articles, record each source's health and next time. */
export async function crawlOnce(deps: CrawlerDeps, opts: CrawlOptions = {}): Promise<CrawlReport> {
  const clock = () => opts.now ?? new Date();
  const due = await deps.store.dueSources(clock().toISOString(), opts.limit);
  const pages = new PQueue({ concurrency: deps.concurrency ?? DEFAULTS.concurrency });
  const sourcesQueue = new PQueue({ concurrency: deps.sourceConcurrency ?? DEFAULTS.sourceConcurrency });
  // Store writes and pipeline calls form one ordered line: placement must see articles one batch at a time.
  let writeChain: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writeChain.then(work, work);
    writeChain = next.catch(() => undefined);
    return next;
  };
  const reports = await Promise.all(
    due.map((source) =>
      sourcesQueue.add(async () => {
        const report = await crawlSource(deps, source, { ...opts, clock, pages, serialized });
        deps.onProgress?.({ type: 'source', report });
        return report;
      }),
    ),
  );
  const done = reports.filter((r): r is SourceReport => r !== undefined);
  return {
    sources: done,
    inserted: done.reduce((n, r) => n + r.inserted, 0),
    updated: done.reduce((n, r) => n + r.updated, 0),
    articleFailures: done.reduce((n, r) => n + r.articleFailures, 0),
    failedSources: done.filter((r) => !r.ok).length,
  };
}

interface SourceContext extends CrawlOptions {
  clock: () => Date;
  pages: PQueue;
  serialized: <T>(work: () => Promise<T>) => Promise<T>;
}

async function crawlSource(deps: CrawlerDeps, source: Source, ctx: SourceContext): Promise<SourceReport> {
  const report: SourceReport = {
    sourceId: source.id,
    ok: true,
    feeds: 0,
    notModified: 0,
    entries: 0,
    candidates: 0,
    inserted: 0,
    updated: 0,
    articleFailures: 0,
    retryLater: 0,
  };
  const feedErrors: { message: string; retryAfterMs?: number }[] = [];
  const publishTimes: string[] = [];
  try {
    const reads: FeedRead[] = [];
    for (const url of source.feeds) {
      if (ctx.signal?.aborted) break;
      reads.push(await readFeed(deps, url, 0, report, feedErrors, ctx.signal));
    }
    const candidates = collectEntries(reads, publishTimes, report);
    const fresh = await unstored(deps, candidates);
    report.candidates = fresh.length;
    deps.onProgress?.({ type: 'queued', sourceId: source.id, count: fresh.length });

    // Feeds whose entries are not all settled keep their old validators, so they are read again in full.
    const unsettledFeeds = new Set<string>();
    const finished: Outcome[] = [];
    const flush = (outcomes: Outcome[]) =>
      ctx.serialized(() => storeBatch(deps, source, outcomes, report, unsettledFeeds));
    const flushes: Promise<void>[] = [];
    const size = deps.batchSize ?? DEFAULTS.batchSize;
    await Promise.all(
      fresh.map((c) =>
        ctx.pages.add(async () => {
          if (ctx.signal?.aborted) {
            for (const f of c.feeds) unsettledFeeds.add(f);
            return;
          }
          const outcome = await fetchArticle(deps, source, c, ctx.signal);
          if (outcome.kind === 'failed') {
            report.articleFailures++;
            report.lastArticleError = outcome.error;
            if (!outcome.final) {
              report.retryLater++;
              for (const f of c.feeds) unsettledFeeds.add(f);
            }
            if (outcome.final) deps.gaveUp?.add(c.id);
          }
          deps.onProgress?.({
            type: 'article',
            sourceId: source.id,
            ok: outcome.kind === 'article',
            ...(outcome.kind === 'failed' ? { error: outcome.error, final: outcome.final } : {}),
          });
          finished.push(outcome);
          if (finished.length >= size) flushes.push(flush(finished.splice(0)));
        }),
      ),
    );
    if (finished.length > 0) flushes.push(flush(finished.splice(0)));
    await Promise.all(flushes);
    if (!ctx.signal?.aborted) await saveValidators(deps, reads, unsettledFeeds, ctx.clock());
  } catch (error) {
    // A store or programming error: the source is recorded as failed, the others go on.
    feedErrors.push({
      message: /^[a-z]+: /.test(message(error)) ? message(error) : `crawl: ${message(error)}`,
    });
  }
  if (feedErrors.length > 0) {
    report.ok = false;
    const extra = feedErrors.length > 1 ? ` (and ${feedErrors.length - 1} more failures)` : '';
    report.error = `${feedErrors[0]!.message}${extra}`;
  }
  if (ctx.signal?.aborted) return report;
  try {
    const retryAfterMs = Math.max(0, ...feedErrors.map((e) => e.retryAfterMs ?? 0));
    const now = ctx.clock();
    const state = (await deps.store.getSourceState(source.id)) ?? neverFetched(source.id);
    const next = nextFetchAt(
      state,
      {
        ok: report.ok,
        newItems: report.inserted,
        publishTimes,
        ...(retryAfterMs > 0 ? { retryAfterMs } : {}),
        now,
      },
      deps.schedule ?? DEFAULT_SCHEDULE,
      deps.rand,
    );
    await deps.store.recordFetch(source.id, {
      ok: report.ok,
      ...(report.error ? { error: report.error } : {}),
      at: now.toISOString(),
      ...next,
    });
    report.nextFetchAt = next.nextFetchAt;
  } catch (error) {
    report.ok = false;
    report.error ??= `store: cannot record the fetch: ${message(error)}`;
  }
  return report;
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

async function readFeed(
  deps: CrawlerDeps,
  url: string,
  depth: number,
  report: SourceReport,
  errors: { message: string; retryAfterMs?: number }[],
  signal?: AbortSignal,
): Promise<FeedRead> {
  const read: FeedRead = { url, children: [] };
  report.feeds++;
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
    if (res.status === 'not-modified') {
      report.notModified++;
      read.notModified = true;
      read.validators = { etag: res.etag ?? null, lastModified: res.lastModified ?? null };
      return read;
    }
    body = res.body;
    finalUrl = res.url;
    read.validators = { etag: res.etag ?? null, lastModified: res.lastModified ?? null };
  } catch (error) {
    errors.push({
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
    errors.push({ message: error instanceof FeedError ? error.message : `feed: ${message(error)} (${url})` });
    read.validators = undefined;
    return read;
  }
  if (read.result.kind === 'sitemap-index') {
    if (depth > 0) {
      errors.push({ message: `feed: sitemap index nested in a sitemap index, not followed (${url})` });
      return read;
    }
    for (const child of (read.result.sitemaps ?? []).slice(0, deps.maxSitemaps ?? DEFAULTS.maxSitemaps)) {
      if (signal?.aborted) break;
      read.children.push(await readFeed(deps, child, depth + 1, report, errors, signal));
    }
  }
  return read;
}

/** Entries of all feeds, canonicalized and merged by id (first occurrence wins; every listing feed is kept). */
function collectEntries(reads: FeedRead[], publishTimes: string[], report: SourceReport): Candidate[] {
  const byId = new Map<string, Candidate>();
  const visit = (read: FeedRead, parents: string[]) => {
    const feeds = [...parents, read.url];
    for (const entry of read.result?.entries ?? []) {
      let canonical: string;
      try {
        canonical = canonicalizeUrl(entry.url);
      } catch {
        continue;
      }
      report.entries++;
      if (entry.published) publishTimes.push(entry.published);
      const id = urlId(canonical);
      const known = byId.get(id);
      if (known) known.feeds.push(...feeds.filter((f) => !known.feeds.includes(f)));
      else byId.set(id, { id, url: canonical, entry, feeds });
    }
    for (const child of read.children) visit(child, feeds);
  };
  for (const read of reads) visit(read, []);
  return [...byId.values()];
}

async function unstored(deps: CrawlerDeps, candidates: Candidate[]): Promise<Candidate[]> {
  const stored = new Set<string>();
  for (let i = 0; i < candidates.length; i += ID_CHUNK) {
    const ids = candidates.slice(i, i + ID_CHUNK).map((c) => c.id);
    for (const s of await deps.store.getArticlesByIds(ids)) stored.add(s.article.id);
  }
  return candidates.filter((c) => !stored.has(c.id) && !deps.gaveUp?.has(c.id));
}

async function fetchArticle(
  deps: CrawlerDeps,
  source: Source,
  c: Candidate,
  signal?: AbortSignal,
): Promise<Outcome> {
  let html: string;
  let finalUrl: string;
  let fetchedAt: string;
  try {
    const res = await deps.fetcher.fetch({ url: c.entry.url, kind: 'page' }, signal);
    if (res.status !== 'ok') {
      return {
        kind: 'failed',
        candidate: c,
        error: `fetch: unexpected not-modified (${c.url})`,
        final: false,
      };
    }
    html = res.body;
    finalUrl = res.url;
    fetchedAt = res.fetchedAt;
  } catch (error) {
    const text = error instanceof FetchError ? error.message : `fetch: ${message(error)} (${c.url})`;
    return { kind: 'failed', candidate: c, error: text, final: isFinalFailure(error) };
  }
  let article: Article | null;
  try {
    article = (deps.extract ?? defaultExtract)(html, finalUrl, { feedEntry: c.entry, sourceId: source.id });
  } catch (error) {
    return { kind: 'failed', candidate: c, error: `extract: ${message(error)} (${c.url})`, final: true };
  }
  article ??= articleFromFeed(c.entry, c.id, source.id);
  if (!article) {
    return {
      kind: 'failed',
      candidate: c,
      error: `extract: no article text on the page (${c.url})`,
      final: true,
    };
  }
  // The id follows the feed's link, so the next run recognises the entry before fetching anything.
  article.id = c.id;
  article.sourceId = source.id;
  article.url = finalUrl;
  article.canonicalUrl ??= c.url;
  article.fetchedAt = fetchedAt;
  article.language ??= source.language;
  return { kind: 'article', candidate: c, article };
}

async function storeBatch(
  deps: CrawlerDeps,
  source: Source,
  outcomes: Outcome[],
  report: SourceReport,
  unsettledFeeds: Set<string>,
): Promise<void> {
  const articles = outcomes.flatMap((o) => (o.kind === 'article' ? [o.article] : []));
  try {
    if (articles.length > 0) {
      const r = await deps.store.upsertArticles(articles);
      report.inserted += r.inserted;
      report.updated += r.updated;
    }
    const settled = outcomes.filter((o) => o.kind === 'article' || o.final).map((o) => o.candidate.url);
    if (settled.length > 0) await deps.store.markEntriesSeen(source.id, settled);
  } catch (error) {
    // Nothing of this batch is committed: its feeds must be read again.
    for (const o of outcomes) for (const f of o.candidate.feeds) unsettledFeeds.add(f);
    report.articleFailures += articles.length;
    report.lastArticleError = `store: ${message(error)}`;
    return;
  }
  if (articles.length > 0) deps.onProgress?.({ type: 'stored', sourceId: source.id, count: articles.length });
  if (deps.pipeline && articles.length > 0) {
    try {
      await deps.pipeline(articles);
    } catch (error) {
      // Stored articles stay stored; analysis can be run again over them.
      report.pipelineError = `pipeline: ${message(error)}`;
    }
  }
}

async function saveValidators(
  deps: CrawlerDeps,
  reads: FeedRead[],
  unsettled: Set<string>,
  now: Date,
): Promise<void> {
  const visit = async (read: FeedRead): Promise<boolean> => {
    let settled = read.validators !== undefined && !unsettled.has(read.url);
    for (const child of read.children) settled = (await visit(child)) && settled;
    // A sitemap index is read in full every time: it often stays the same while its children change.
    const index = read.result?.kind === 'sitemap-index';
    if (settled && !index && read.validators && (read.validators.etag || read.validators.lastModified)) {
      await deps.store.setFeedCache(read.url, { ...read.validators, checkedAt: now.toISOString() });
    }
    return settled;
  };
  for (const read of reads) await visit(read);
}

/** How long until the next source is due, from the stored schedule (null when nothing is scheduled). */
export async function msUntilNextDue(store: Store, now = new Date()): Promise<number | null> {
  let earliest: number | null = null;
  for (const source of await store.listSources()) {
    if (source.paused || source.feeds.length === 0) continue;
    const state = await store.getSourceState(source.id);
    const at = state?.nextFetchAt ? Date.parse(state.nextFetchAt) : now.getTime();
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest === null ? null : Math.max(0, earliest - now.getTime());
}

/**
 * Crawls due sources until `signal` aborts: a round, then a sleep until the next source is due
 * (between `minSleepMs` and `maxSleepMs`, so sources added meanwhile are noticed).
 */
export async function runScheduler(
  deps: CrawlerDeps,
  opts: {
    signal: AbortSignal;
    minSleepMs?: number;
    maxSleepMs?: number;
    onRound?: (r: CrawlReport) => void;
  },
): Promise<void> {
  const gaveUp = deps.gaveUp ?? new Set<string>();
  const min = opts.minSleepMs ?? 1000;
  const max = opts.maxSleepMs ?? 60_000;
  while (!opts.signal.aborted) {
    const report = await crawlOnce({ ...deps, gaveUp }, { signal: opts.signal });
    opts.onRound?.(report);
    if (opts.signal.aborted) break;
    const wait = (await msUntilNextDue(deps.store)) ?? max;
    try {
      await sleep(Math.min(max, Math.max(min, wait)), undefined, { signal: opts.signal });
    } catch {
      break;
    }
  }
}
