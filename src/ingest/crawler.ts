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
import type { Article, Source } from '../model.ts';
import type { Store } from '../store/store.ts';
import {
  type Candidate,
  collectEntries,
  type FeedFailure,
  failureSummary,
  fetchEntryArticle,
  readFeeds,
  recordSourceFetch,
  type SourceReadDeps,
  saveValidators,
  unstored,
} from './source-read.ts';

export interface CrawlerDeps extends SourceReadDeps {
  /** Called once per stored batch, in order, never concurrently (analysis and placement). */
  pipeline?: (articles: Article[]) => Promise<void>;
  /** Article pages fetched and extracted at once, all hosts together (each host also has its own limit). */
  concurrency?: number;
  /** Sources crawled at once. */
  sourceConcurrency?: number;
  /** Articles per store transaction (and per pipeline call). */
  batchSize?: number;
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

type Outcome =
  | { kind: 'article'; candidate: Candidate; article: Article }
  | { kind: 'failed'; candidate: Candidate; error: string; final: boolean };

const DEFAULTS = { concurrency: 8, sourceConcurrency: 4, batchSize: 50 };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
  let feedErrors: FeedFailure[] = [];
  let publishTimes: string[] = [];
  try {
    const read = await readFeeds(deps, source.feeds, ctx.signal);
    const reads = read.reads;
    feedErrors = read.errors;
    report.feeds = read.fetched;
    report.notModified = read.notModified;
    const collected = collectEntries(reads);
    report.entries = collected.entries;
    publishTimes = collected.publishTimes;
    const fresh = await unstored(deps.store, collected.candidates, deps.gaveUp);
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
          const outcome: Outcome = {
            candidate: c,
            ...(await fetchEntryArticle(deps, source, c, ctx.signal)),
          };
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
    if (!ctx.signal?.aborted) await saveValidators(deps.store, reads, unsettledFeeds, ctx.clock());
  } catch (error) {
    // A store or programming error: the source is recorded as failed, the others go on.
    feedErrors.push({
      message: /^[a-z]+: /.test(message(error)) ? message(error) : `crawl: ${message(error)}`,
    });
  }
  if (feedErrors.length > 0) {
    report.ok = false;
    report.error = failureSummary(feedErrors);
  }
  if (ctx.signal?.aborted) return report;
  try {
    report.nextFetchAt = await recordSourceFetch(deps, source.id, {
      errors: feedErrors,
      newItems: report.inserted,
      publishTimes,
      now: ctx.clock(),
    });
  } catch (error) {
    report.ok = false;
    report.error ??= `store: cannot record the fetch: ${message(error)}`;
  }
  return report;
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
