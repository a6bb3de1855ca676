/**
 * The job queue seen by the rest of naba: durable, retried work items of a few kinds. Two
 * implementations: `memory-queue.ts` (in-process, for the embedded SQLite default and for tests) and
 * `pg-queue.ts` (PostgreSQL through pg-boss, for any number of worker processes). Placement is not a
 * queued job but a lease (`lease.ts`, `placer.ts`): it must run in one place, in order.
 */

/** The kinds of queued work; `place` is a role held under a lease, not a queue. */
export type JobKind = 'fetch-source' | 'fetch-page' | 'analyze';
export const JOB_KINDS: readonly JobKind[] = ['fetch-source', 'fetch-page', 'analyze'];

export interface FetchSourceJob {
  sourceId: string;
}

export interface FetchPageJob {
  sourceId: string;
  /** Article id (from the canonical entry URL). */
  id: string;
  /** Canonical entry URL. */
  url: string;
  /** The feed entry as read (FeedEntry), for extraction hints and the feed's own text. */
  entry: import('../model.ts').FeedEntry;
}

export interface AnalyzeJob {
  id: string;
}

export interface JobData {
  'fetch-source': FetchSourceJob;
  'fetch-page': FetchPageJob;
  analyze: AnalyzeJob;
}

/** Retry policy of a kind: `limit` retries after the first attempt, delay doubling from `delaySeconds`. */
export interface RetryPolicy {
  limit: number;
  delaySeconds: number;
  /** An attempt running longer than this is taken as dead and retried (its worker crashed). */
  timeoutSeconds: number;
}

export const DEFAULT_RETRY: Record<JobKind, RetryPolicy> = {
  'fetch-source': { limit: 3, delaySeconds: 30, timeoutSeconds: 300 },
  'fetch-page': { limit: 4, delaySeconds: 30, timeoutSeconds: 180 },
  analyze: { limit: 3, delaySeconds: 10, timeoutSeconds: 120 },
};

/** A job that used up its attempts (a dead letter), for the admin page. */
export interface FailedJob {
  id: string;
  kind: JobKind;
  data: unknown;
  /** `stage: cause` of the last attempt. */
  error: string;
  attempts: number;
  createdAt: string;
  failedAt: string | null;
}

export interface EnqueueOptions {
  /**
   * Idempotency key: a second enqueue with the same key and kind is a no-op while the first is kept
   * (queued, running, done or failed), so re-reading a feed never queues an entry twice.
   */
  key?: string;
}

/** Thrown by a handler when trying again cannot help (404, no article text): no more attempts. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export type JobHandler<K extends JobKind> = (data: JobData[K], ctx: { attempt: number }) => Promise<void>;

export interface JobQueue {
  /** Queue one job; resolves to its id, or null when the key was queued before. */
  enqueue<K extends JobKind>(kind: K, data: JobData[K], options?: EnqueueOptions): Promise<string | null>;
  /** Run `handler` on jobs of `kind`, `concurrency` at a time, until `stop`. */
  work<K extends JobKind>(kind: K, handler: JobHandler<K>, options?: { concurrency?: number }): Promise<void>;
  /** Jobs not finished yet (queued, waiting for a retry, or running), of the given kinds (default all). */
  pending(kinds?: readonly JobKind[]): Promise<number>;
  /** Dead letters, most recent first. */
  listFailedJobs(options?: { kind?: JobKind; limit?: number }): Promise<FailedJob[]>;
  /** Queue a failed job again with fresh attempts. False when there is no such failed job. */
  retry(kind: JobKind, id: string): Promise<boolean>;
  /** Stop taking jobs and wait for the running ones (the queue itself stays). */
  stop(): Promise<void>;
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /^[a-z-]+: /.test(text) ? text : `job: ${text}`;
}
