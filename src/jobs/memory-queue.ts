/**
 * The in-process queue: same contract as the PostgreSQL one, kept in memory, so one process can run the
 * job handlers without a database server (tests, small setups). Nothing survives a restart: the embedded
 * default keeps using the crawler's own loop (`ingest/crawler.ts`), which resumes from the store instead.
 */
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_RETRY,
  type EnqueueOptions,
  errorText,
  type FailedJob,
  type JobData,
  type JobHandler,
  type JobKind,
  type JobQueue,
  PermanentJobError,
  type RetryPolicy,
} from './queue.ts';

interface MemoryJob {
  id: string;
  kind: JobKind;
  data: unknown;
  attempts: number;
  createdAt: string;
  notBefore: number;
}

export interface MemoryQueueOptions {
  retry?: Partial<Record<JobKind, Partial<RetryPolicy>>>;
  /** Clock in ms, for the backoff. */
  now?: () => number;
}

export class MemoryQueue implements JobQueue {
  readonly #ready: MemoryJob[] = [];
  readonly #keys = new Map<string, string>();
  readonly #failed = new Map<string, FailedJob & { job: MemoryJob }>();
  readonly #handlers = new Map<
    JobKind,
    { handler: JobHandler<JobKind>; concurrency: number; running: number }
  >();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #retry: Record<JobKind, RetryPolicy>;
  readonly #now: () => number;
  #running = 0;
  #stopped = false;

  constructor(options: MemoryQueueOptions = {}) {
    this.#now = options.now ?? Date.now;
    const r = options.retry ?? {};
    this.#retry = {
      'fetch-source': { ...DEFAULT_RETRY['fetch-source'], ...r['fetch-source'] },
      'fetch-page': { ...DEFAULT_RETRY['fetch-page'], ...r['fetch-page'] },
      analyze: { ...DEFAULT_RETRY.analyze, ...r.analyze },
    };
  }

  async enqueue<K extends JobKind>(
    kind: K,
    data: JobData[K],
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    if (options.key !== undefined) {
      const k = `${kind}\u0000${options.key}`;
      if (this.#keys.has(k)) return null;
      this.#keys.set(k, '');
    }
    const job: MemoryJob = {
      id: randomUUID(),
      kind,
      data,
      attempts: 0,
      createdAt: new Date(this.#now()).toISOString(),
      notBefore: 0,
    };
    this.#ready.push(job);
    this.#pump();
    return job.id;
  }

  async work<K extends JobKind>(kind: K, handler: JobHandler<K>, options: { concurrency?: number } = {}) {
    this.#handlers.set(kind, {
      handler: handler as JobHandler<JobKind>,
      concurrency: Math.max(1, options.concurrency ?? 1),
      running: 0,
    });
    this.#pump();
  }

  async pending(kinds?: readonly JobKind[]): Promise<number> {
    const of = (k: JobKind) => !kinds || kinds.includes(k);
    return this.#ready.filter((j) => of(j.kind)).length + this.#running + this.#timers.size;
  }

  async listFailedJobs(options: { kind?: JobKind; limit?: number } = {}): Promise<FailedJob[]> {
    return [...this.#failed.values()]
      .filter((f) => !options.kind || f.kind === options.kind)
      .reverse()
      .slice(0, options.limit ?? 100)
      .map(({ job: _job, ...f }) => f);
  }

  async retry(kind: JobKind, id: string): Promise<boolean> {
    const f = this.#failed.get(id);
    if (!f || f.kind !== kind) return false;
    this.#failed.delete(id);
    f.job.attempts = 0;
    f.job.notBefore = 0;
    this.#ready.push(f.job);
    this.#pump();
    return true;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Resolves when nothing is queued, waiting or running (for tests and one-shot runs). */
  async drained(): Promise<void> {
    while ((await this.pending()) > 0) await new Promise((r) => setTimeout(r, 5));
  }

  #pump(): void {
    if (this.#stopped) return;
    for (let i = 0; i < this.#ready.length; ) {
      const job = this.#ready[i]!;
      const h = this.#handlers.get(job.kind);
      if (!h || h.running >= h.concurrency) {
        i++;
        continue;
      }
      this.#ready.splice(i, 1);
      h.running++;
      this.#running++;
      const run = this.#run(job, h.handler).finally(() => {
        h.running--;
        this.#running--;
        this.#inFlight.delete(run);
        this.#pump();
      });
      this.#inFlight.add(run);
    }
  }

  async #run(job: MemoryJob, handler: JobHandler<JobKind>): Promise<void> {
    job.attempts++;
    try {
      await handler(job.data as JobData[JobKind], { attempt: job.attempts });
    } catch (error) {
      const policy = this.#retry[job.kind];
      if (error instanceof PermanentJobError || job.attempts > policy.limit) {
        this.#failed.set(job.id, {
          id: job.id,
          kind: job.kind,
          data: job.data,
          error: errorText(error),
          attempts: job.attempts,
          createdAt: job.createdAt,
          failedAt: new Date(this.#now()).toISOString(),
          job,
        });
        return;
      }
      // Exponential backoff: delay, 2·delay, 4·delay… (the PostgreSQL queue adds jitter as well).
      const wait = policy.delaySeconds * 1000 * 2 ** (job.attempts - 1);
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#ready.push(job);
        this.#pump();
      }, wait);
      this.#timers.add(timer);
    }
  }
}
