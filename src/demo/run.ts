/**
 * The offline demo: replay the demo corpus as the outlets' own websites on loopback, then take it in the
 * way naba takes in real news (sources added by feed autodiscovery, the real fetcher, feeds, extraction,
 * storage, the pipeline), and check how much of each original text extraction brought back.
 */
import { join } from 'node:path';
import { type CrawlReport, crawlOnce } from '../ingest/crawler.ts';
import { createFetcher } from '../ingest/fetch/index.ts';
import { addSource } from '../ingest/sources.ts';
import { canonicalizeUrl, urlId } from '../ingest/url.ts';
import type { Article } from '../model.ts';
import type { Store } from '../store/store.ts';
import { type CorpusArticle, loadCorpus } from './corpus.ts';
import { type F1Summary, summarizeF1, tokenF1 } from './quality.ts';
import { startReplay } from './replay.ts';

export const DEMO_CORPUS = 'stream/saudinewsnet.jsonl.gz';

export interface DemoProgress {
  total: number;
  done: number;
  stored: number;
  failed: number;
}

export interface DemoOptions {
  store: Store;
  /** Folder of the shared data sets; the corpus is `<dataDir>/stream/saudinewsnet.jsonl.gz`. */
  dataDir: string;
  /** Corpus file, when not the default one. */
  corpusPath?: string;
  /** First port of the replay (0: ephemeral ports). */
  port?: number;
  /** Publish only the most recent N articles. */
  limit?: number;
  userAgent?: string;
  /** Pages fetched and extracted at once. */
  concurrency?: number;
  pipeline?: (articles: Article[]) => Promise<void>;
  onProgress?: (p: DemoProgress) => void;
  log?: (line: string) => void;
}

export interface DemoSummary {
  published: number;
  sources: number;
  stored: number;
  failed: number;
  /** Distinct failure causes with counts (the stage and cause, URL left out). */
  failures: [string, number][];
  /** Passing failures of earlier rounds (timeouts under load…) that a later round retried. */
  retried: [string, number][];
  seconds: number;
  quality: F1Summary;
  rounds: number;
  notModified: number;
}

const MAX_ROUNDS = 3;

/** Runs the whole demo against `store`; the replay servers are closed when it returns. */
export async function runDemo(opts: DemoOptions): Promise<DemoSummary> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const corpusPath = opts.corpusPath ?? join(opts.dataDir, DEMO_CORPUS);
  const { articles: all, bad } = await loadCorpus(corpusPath);
  if (bad > 0) log(`demo: skipped ${bad} unreadable lines of ${corpusPath}`);
  const articles = opts.limit !== undefined && opts.limit < all.length ? all.slice(-opts.limit) : all;
  const replay = await startReplay(articles, opts.port !== undefined ? { port: opts.port } : {});
  const fetcher = createFetcher({
    // The replay runs on loopback; only this fetcher may reach it, user-given URLs stay guarded.
    allowPrivate: ['127.0.0.1'],
    // One local server per outlet: no need to be gentle, and robots.txt asks for no delay.
    perHostConcurrency: 8,
    perHostDelayMs: 0,
    // Requests wait behind extraction and analysis on this same thread; on a busy machine a loopback
    // answer can take long to be read, which is no reason to give up on it.
    totalTimeoutMs: 120_000,
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
  });
  try {
    const store = opts.store;
    const ids = new Set(replay.outlets.map((o) => o.id));
    const previous = (await store.listSources()).filter((s) => ids.has(s.id));
    if (previous.length > 0) {
      // The replay's ports change from run to run, so its old articles would linger as stale copies.
      log(`demo: replacing ${previous.length} demo sources of an earlier run`);
      for (const s of previous) await store.removeSource(s.id);
    }
    for (const outlet of replay.outlets) {
      const { source, discovery } = await addSource({ store, fetcher }, outlet.homeUrl, {
        id: outlet.id,
        name: outlet.name,
        language: 'ar',
      });
      log(`demo: source ${source.id} (${source.name}): ${source.feeds.length} feeds found via ${discovery}`);
    }

    const progress: DemoProgress = { total: articles.length, done: 0, stored: 0, failed: 0 };
    const failures = new Map<string, number>();
    const gaveUp = new Set<string>();
    const retriedTotal = new Map<string, number>();
    let rounds = 0;
    let notModified = 0;
    let report: CrawlReport | undefined;
    // Later rounds only retry what failed for a passing reason (a timeout under load); `now` is moved
    // ahead so every source is due again, and their unsettled feeds are read again in full.
    do {
      // Round 1 runs on the clock; later ones pretend a day has passed so the retried sources are due.
      const now = rounds === 0 ? undefined : new Date(Date.now() + rounds * 24 * 3600 * 1000);
      rounds++;
      const retried = new Map<string, number>();
      report = await crawlOnce(
        {
          store,
          fetcher,
          concurrency: opts.concurrency ?? 16,
          sourceConcurrency: replay.outlets.length,
          batchSize: 200,
          gaveUp,
          ...(opts.pipeline ? { pipeline: opts.pipeline } : {}),
          onProgress: (e) => {
            if (e.type === 'article') {
              if (e.ok) progress.done++;
              else {
                const cause = (e.error ?? 'unknown').replace(/\s*\([^()]*\)$/, '');
                const into = e.final ? failures : retried;
                into.set(cause, (into.get(cause) ?? 0) + 1);
              }
            } else if (e.type === 'stored') {
              progress.stored += e.count;
            } else if (e.type === 'source' && e.report.error) {
              log(`demo: ${e.report.sourceId}: ${e.report.error}`);
            }
            opts.onProgress?.({ ...progress, failed: sum(failures) + sum(retried) });
          },
        },
        now ? { now } : {},
      );
      notModified += report.sources.reduce((n, r) => n + r.notModified, 0);
      const again = report.sources.some((r) => r.retryLater > 0);
      // Passing failures count only when no round is left to retry them.
      if (!again || rounds >= MAX_ROUNDS)
        for (const [k, v] of retried) failures.set(k, (failures.get(k) ?? 0) + v);
      else for (const [k, v] of retried) retriedTotal.set(k, (retriedTotal.get(k) ?? 0) + v);
    } while (rounds < MAX_ROUNDS && report.sources.some((r) => r.retryLater > 0));

    const quality = await compare(store, articles, (id) => replay.urlOf(id));
    const stored = await storedCount(store, articles, (id) => replay.urlOf(id));
    return {
      published: articles.length,
      sources: replay.outlets.length,
      stored,
      failed: articles.length - stored,
      failures: [...failures].sort((a, b) => b[1] - a[1]),
      retried: [...retriedTotal].sort((a, b) => b[1] - a[1]),
      seconds: (performance.now() - started) / 1000,
      quality,
      rounds,
      notModified,
    };
  } finally {
    await fetcher.close();
    await replay.close();
  }
}

