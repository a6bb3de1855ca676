/**
 * Placement under a lease: the in-process queue runs the same handlers as the workers and places like
 * the single-process pipeline; a placer that dies mid-round is replaced by one that rebuilds its state
 * from the placement log and ends where an uninterrupted placer ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Replay, startReplay } from '../../src/demo/replay.ts';
import { analyzeStored, fetchPage, fetchSource, type HandlerDeps } from '../../src/jobs/handlers.ts';
import type { Lease } from '../../src/jobs/lease.ts';
import { MemoryQueue } from '../../src/jobs/memory-queue.ts';
import { MemoryPlacementLog, PgPlacementLog, type PlacementLog } from '../../src/jobs/placement-log.ts';
import { Placer } from '../../src/jobs/placer.ts';
import { enqueueDueSources } from '../../src/jobs/worker.ts';
import type { Article } from '../../src/model.ts';
import { createAnalyzer } from '../../src/pipeline.ts';
import { createPool, openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { usePostgres } from '../postgres/cluster.ts';
import {
  addReplaySources,
  JOB_CORPUS,
  type Snapshot,
  snapshot,
  sqliteReference,
  testFetcher,
} from './fixture.ts';

const pgt = usePostgres();

describe('in-process queue', () => {
  let replay: Replay;
  let reference: Snapshot;
  beforeAll(async () => {
    replay = await startReplay(JOB_CORPUS);
    reference = await sqliteReference(replay);
  }, 120_000);
  afterAll(async () => {
    await replay?.close();
  });

  it('runs the job handlers and the placer to the result of the single-process pipeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'naba-jobs-mem-'));
    const store = await openSqliteStore(join(dir, 'jobs.db'));
    const fetcher = testFetcher();
    const queue = new MemoryQueue();
    const placementLog = new MemoryPlacementLog();
    try {
      await addReplaySources(store, replay);
      const deps: HandlerDeps = { store, queue, fetcher, analyze: await createAnalyzer(), placementLog };
      await queue.work('fetch-source', async (j) => void (await fetchSource(deps, j.sourceId)));
      await queue.work('fetch-page', (j) => fetchPage(deps, j), { concurrency: 4 });
      await queue.work('analyze', (j) => analyzeStored(deps, j.id), { concurrency: 2 });
      expect(await enqueueDueSources(store, queue, new Date())).toBe(replay.outlets.length);
      // Due again until the fetch is recorded, but the same occasion is not queued twice.
      expect(await enqueueDueSources(store, queue, new Date())).toBe(0);
      await queue.drained();
      const placer = new Placer({ store, log: placementLog, busy: async () => (await queue.pending()) > 0 });
      expect(await placer.step()).toBe(JOB_CORPUS.length);
      expect(await placer.step()).toBe(0);
      expect(await snapshot(store)).toEqual(reference);
      expect(await queue.listFailedJobs()).toEqual([]);
      // Every source recorded its fetch: none is due now.
      expect(await store.dueSources(new Date().toISOString())).toEqual([]);
    } finally {
      await queue.stop();
      await fetcher.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

function corpusArticles(): Article[] {
  return JOB_CORPUS.map((c) => ({
    id: c.id,
    sourceId: c.source,
    url: c.url,
    title: c.title,
    text: c.text.split('\n').join('\n\n'),
    published: c.published,
    fetchedAt: '2015-08-08T00:00:00Z',
  }));
}

/** A store with the corpus stored and analyzed, waiting for placement. */
async function analyzedStore(): Promise<{ store: Store; log: PlacementLog; close(): Promise<void> }> {
  const { schema, drop } = await pgt.freshSchema();
  const store = await openPostgresStore(pgt.url(), { schema, maxConnections: 2 });
  const pool = createPool(pgt.url(), { maxConnections: 2 });
  const log = await PgPlacementLog.open(pool, `${schema}_q`);
  const articles = corpusArticles();
  for (const id of new Set(articles.map((a) => a.sourceId))) {
    await store.upsertSource({ id, name: id, siteUrl: '', feeds: [], language: 'ar', paused: false });
  }
  await store.upsertArticles(articles);
  const queue = new MemoryQueue();
  const deps = { store, queue, fetcher: testFetcher(), analyze: await createAnalyzer(), placementLog: log };
  // Analyzed in reverse: the order analysis finishes in must not matter.
  for (const a of [...articles].reverse()) await analyzeStored(deps, a.id);
  await deps.fetcher.close();
  await queue.stop();
  return {
    store,
    log,
    async close() {
      await store.close();
      await pool.query(`drop schema if exists ${schema}_q cascade`);
      await pool.end();
      await drop();
    },
  };
}

/** A lease that is lost after `checks` successful checks, as when the holder dies mid-round. */
function dyingLease(checks: number): Lease {
  let left = checks;
  return {
    get held() {
      return left > 0;
    },
    async check() {
      if (left-- <= 0) throw new Error('lease: lost the place lease (connection closed)');
    },
    async release() {},
  };
}

describe.skipIf(pgt.skip)('placement takeover', () => {
  it('a new holder rebuilds from the log and ends as an uninterrupted placer does', async () => {
    const whole = await analyzedStore();
    const split = await analyzedStore();
    try {
      expect(await new Placer({ store: whole.store, log: whole.log }).step()).toBe(JOB_CORPUS.length);

      // Rounds of two: three are written, the lease is lost before the fourth.
      const first = new Placer({ store: split.store, log: split.log, roundSize: 2 });
      await expect(first.step(dyingLease(3))).rejects.toThrow(/^lease: lost/);
      expect(await split.log.counts()).toEqual({ placed: 6, pending: JOB_CORPUS.length - 6 });

      const second = new Placer({ store: split.store, log: split.log, roundSize: 3 });
      expect(await second.rebuild()).toBe(6);
      expect(await second.step()).toBe(JOB_CORPUS.length - 6);
      expect(await split.log.counts()).toEqual({ placed: JOB_CORPUS.length, pending: 0 });

      const a = await snapshot(whole.store);
      expect(a.unplaced).toEqual([]);
      expect(a.groups).toEqual(['c-002 > t-004', 't-001 > c-001']);
      expect(await snapshot(split.store)).toEqual(a);
    } finally {
      await whole.close();
      await split.close();
    }
  }, 60_000);

  it('waits for a busy queue to settle before placing, up to the settle time', async () => {
    const s = await analyzedStore();
    try {
      const waiting = new Placer({ store: s.store, log: s.log, busy: async () => true, settleMs: 3_600_000 });
      expect(await waiting.step()).toBe(0);
      const overdue = new Placer({ store: s.store, log: s.log, busy: async () => true, settleMs: 0 });
      expect(await overdue.step()).toBe(JOB_CORPUS.length);
    } finally {
      await s.close();
    }
  }, 60_000);
});
