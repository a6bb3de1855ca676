/**
 * The queue for many workers: pg-boss 10 on the same PostgreSQL as the store (docs/jobs.md says why).
 * Jobs are rows taken with `FOR UPDATE SKIP LOCKED`; a failed attempt is retried after an exponential,
 * jittered delay; after the last attempt the job stays in state `failed` with its error (the dead letters
 * `listFailedJobs` shows); a job running past its kind's timeout (its worker died) is failed by pg-boss's
 * maintenance and so retried. Handlers must be idempotent: a job can run twice after a crash.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { createPool, redactUrl, withExplicitUser } from '../store/postgres/postgres-store.ts';
import {
  DEFAULT_RETRY,
  type EnqueueOptions,
  errorText,
  type FailedJob,
  JOB_KINDS,
  type JobData,
  type JobHandler,
  type JobKind,
  type JobQueue,
  PermanentJobError,
  type RetryPolicy,
} from './queue.ts';

export interface PgQueueOptions {
  /** Schema of the queue's tables (pg-boss's and the placement log), created when missing. */
  schema?: string;
  retry?: Partial<Record<JobKind, Partial<RetryPolicy>>>;
  /** How often an idle worker looks for jobs (seconds, at least 0.5). */
  pollSeconds?: number;
  log?: (line: string) => void;
  /**
   * Write this process's retry policies to existing queues (default true: workers do; a web process
   * that only lists failed jobs passes false so it does not reset what the workers were started with).
   */
  configure?: boolean;
}