function sum(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

function storedId(a: CorpusArticle, urlOf: (id: string) => string | undefined): string | undefined {
  const url = urlOf(a.id);
  return url ? urlId(canonicalizeUrl(url)) : undefined;
}

async function storedCount(
  store: Store,
  articles: CorpusArticle[],
  urlOf: (id: string) => string | undefined,
): Promise<number> {
  let n = 0;
  for (let i = 0; i < articles.length; i += 500) {
    const ids = articles
      .slice(i, i + 500)
      .map((a) => storedId(a, urlOf))
      .filter((x): x is string => !!x);
    n += (await store.getArticlesByIds(ids)).length;
  }
  return n;
}

/** Token F1 of each stored body against its original text (articles published without text are left out). */
async function compare(
  store: Store,
  articles: CorpusArticle[],
  urlOf: (id: string) => string | undefined,
): Promise<F1Summary> {
  const scores: number[] = [];
  for (let i = 0; i < articles.length; i += 500) {
    const part = articles.slice(i, i + 500).filter((a) => a.text.trim());
    const ids = new Map<string, CorpusArticle>();
    for (const a of part) {
      const id = storedId(a, urlOf);
      if (id) ids.set(id, a);
    }
    const stored = new Map((await store.getArticlesByIds([...ids.keys()])).map((s) => [s.article.id, s]));
    for (const [id, a] of ids) scores.push(tokenF1(stored.get(id)?.article.text ?? '', a.text));
  }
  return summarizeF1(scores);
}

/** The summary as the lines the demo prints last. */
export function formatDemoSummary(s: DemoSummary): string[] {
  const lines = [
    `demo: stored ${s.stored} articles from ${s.sources} sources in ${s.seconds.toFixed(1)} s` +
      ` (${s.published} published, ${s.failed} not stored, ${s.rounds} crawl round${s.rounds === 1 ? '' : 's'})`,
  ];
  for (const [cause, n] of s.failures.slice(0, 5)) lines.push(`demo:   ${n} × ${cause}`);
  for (const [cause, n] of s.retried.slice(0, 3))
    lines.push(`demo:   ${n} × ${cause} (retried in a later round)`);
  const q = s.quality;
  lines.push(
    `demo: extraction vs original text: token F1 mean ${q.mean.toFixed(3)}, median ${q.median.toFixed(3)},` +
      ` ${(q.good * 100).toFixed(1)}% of ${q.compared} articles ≥ 0.9`,
  );
  return lines;
}
