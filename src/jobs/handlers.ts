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
import type { ExtractOptions } from '../ingest/extract/index.ts';
import type { Fetcher } from '../ingest/fetch/index.ts';
import type { ScheduleConfig } from '../ingest/schedule.ts';
import {
  collectEntries,
  fetchEntryArticle,
  readFeeds,
  recordSourceFetch,
  saveValidators,
  unstored,
} from '../ingest/source-read.ts';
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

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `fetch-source`: returns how many pages it queued. */
export async function fetchSource(deps: HandlerDeps, sourceId: string): Promise<number> {
  const source = await deps.store.getSource(sourceId);
  if (!source || source.paused) return 0;
  const { reads, errors } = await readFeeds(deps, source.feeds);
  const { candidates, publishTimes } = collectEntries(reads);
  let queued = 0;
  for (const c of await unstored(deps.store, candidates)) {
    const job: FetchPageJob = { sourceId: source.id, id: c.id, url: c.url, entry: c.entry };
    if ((await deps.queue.enqueue('fetch-page', job, { key: c.id })) !== null) queued++;
  }
  // The queue now holds every entry durably, so every feed read is settled: its validators can be saved.
  const now = deps.now?.() ?? new Date();
  await saveValidators(deps.store, reads, new Set(), now);
  await recordSourceFetch(deps, source.id, { errors, newItems: queued, publishTimes, now });
  return queued;
}

/** `fetch-page`: store the article of one feed entry and queue its analysis. */
export async function fetchPage(deps: HandlerDeps, job: FetchPageJob): Promise<void> {
  const [known] = await deps.store.getArticlesByIds([job.id]);
  if (!known) {
    const source = await deps.store.getSource(job.sourceId);
    // The source was removed meanwhile: nothing to store the article under.
    if (!source) return;
    const outcome = await fetchEntryArticle(deps, source, job);
    if (outcome.kind === 'failed') {
      if (!outcome.final) throw new Error(outcome.error);
      await deps.store.markEntriesSeen(job.sourceId, [job.url]);
      throw new PermanentJobError(outcome.error);
    }
    const article = outcome.article;
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
