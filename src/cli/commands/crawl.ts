/** `naba crawl [--once]`: fetch due sources and store their new articles; the work is in `ingest/crawler.ts`. */
import cliProgress from 'cli-progress';
import { loadConfig } from '../../config.ts';
import {
  type CrawlEvent,
  type CrawlReport,
  crawlOnce,
  runScheduler,
  type SourceReport,
} from '../../ingest/crawler.ts';
import { createFetcher } from '../../ingest/fetch/index.ts';
import type { Article } from '../../model.ts';
import { createAnalyzer, Pipeline } from '../../pipeline.ts';
import { openStore, storeTarget } from '../../store/open.ts';
import type { Store } from '../../store/store.ts';
import { printJson } from '../io.ts';
import type { RegisterCommand } from './index.ts';

const PLAIN_PROGRESS_EVERY_MS = 5000;

/**
 * Analysis and placement of newly stored articles (`src/pipeline.ts`). Placement state is rebuilt from
 * the store first, so articles already there are known as originals and story members.
 */
export async function createPipelineHook(
  store: Store,
  log: (line: string) => void,
): Promise<(articles: Article[]) => Promise<void>> {
  const pipeline = new Pipeline(store, { analyze: await createAnalyzer() });
  const replayed = await pipeline.rebuild();
  if (replayed > 0) log(`pipeline: placement state rebuilt from ${replayed} stored articles`);
  return async (articles) => {
    const summary = await pipeline.ingest(articles);
    if (summary.errors.length > 0) {
      throw new Error(`${summary.errors.length} articles not placed (first: ${summary.errors[0]!.error})`);
    }
  };
}

export interface ProgressLine {
  update(p: { done: number; total: number; stored: number; failed: number }): void;
  stop(): void;
}

/** A bar on stderr when it is a terminal, else a line every few seconds (logs stay readable). */
export function progressLine(label: string): ProgressLine {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} |{bar}| {value}/{total} | {stored} stored | {failed} failed | {eta_formatted}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        if (!started) {
          bar.start(p.total, 0, p);
          started = true;
        }
        bar.setTotal(Math.max(p.total, 1));
        bar.update(p.done + p.failed, p);
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let last = Date.now();
  return {
    update(p) {
      if (Date.now() - last < PLAIN_PROGRESS_EVERY_MS) return;
      last = Date.now();
      process.stderr.write(
        `${label}: ${p.done + p.failed}/${p.total} pages, ${p.stored} stored, ${p.failed} failed\n`,
      );
    },
    stop() {},
  };
}

function sourceLine(r: SourceReport): string {
  const parts = [
    `${r.sourceId}: ${r.ok ? 'ok' : 'FAILED'}`,
    `${r.feeds} feeds (${r.notModified} not modified)`,
    `${r.entries} entries, ${r.candidates} new, ${r.inserted} stored`,
  ];
  if (r.articleFailures > 0) parts.push(`${r.articleFailures} failed (last: ${r.lastArticleError})`);
  if (r.error) parts.push(r.error);
  if (r.pipelineError) parts.push(r.pipelineError);
  if (r.nextFetchAt) parts.push(`next ${r.nextFetchAt}`);
  return `crawl: ${parts.join(', ')}`;
}

function summaryLine(r: CrawlReport): string {
  return (
    `crawl: ${r.sources.length} sources, ${r.inserted} new articles, ${r.updated} updated, ` +
    `${r.articleFailures} pages failed, ${r.failedSources} sources failed`
  );
}

interface CrawlCommandOptions {
  once?: boolean;
  db?: string;
  concurrency: string;
  json?: boolean;
}

export const register: RegisterCommand = (program) => {
  program
    .command('crawl')
    .description('fetch due sources, store new articles and pass them to the pipeline (Ctrl-C stops)')
    .option('--once', 'one round over the due sources, then exit')
    .option('--db <path>', 'SQLite file (default: $NABA_DB or ./naba.db)')
    .option('--concurrency <n>', 'article pages fetched at once, all hosts together', '8')
    .option('--json', 'with --once: print the report as one JSON object on the last line')
    .action(async (opts: CrawlCommandOptions) => {
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new Error(`crawl: --concurrency must be a positive integer, got ${opts.concurrency}`);
      }
      const config = loadConfig();
      const store = await openStore(storeTarget(config, opts.db));
      const fetcher = createFetcher({ userAgent: config.userAgent, allowPrivate: config.allowPrivate });
      const progress = progressLine('crawl');
      const counts = { done: 0, total: 0, stored: 0, failed: 0 };
      const onProgress = (e: CrawlEvent) => {
        if (e.type === 'queued') counts.total += e.count;
        else if (e.type === 'article') {
          if (e.ok) counts.done++;
          else counts.failed++;
        } else if (e.type === 'stored') counts.stored += e.count;
        else if (e.type === 'source') {
          progress.stop();
          process.stderr.write(`${sourceLine(e.report)}\n`);
        }
        if (e.type !== 'source') progress.update(counts);
      };
      try {
        const pipeline = await createPipelineHook(store, (line) => process.stderr.write(`${line}\n`));
        const deps = { store, fetcher, concurrency, onProgress, pipeline };
        if (opts.once) {
          const report = await crawlOnce(deps);
          progress.stop();
          process.stdout.write(`${summaryLine(report)}\n`);
          if (opts.json) printJson(report);
          return;
        }
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          await runScheduler(deps, {
            signal: controller.signal,
            onRound: (r) => {
              progress.stop();
              if (r.sources.length > 0) process.stdout.write(`${summaryLine(r)}\n`);
            },
          });
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      } finally {
        progress.stop();
        await fetcher.close();
        await store.close();
      }
    });
};
