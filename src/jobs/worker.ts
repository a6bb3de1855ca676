/**
 * One worker process: runs the handlers of the kinds it is given against the shared PostgreSQL queue,
 * and optionally the two single-holder roles: placement (`place`) and the scheduler, each under a lease.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { msUntilNextDue } from '../ingest/crawler.ts';
import type { Fetcher } from '../ingest/fetch/index.ts';
import type { AnalyzeFn } from '../pipeline.ts';
import type { Store } from '../store/store.ts';
import { analyzeStored, fetchPage, fetchSource, type HandlerDeps } from './handlers.ts';
import { acquire, type Lease } from './lease.ts';
import { PgQueue, type PgQueueOptions } from './pg-queue.ts';
import { PgPlacementLog, type PlacementLog } from './placement-log.ts';
import { runPlacer } from './placer.ts';
import type { JobQueue } from './queue.ts';

/** What `--kinds` accepts: `fetch` covers both fetch kinds. */
export type WorkerRole = 'fetch' | 'analyze' | 'place';
export const WORKER_ROLES: readonly WorkerRole[] = ['fetch', 'analyze', 'place'];

/** Parse `--kinds fetch,analyze,place`; throws `worker: …` on an unknown name. */
export function parseRoles(list: string): WorkerRole[] {
  const roles = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const r of roles) {
    if (!WORKER_ROLES.includes(r as WorkerRole)) {
      throw new Error(`worker: unknown kind "${r}" (expected ${WORKER_ROLES.join(', ')})`);
    }
  }
  if (roles.length === 0) throw new Error('worker: --kinds names no kind');
  return [...new Set(roles)] as WorkerRole[];
}

export interface SchedulerOptions {
  store: Store;
  queue: JobQueue;
  signal: AbortSignal;
  minSleepMs?: number;
  maxSleepMs?: number;
  now?: () => Date;
}

/** One scheduler tick: queue a `fetch-source` for each due source. Returns how many were queued. */
export async function enqueueDueSources(store: Store, queue: JobQueue, now: Date): Promise<number> {
  let n = 0;
  for (const source of await store.dueSources(now.toISOString())) {
    const state = await store.getSourceState(source.id);
    // One job per due occasion: the key changes once the fetch is recorded, so a due source whose job is
    // still waiting is not queued again.
    const key = `${source.id}@${state?.lastFetchAt ?? 'never'}`;
    if ((await queue.enqueue('fetch-source', { sourceId: source.id }, { key })) !== null) n++;
  }
  return n;
}

/** The scheduler role, for the holder of the scheduler lease. */
export async function runSchedulerTicks(options: SchedulerOptions & { lease?: Lease }): Promise<void> {
  const min = options.minSleepMs ?? 2000;
  const max = options.maxSleepMs ?? 60_000;
  while (!options.signal.aborted) {
    await options.lease?.check();
    const now = options.now?.() ?? new Date();
    await enqueueDueSources(options.store, options.queue, now);
    const wait = (await msUntilNextDue(options.store, now)) ?? max;
    await sleep(Math.min(max, Math.max(min, wait)), undefined, { signal: options.signal }).catch(
      () => undefined,
    );
  }
}

export interface WorkerOptions {
  databaseUrl: string;
  store: Store;
  fetcher: Fetcher;
  analyze: AnalyzeFn;
  roles: readonly WorkerRole[];
  /** Jobs run at once per kind (default 4). */
  concurrency?: number;
  scheduler?: boolean;
  signal: AbortSignal;
  queue?: PgQueueOptions;
  /** Placement waits at most this long for a busy queue (default 30 s). */
  settleMs?: number;
  /** Pause between lease attempts (default 1 s). */
  leaseRetryMs?: number;
  log?: (line: string) => void;
}

/** Run until `signal` aborts, then finish the running jobs and close the queue (the store stays open). */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const queue = await PgQueue.open(options.databaseUrl, { ...options.queue, log });
  const placementLog: PlacementLog = await PgPlacementLog.open(queue.pool, queue.schema);
  const deps: HandlerDeps = {
    store: options.store,
    queue,
    fetcher: options.fetcher,
    analyze: options.analyze,
    placementLog,
  };
  const concurrency = options.concurrency ?? 4;
  const roles = new Set(options.roles);
  if (roles.has('fetch')) {
    await queue.work('fetch-source', async (job) => void (await fetchSource(deps, job.sourceId)), {
      concurrency: Math.max(1, Math.ceil(concurrency / 2)),
    });
    await queue.work('fetch-page', (job) => fetchPage(deps, job), { concurrency });
  }
  if (roles.has('analyze'))
    await queue.work('analyze', (job) => analyzeStored(deps, job.id), { concurrency });

  const background: Promise<void>[] = [];
  const take = (name: string) => (signal: AbortSignal) =>
    acquire(options.databaseUrl, name, { signal, retryMs: options.leaseRetryMs ?? 1000, log });
  if (roles.has('place')) {
    background.push(
      runPlacer({
        store: options.store,
        log: placementLog,
        busy: async () => (await queue.pending()) > 0,
        settleMs: options.settleMs ?? 30_000,
        acquire: take('place'),
        signal: options.signal,
        logLine: log,
      }),
    );
  }
  if (options.scheduler) {
    background.push(
      (async () => {
        while (!options.signal.aborted) {
          const lease = await take('scheduler')(options.signal);
          if (!lease) return;
          log('scheduler: holding the scheduler lease');
          try {
            await runSchedulerTicks({ store: options.store, queue, signal: options.signal, lease });
          } catch (error) {
            log(`scheduler: ${error instanceof Error ? error.message : error}`);
          } finally {
            await lease.release();
          }
        }
      })(),
    );
  }
  log(`worker: running ${[...roles].join(', ')}${options.scheduler ? ' and the scheduler' : ''}`);
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    else options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.allSettled(background);
  await queue.stop();
}