export const DEFAULT_JOBS_SCHEMA = 'naba_jobs';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A job id that follows from kind and key, so the same key cannot be queued twice (pg-boss ids are UUIDs). */
export function jobIdFor(kind: JobKind, key: string): string {
  const h = createHash('sha1').update(`${kind}\u0000${key}`).digest('hex');
  // Shaped as a version-5 UUID (name-based, SHA-1).
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface FailedRow {
  id: string;
  name: string;
  data: unknown;
  output: { message?: string } | null;
  retry_count: number;
  created_on: Date;
  completed_on: Date | null;
}

export class PgQueue implements JobQueue {
  readonly schema: string;
  /** Pool for the queue's own SQL (placement log, counts); pg-boss keeps its own. */
  readonly pool: pg.Pool;
  readonly #boss: PgBoss;
  readonly #retry: Record<JobKind, RetryPolicy>;
  readonly #poll: number;
  readonly #log: (line: string) => void;

  private constructor(boss: PgBoss, pool: pg.Pool, schema: string, options: PgQueueOptions) {
    this.#boss = boss;
    this.pool = pool;
    this.schema = schema;
    const r = options.retry ?? {};
    this.#retry = {
      'fetch-source': { ...DEFAULT_RETRY['fetch-source'], ...r['fetch-source'] },
      'fetch-page': { ...DEFAULT_RETRY['fetch-page'], ...r['fetch-page'] },
      analyze: { ...DEFAULT_RETRY.analyze, ...r.analyze },
    };
    this.#poll = Math.max(0.5, options.pollSeconds ?? 2);
    this.#log = options.log ?? (() => {});
  }

  /** Connect, install or upgrade the queue's tables, create the queues of each kind. */
  static async open(databaseUrl: string, options: PgQueueOptions = {}): Promise<PgQueue> {
    const schema = options.schema ?? DEFAULT_JOBS_SCHEMA;
    if (!SCHEMA_NAME.test(schema)) {
      throw new Error(`jobs: schema name must be lowercase letters, digits and _: ${JSON.stringify(schema)}`);
    }
    const url = withExplicitUser(databaseUrl);
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    const shortest = Math.min(
      ...JOB_KINDS.map((k) => retry[k]?.timeoutSeconds ?? DEFAULT_RETRY[k].timeoutSeconds),
    );
    const boss = new PgBoss({
      connectionString: url,
      schema,
      max: 4,
      application_name: 'naba-jobs',
      // Expired attempts (dead workers) are found by maintenance: run it often enough to matter.
      maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(shortest / 2))),
      monitorStateIntervalSeconds: 60,
      schedule: false,
    });
    const log = options.log ?? (() => {});
    boss.on('error', (error) => log(`jobs: queue error: ${error.message}`));
    try {
      await boss.start();
    } catch (error) {
      throw new Error(`jobs: cannot start the queue on ${redactUrl(databaseUrl)}: ${errorText(error)}`);
    }
    const pool = createPool(databaseUrl, { maxConnections: 4 });
    // A pooled connection dropped by the server (restart, failover) must not crash the worker.
    pool.on('error', (error) => log(`jobs: connection lost: ${error.message}`));
    const queue = new PgQueue(boss, pool, schema, options);
    await queue.#createQueues(options.configure !== false);
    return queue;
  }

  async #createQueues(configure: boolean): Promise<void> {
    for (const kind of JOB_KINDS) {
      const p = this.#retry[kind];
      const options = {
        name: kind,
        retryLimit: p.limit,
        retryDelay: Math.max(1, Math.round(p.delaySeconds)),
        retryBackoff: true,
        expireInSeconds: Math.max(1, Math.round(p.timeoutSeconds)),
        retentionMinutes: 7 * 24 * 60,
      };
      // Several workers start at once: creating may race, updating keeps the latest policy.
      if (await this.#boss.getQueue(kind)) {
        if (configure) await this.#boss.updateQueue(kind, options);
      } else {
        try {
          await this.#boss.createQueue(kind, options);
        } catch (error) {
          if (!(await this.#boss.getQueue(kind))) throw error;
        }
      }
    }
  }

  async enqueue<K extends JobKind>(
    kind: K,
    data: JobData[K],
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    const id = options.key !== undefined ? jobIdFor(kind, options.key) : undefined;
    return this.#boss.send(kind, data as object, id ? { id } : {});
  }

  async work<K extends JobKind>(kind: K, handler: JobHandler<K>, options: { concurrency?: number } = {}) {
    const n = Math.max(1, options.concurrency ?? 1);
    for (let i = 0; i < n; i++) {
      let workerId = '';
      workerId = await this.#boss.work<JobData[K]>(
        kind,
        { batchSize: 1, pollingIntervalSeconds: this.#poll, includeMetadata: true },
        async ([job]) => {
          if (!job) return;
          try {
            await handler(job.data, { attempt: job.retryCount + 1 });
          } catch (error) {
            this.#log(`jobs: ${kind} ${job.id} attempt ${job.retryCount + 1} failed: ${errorText(error)}`);
            if (error instanceof PermanentJobError) {
              // pg-boss retries while retry_count < retry_limit: closing the gap makes this attempt the last.
              await this.pool.query(
                `update ${this.schema}.job set retry_limit = retry_count where name = $1 and id = $2`,
                [kind, job.id],
              );
            }
            throw new Error(errorText(error));
          } finally {
            // pg-boss 10 waits out the polling interval after every fetch, even one that found a job, which
            // capped each poller at one job per interval (8 pages/s per worker at 4 × 0.5 s). Told that
            // it found one, it asks again at once; an empty queue is still polled once per interval.
            this.#boss.notifyWorker(workerId);
          }
        },
      );
    }
  }

  async pending(kinds: readonly JobKind[] = JOB_KINDS): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `select count(*)::int as n from ${this.schema}.job where name = any($1) and state < 'completed'`,
      [kinds],
    );
    return rows[0]?.n ?? 0;
  }

  async listFailedJobs(options: { kind?: JobKind; limit?: number } = {}): Promise<FailedJob[]> {
    const { rows } = await this.pool.query<FailedRow>(
      `select id, name, data, output, retry_count, created_on, completed_on from ${this.schema}.job
       where state = 'failed' and name = any($1) order by completed_on desc nulls last, id limit $2`,
      [options.kind ? [options.kind] : JOB_KINDS, Math.max(0, options.limit ?? 100)],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.name as JobKind,
      data: r.data,
      error: r.output?.message ?? 'job: failed without a message',
      attempts: r.retry_count + 1,
      createdAt: r.created_on.toISOString(),
      failedAt: r.completed_on ? r.completed_on.toISOString() : null,
    }));
  }

  async retry(kind: JobKind, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `update ${this.schema}.job j set state = 'retry', retry_count = 0, started_on = null, start_after = now(),
         retry_limit = coalesce(q.retry_limit, j.retry_limit), completed_on = null
       from ${this.schema}.queue q
       where j.name = $1 and j.id = $2 and j.state = 'failed' and q.name = j.name`,
      [kind, id],
    );
    return (rowCount ?? 0) > 0;
  }

  async stop(): Promise<void> {
    await this.#boss.stop({ graceful: true, wait: true, timeout: 20_000 });
    await this.pool.end();
  }
}
