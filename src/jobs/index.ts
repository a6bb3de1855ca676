/**
 * The jobs API for the rest of naba (web admin, CLI): the queue when PostgreSQL is configured, null for
 * the embedded SQLite default, where `naba crawl` runs fetch, analysis and placement in one process.
 */
import type { Config } from '../config.ts';
import { PgQueue, type PgQueueOptions } from './pg-queue.ts';

export { MemoryQueue } from './memory-queue.ts';
export { PgQueue } from './pg-queue.ts';
export type { FailedJob, JobKind, JobQueue } from './queue.ts';
export { PermanentJobError } from './queue.ts';

/** Open the shared queue (e.g. for the admin page's `listFailedJobs` and `retry`); null without `DATABASE_URL`. */
export async function openJobQueue(
  config: Pick<Config, 'databaseUrl'>,
  options: PgQueueOptions = {},
): Promise<PgQueue | null> {
  return config.databaseUrl ? PgQueue.open(config.databaseUrl, { configure: false, ...options }) : null;
}
