/**
 * What each queued job does. Every handler is idempotent (a job may run twice after a crash) and
 * throws `stage: cause` to be retried, or `PermanentJobError` when asking again cannot help.
 *
 * fetch-source: read the source's feeds (conditional GET), queue a `fetch-page` per entry not stored
 *   yet (keyed by article id, so re-reads never queue an entry twice), save the feed validators, record
 *   the fetch and the next time on the source. Feed failures are the source's health, not job failures.
 * fetch-page: fetch, extract (or take the feed's own text), store the article, queue its `analyze`.
 * analyze: analyze a stored article, save the analysis, hand it to placement (the placement log).
 */
import { articleFromFeed, isFinalFailure, neverFetched } from '../ingest/crawler.ts';
import { extract as defaultExtract, type ExtractOptions } from '../ingest/extract/index.ts';
import { FeedError, type ParsedFeed, parseFeed } from '../ingest/feeds/index.ts';
import { FetchError, type Fetcher } from '../ingest/fetch/index.ts';
import { DEFAULT_SCHEDULE, nextFetchAt, type ScheduleConfig } from '../ingest/schedule.ts';
import { canonicalizeUrl, urlId } from '../ingest/url.ts';
import type { Article } from '../model.ts';
import type { AnalyzeFn } from '../pipeline.ts';
import type { Store } from '../store/store.ts';
import type { PlacementLog } from './placement-log.ts';
import { type FetchPageJob, type JobQueue, PermanentJobError } from './queue.ts';

export interface HandlerDeps {
  store: Store;
  queue: JobQueue;
  fetcher: Fetcher;
  analyze: AnalyzeFn;
  placementLog: PlacementLog;
  extract?: (html: string, url: string, opts: ExtractOptions) => Article | null;
  schedule?: ScheduleConfig;
  rand?: () => number;
  now?: () => Date;
  /** Child sitemaps read from one sitemap index. */
  maxSitemaps?: number;
}

const ID_CHUNK = 500;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface FeedRound {
  errors: { message: string; retryAfterMs?: number }[];
  entries: Map<string, FetchPageJob>;
  publishTimes: string[];
  validators: { url: string; etag: string | null; lastModified: string | null }[];
}

async function readFeed(
  deps: HandlerDeps,
  sourceId: string,
  url: string,
  depth: number,
  round: FeedRound,
): Promise<void> {
  let feed: ParsedFeed;
  let validators: { etag: string | null; lastModified: string | null };
  try {
    const cache = await deps.store.getFeedCache(url);
    const res = await deps.fetcher.fetch({
      url,
      kind: 'feed',
      ...(cache?.etag ? { etag: cache.etag } : {}),
      ...(cache?.lastModified ? { lastModified: cache.lastModified } : {}),
    });
    if (res.status === 'not-modified') return;
    validators = { etag: res.etag ?? null, lastModified: res.lastModified ?? null };
    feed = parseFeed(res.body, res.url);
  } catch (error) {
    // A feed with no items is a successful fetch that brought nothing.
    if (error instanceof FeedError && error.code === 'empty') return;
    round.errors.push({
      message:
        error instanceof FetchError || error instanceof FeedError
          ? error.message
          : `fetch: ${message(error)} (${url})`,
      ...(error instanceof FetchError && error.retryAfterMs !== undefined
        ? { retryAfterMs: error.retryAfterMs }
        : {}),
    });
    return;
  }
  if (feed.kind === 'sitemap-index') {
    if (depth > 0) {
      round.errors.push({ message: `feed: sitemap index nested in a sitemap index, not followed (${url})` });
      return;
    }
    // An index is read in full every time (its children change while it stays the same): no validators.
    for (const child of (feed.sitemaps ?? []).slice(0, deps.maxSitemaps ?? 50)) {
      await readFeed(deps, sourceId, child, depth + 1, round);
    }
    return;
  }
  for (const entry of feed.entries) {
    let canonical: string;
    try {
      canonical = canonicalizeUrl(entry.url);
    } catch {
      continue;
    }
    if (entry.published) round.publishTimes.push(entry.published);
    const id = urlId(canonical);
    if (!round.entries.has(id)) round.entries.set(id, { sourceId, id, url: canonical, entry });
  }
  if (validators.etag || validators.lastModified) round.validators.push({ url, ...validators });
}

