/**
 * Worker processes against one PostgreSQL: three `naba worker` children ingest a small replay and must
 * end with what one SQLite process makes of the same input; killing workers (the placement lease holder
 * among them) with SIGKILL mid-run loses and doubles nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgBin } from '../../bench/postgres.ts';
import { type Replay, startReplay } from '../../src/demo/replay.ts';
import { PgQueue } from '../../src/jobs/pg-queue.ts';
import { PgPlacementLog } from '../../src/jobs/placement-log.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { usePostgres } from '../postgres/cluster.ts';
import {
  addReplaySources,
  articleIdOf,
  createDatabase,
  JOB_CORPUS,
  type Snapshot,
  snapshot,
  sqliteReference,
  startWorker,
  type WorkerChild,
  waitFor,
} from './fixture.ts';

const pgt = usePostgres();

/** The data dir of the throwaway cluster (beside its socket), or null when the tests use TEST_DATABASE_URL. */
function clusterDataDir(url: string): string | null {
  const host = /[?&]host=([^&]+)/.exec(url)?.[1];
  const data = host ? join(decodeURIComponent(host), 'data') : null;
  return data && existsSync(data) && !process.env.TEST_DATABASE_URL ? data : null;
}

/** Restart the throwaway cluster (fast shutdown: every connection is cut). */
function restartServer(data: string): void {
  const pgCtl = join(findPgBin()!, 'pg_ctl');
  const args = ['-D', data, '-m', 'fast', '-w', '-l', join(data, '..', 'log'), 'restart'];
  const asRoot = process.getuid?.() === 0;
  const r = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { encoding: 'utf8' })
    : spawnSync(pgCtl, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_ctl restart failed: ${r.stderr || r.stdout}`);
}

const WORKER_ARGS = ['--concurrency', '2', '--job-timeout', '6', '--retry-delay', '1'];

describe.skipIf(pgt.skip)('worker processes', () => {
  let replay: Replay;
  let reference: Snapshot;

  beforeAll(async () => {
    replay = await startReplay(JOB_CORPUS);
    reference = await sqliteReference(replay);
  }, 120_000);

  afterAll(async () => {
    await replay?.close();
  });

  /** Run workers on a fresh database until the replay is stored, placed and the queue is empty. */
  async function ingest(
    database: string,
    during?: (workers: WorkerChild[], url: string) => Promise<void>,
    settleMs = 4000,
  ): Promise<{ result: Snapshot; failed: number; jobs: Record<string, number>; workers: WorkerChild[] }> {
    const url = await createDatabase(pgt, database);
    const store = await openPostgresStore(url, { maxConnections: 2 });
    await addReplaySources(store, replay);
    const queue = await PgQueue.open(url);
    const placement = await PgPlacementLog.open(queue.pool, queue.schema);
    const args = [...WORKER_ARGS, '--settle-ms', String(settleMs)];
    const workers = [
      startWorker(url, [...args, '--scheduler']),
      startWorker(url, args),
      startWorker(url, args),
    ];
    try {
      if (during) await during(workers, url);
      const expected = JOB_CORPUS.length;
      await waitFor(
        async () => {
          try {
            const counts = await placement.counts();
            return (
              (await store.countArticles()) === expected &&
              counts.placed === expected &&
              counts.pending === 0 &&
              (await queue.pending()) === 0
            );
          } catch {
            return false; // the server is restarting
          }
        },
        150_000,
        async () =>
          `stored ${await store.countArticles()}, placement ${JSON.stringify(await placement.counts())}, ` +
          `queue ${await queue.pending()}\n${workers.map((w) => w.log()).join('\n---\n')}`,
      );
      // Keys make one job per article and kind, whatever the retries and re-reads of the feeds.
      const { rows } = await queue.pool.query<{ job: string; n: number }>(
        `select name || ':' || state as job, count(*)::int as n from ${queue.schema}.job
         where name in ('fetch-page', 'analyze') group by 1`,
      );
      const jobs = Object.fromEntries(rows.map((r) => [r.job, r.n]));
      return { result: await snapshot(store), failed: (await queue.listFailedJobs()).length, jobs, workers };
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
      await queue.stop();
      await store.close();
    }
  }

  it('the SQLite reference found both copy groups, the earlier copy as original', () => {
    const id = (c: string) => articleIdOf(replay, c);
    expect(reference.ids).toHaveLength(JOB_CORPUS.length);
    expect(reference.unplaced).toEqual([]);
    expect(reference.groups).toEqual(
      [`${id('t-001')} > ${id('c-001')}`, `${id('c-002')} > ${id('t-004')}`].sort(),
    );
  });

  it('three workers store every article once and place it as one SQLite process does', async () => {
    const { result, failed, jobs, workers } = await ingest('jobs_three');
    expect(result).toEqual(reference);
    expect(failed).toBe(0);
    const n = JOB_CORPUS.length;
    expect(jobs).toEqual({ 'fetch-page:completed': n, 'analyze:completed': n });
    // Exactly one process held the placement lease and exactly one scheduled.
    const holders = workers.filter((w) => w.log().includes('holding the placement lease'));
    expect(holders).toHaveLength(1);
    expect(workers.filter((w) => w.log().includes('holding the scheduler lease'))).toHaveLength(1);
  }, 200_000);

  it('survives SIGKILL of the placement lease holder and another worker mid-run', async () => {
    const killed: WorkerChild[] = [];
    const { result, jobs } = await ingest(
      'jobs_kill',
      async (workers, url) => {
        const store = await openPostgresStore(url, { maxConnections: 1 });
        try {
          // Mid-run: the first articles are stored, not all of them.
          await waitFor(
            async () =>
              (await store.countArticles()) > 0 && workers.some((w) => w.log().includes('placement lease')),
            120_000,
            () => workers.map((w) => w.log()).join('\n---\n'),
          );
        } finally {
          await store.close();
        }
        const holder = workers.find((w) => w.log().includes('holding the placement lease'))!;
        const other = workers.find((w) => w !== holder)!;
        for (const w of [holder, other]) {
          w.child.kill('SIGKILL');
          killed.push(w);
        }
        // The dead workers' running jobs come back after the job timeout (6 s) and a retry delay: a
        // settle time beyond that keeps the round whole, hence placed in the order one process would use.
      },
      25_000,
    );
    expect(killed).toHaveLength(2);
    expect(result).toEqual(reference);
    const n = JOB_CORPUS.length;
    expect(jobs).toEqual({ 'fetch-page:completed': n, 'analyze:completed': n });
  }, 200_000);

  it('survives a PostgreSQL restart mid-run', async (ctx) => {
    const data = clusterDataDir(pgt.url());
    if (!data) return ctx.skip(); // a server we did not start is not ours to restart
    let restarted = false;
    const { result, jobs } = await ingest('jobs_restart', async (workers, url) => {
      const store = await openPostgresStore(url, { maxConnections: 1 });
      try {
        await waitFor(
          async () => (await store.countArticles()) > 0,
          120_000,
          () => workers.map((w) => w.log()).join('\n---\n'),
        );
      } finally {
        await store.close();
      }
      restartServer(data);
      restarted = true;
    });
    expect(restarted).toBe(true);
    expect(result).toEqual(reference);
    const n = JOB_CORPUS.length;
    expect(jobs).toEqual({ 'fetch-page:completed': n, 'analyze:completed': n });
  }, 200_000);
});
