/**
 * `naba worker`: one of any number of processes sharing the PostgreSQL job queue (`src/jobs/`).
 * Needs `DATABASE_URL`; the embedded SQLite setup runs everything in `naba crawl` instead.
 */
import { loadConfig } from '../../config.ts';
import { createFetcher } from '../../ingest/fetch/index.ts';
import { PgHostGate } from '../../jobs/host-gate.ts';
import { JOB_KINDS, type JobKind, type RetryPolicy } from '../../jobs/queue.ts';
import { parseRoles, runWorker } from '../../jobs/worker.ts';
import { createAnalyzer } from '../../pipeline.ts';
import { openStore } from '../../store/open.ts';
import type { RegisterCommand } from './index.ts';

interface WorkerCommandOptions {
  concurrency: string;
  kinds: string;
  scheduler?: boolean;
  settleMs: string;
  jobTimeout?: string;
  retryDelay?: string;
}

function positive(name: string, value: string, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`worker: ${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
  return n;
}

export const register: RegisterCommand = (program) => {
  program
    .command('worker')
    .description(
      'take fetch, analyze and placement jobs from the PostgreSQL queue (needs DATABASE_URL; Ctrl-C stops)',
    )
    .option('--concurrency <n>', 'jobs run at once per kind', '4')
    .option('--kinds <list>', 'work to take: fetch, analyze, place (comma-separated)', 'fetch,analyze,place')
    .option('--scheduler', 'also queue due sources (one scheduler runs at a time, the others wait)')
    .option('--settle-ms <ms>', 'placement waits this long at most for fetch/analyze jobs to finish', '30000')
    .option('--job-timeout <s>', 'an attempt running longer is taken as dead and retried (all kinds)')
    .option('--retry-delay <s>', 'first retry delay, doubled each attempt (all kinds)')
    .action(async (opts: WorkerCommandOptions) => {
      const config = loadConfig();
      if (!config.databaseUrl) {
        throw new Error(
          'worker: DATABASE_URL is not set; workers share a PostgreSQL queue (with SQLite, use `naba crawl`)',
        );
      }
      const concurrency = positive('--concurrency', opts.concurrency);
      const roles = parseRoles(opts.kinds);
      const settleMs = positive('--settle-ms', opts.settleMs);
      const override: Partial<RetryPolicy> = {};
      if (opts.jobTimeout !== undefined) override.timeoutSeconds = positive('--job-timeout', opts.jobTimeout);
      if (opts.retryDelay !== undefined) override.delaySeconds = positive('--retry-delay', opts.retryDelay);
      const retry = Object.fromEntries(JOB_KINDS.map((k) => [k, override])) as Record<
        JobKind,
        Partial<RetryPolicy>
      >;

      const store = await openStore(config);
      // Workers on many machines space their requests to one site together, not each on its own.
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const hostGate = await PgHostGate.open(config.databaseUrl, { log });
      const fetcher = createFetcher({
        userAgent: config.userAgent,
        allowPrivate: config.allowPrivate,
        hostGate,
      });
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await runWorker({
          databaseUrl: config.databaseUrl,
          store,
          fetcher,
          analyze: await createAnalyzer(),
          roles,
          concurrency,
          scheduler: opts.scheduler === true,
          settleMs,
          queue: { retry, pollSeconds: 0.5 },
          signal: controller.signal,
          log,
        });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await fetcher.close();
        await hostGate.close();
        await store.close();
      }
    });
};