/** `fetch-source`: returns how many pages it queued. */
export async function fetchSource(deps: HandlerDeps, sourceId: string): Promise<number> {
  const source = await deps.store.getSource(sourceId);
  if (!source || source.paused) return 0;
  const round: FeedRound = { errors: [], entries: new Map(), publishTimes: [], validators: [] };
  for (const url of source.feeds) await readFeed(deps, source.id, url, 0, round);

  const candidates = [...round.entries.values()];
  const stored = new Set<string>();
  for (let i = 0; i < candidates.length; i += ID_CHUNK) {
    const ids = candidates.slice(i, i + ID_CHUNK).map((c) => c.id);
    for (const s of await deps.store.getArticlesByIds(ids)) stored.add(s.article.id);
  }
  let queued = 0;
  for (const c of candidates) {
    if (stored.has(c.id)) continue;
    if ((await deps.queue.enqueue('fetch-page', c, { key: c.id })) !== null) queued++;
  }
  // The queue now holds every entry durably, so the feeds are settled: their validators can be saved.
  const now = deps.now?.() ?? new Date();
  for (const v of round.validators) {
    await deps.store.setFeedCache(v.url, {
      etag: v.etag,
      lastModified: v.lastModified,
      checkedAt: now.toISOString(),
    });
  }
  const ok = round.errors.length === 0;
  const extra = round.errors.length > 1 ? ` (and ${round.errors.length - 1} more failures)` : '';
  const error = ok ? undefined : `${round.errors[0]!.message}${extra}`;
  const retryAfterMs = Math.max(0, ...round.errors.map((e) => e.retryAfterMs ?? 0));
  const state = (await deps.store.getSourceState(source.id)) ?? neverFetched(source.id);
  const next = nextFetchAt(
    state,
    {
      ok,
      newItems: queued,
      publishTimes: round.publishTimes,
      ...(retryAfterMs > 0 ? { retryAfterMs } : {}),
      now,
    },
    deps.schedule ?? DEFAULT_SCHEDULE,
    deps.rand,
  );
  await deps.store.recordFetch(source.id, {
    ok,
    ...(error ? { error } : {}),
    at: now.toISOString(),
    ...next,
  });
  return queued;
}

/** `fetch-page`: store the article of one feed entry and queue its analysis. */
export async function fetchPage(deps: HandlerDeps, job: FetchPageJob): Promise<void> {
  const [known] = await deps.store.getArticlesByIds([job.id]);
  if (!known) {
    const source = await deps.store.getSource(job.sourceId);
    // The source was removed meanwhile: nothing to store the article under.
    if (!source) return;
    let res: Awaited<ReturnType<Fetcher['fetch']>>;
    try {
      res = await deps.fetcher.fetch({ url: job.entry.url, kind: 'page' });
    } catch (error) {
      const text = error instanceof FetchError ? error.message : `fetch: ${message(error)} (${job.url})`;
      if (!isFinalFailure(error)) throw new Error(text);
      await deps.store.markEntriesSeen(job.sourceId, [job.url]);
      throw new PermanentJobError(text);
    }
    if (res.status !== 'ok') throw new Error(`fetch: unexpected not-modified (${job.url})`);
    let article: Article | null;
    try {
      article = (deps.extract ?? defaultExtract)(res.body, res.url, {
        feedEntry: job.entry,
        sourceId: source.id,
      });
    } catch (error) {
      await deps.store.markEntriesSeen(job.sourceId, [job.url]);
      throw new PermanentJobError(`extract: ${message(error)} (${job.url})`);
    }
    article ??= articleFromFeed(job.entry, job.id, source.id);
    if (!article) {
      await deps.store.markEntriesSeen(job.sourceId, [job.url]);
      throw new PermanentJobError(`extract: no article text on the page (${job.url})`);
    }
    // As the crawler does: the id follows the feed's link, so the next read recognises the entry.
    article.id = job.id;
    article.sourceId = source.id;
    article.url = res.url;
    article.canonicalUrl ??= job.url;
    article.fetchedAt = res.fetchedAt;
    article.language ??= source.language;
    await deps.store.upsertArticles([article]);
    await deps.store.markEntriesSeen(job.sourceId, [job.url]);
  }
  // Also when it was stored already: an earlier attempt may have died between storing and queuing.
  await deps.queue.enqueue('analyze', { id: job.id }, { key: job.id });
}

/** `analyze`: save the analysis of one stored article and hand it to placement. */
export async function analyzeStored(deps: HandlerDeps, id: string): Promise<void> {
  const stored = await deps.store.getArticle(id);
  if (!stored) return;
  if (!stored.analysis || stored.analysis.stale) {
    let analyzed: ReturnType<AnalyzeFn>;
    try {
      analyzed = deps.analyze(stored.article);
    } catch (error) {
      throw new PermanentJobError(`analyze: ${message(error)} (${id})`);
    }
    await deps.store.saveAnalysis(id, {
      tags: analyzed.tags,
      entities: analyzed.entities,
      ...(analyzed.section ? { section: analyzed.section } : {}),
      quotedSources: analyzed.quotedSources,
      terms: analyzed.terms.join(' '),
      titleTerms: analyzed.titleTerms.join(' '),
    });
  }
  await deps.placementLog.markAnalyzed([id]);
}
