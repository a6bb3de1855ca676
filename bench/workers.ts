/**
 * Ingest throughput, SQLite next to PostgreSQL with worker processes, on the same input: the newest
 * NABA_BENCH_WORKERS_N articles (default 2,000) of the SaudiNewsNet stream, replayed as the outlets'
 * websites on loopback (src/demo/replay.ts, in a child process of its own so its CPU counts nowhere).
 *
 * - sqlite: one process doing what `naba crawl --once` does (crawlOnce + the analysis/placement pipeline,
 *   8 pages at once), in this process.
 * - postgres ×1, ×2 (NABA_BENCH_WORKERS, default "1,2"): worker processes running what `naba worker` runs
 *   (`runWorker`: fetch-source, fetch-page, analyze jobs, 4 at once per kind, and the placer under its
 *   lease) against a throwaway cluster; the bench queues one fetch-source per source and waits until every
 *   article is stored and placed and the queue is empty.
 *
 * Every setup gets the same fetcher settings as `naba demo` (no per-host delay, 8 requests per host at
 * once): the CLI's polite defaults (1 request per host per second) would make this a measure of politeness.
 * Timing starts once the processes are up (analyzer loaded, placement lease held). CPU: our process from
 * process.cpuUsage(), worker processes and the PostgreSQL server from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPipelineHook } from '../src/cli/commands/crawl.ts';
import { loadCorpus } from '../src/demo/corpus.ts';
import { type ReplayOutlet, startReplay } from '../src/demo/replay.ts';
import { DEMO_CORPUS } from '../src/demo/run.ts';
import { crawlOnce } from '../src/ingest/crawler.ts';
import { createFetcher, type Fetcher } from '../src/ingest/fetch/index.ts';
import { addSource } from '../src/ingest/sources.ts';
import { PgQueue } from '../src/jobs/pg-queue.ts';
import { PgPlacementLog } from '../src/jobs/placement-log.ts';
import { enqueueDueSources, runWorker, WORKER_ROLES } from '../src/jobs/worker.ts';
import type { Source } from '../src/model.ts';
import { createAnalyzer } from '../src/pipeline.ts';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import { clusterCpuMs, findPgBin, type PgCluster, processCpuMs, startPgCluster } from './postgres.ts';
import { round } from './search.ts';

const SELF = fileURLToPath(import.meta.url);
const STREAM = join('..', 'shared', 'data', DEMO_CORPUS);
const POLL_MS = 250;
const TIMEOUT_MS = 30 * 60_000;

/** The fetcher of every setup: as `naba demo` configures it for its loopback replay. */
function benchFetcher(): Fetcher {
  return createFetcher({
    allowPrivate: ['127.0.0.1'],
    perHostConcurrency: 8,
    perHostDelayMs: 0,
    totalTimeoutMs: 120_000,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Child processes: `node --import tsx bench/workers.ts replay N` and `… worker DATABASE_URL`.

async function replayChild(n: number): Promise<void> {
  const { articles } = await loadCorpus(STREAM);
  const replay = await startReplay(articles.slice(-n));
  process.stdout.write(`${JSON.stringify(replay.outlets)}\n`);
  process.once('SIGTERM', () => void replay.close().then(() => process.exit(0)));
}

async function workerChild(databaseUrl: string): Promise<void> {
  const store = await openPostgresStore(databaseUrl);
  const fetcher = benchFetcher();
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());
  try {
    await runWorker({
      databaseUrl,
      store,
      fetcher,
      analyze: await createAnalyzer(),
      roles: WORKER_ROLES,
      concurrency: 4,
      queue: { pollSeconds: 0.5 },
      signal: controller.signal,
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } finally {
    await fetcher.close();
    await store.close();
  }
}

interface Child {
  process: ChildProcess;
  log: () => string;
  exited: Promise<void>;
}

function spawnSelf(args: string[], stdout: 'pipe' | 'ignore'): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, ...args], {
    stdio: ['ignore', stdout, 'pipe'],
  });
  let text = '';
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { process: child, log: () => text, exited };
}

async function startReplayChild(n: number): Promise<{ child: Child; outlets: ReplayOutlet[] }> {
  const child = spawnSelf(['replay', String(n)], 'pipe');
  const lines = createInterface({ input: child.process.stdout! });
  for await (const line of lines) {
    lines.close();
    return { child, outlets: JSON.parse(line) as ReplayOutlet[] };
  }
  throw new Error(`replay did not start: ${child.log()}`);
}

async function stopChild(child: Child): Promise<void> {
  child.process.kill('SIGTERM');
  await child.exited;
}

/** What a run ended with: the same input must give the same counts in every setup. */
async function outcome(store: Store) {
  let articles = 0;
  let copies = 0;
  let unplaced = 0;
  const stories = new Set<string>();
  for await (const s of store.iterateArticles()) {
    articles++;
    if (s.placement?.duplicateOf) copies++;
    if (s.placement?.storyId) stories.add(s.placement.storyId);
    if (!s.placement) unplaced++;
  }
  return { articles, copies, stories: stories.size, unplaced };
}

interface Figures {
  seconds: number;
  /** Workers: when the last fetch/analyze job finished (placement may still be running). */
  queueDrainedSeconds?: number | null;
  cpuSeconds: number;
  pgCpuSeconds: number | null;
  articles: number;
  copies: number;
  stories: number;
  unplaced: number;
  failed: number;
}

/** One process, SQLite: crawlOnce with the pipeline hook of `naba crawl`. */
async function runSqlite(sources: Source[]): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'naba-bench-workers-'));
  const store = await openSqliteStore(join(dir, 'naba.db'));
  const fetcher = benchFetcher();
  try {
    for (const s of sources) await store.upsertSource(s);
    const pipeline = await createPipelineHook(store, () => {});
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await crawlOnce({ store, fetcher, concurrency: 8, pipeline });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return {
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      pgCpuSeconds: null,
      ...(await outcome(store)),
      failed: report.articleFailures,
    };
  } finally {
    await fetcher.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function createDatabase(cluster: PgCluster, name: string): Promise<string> {
  const params = new URLSearchParams({ host: cluster.socketDir, port: String(cluster.port) });
  const client = new pg.Client({ connectionString: `postgresql://${cluster.user}@/postgres?${params}` });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return `postgresql://${cluster.user}@/${name}?${params}`;
}

async function until(ready: () => Promise<boolean>, what: () => string): Promise<void> {
  const end = Date.now() + TIMEOUT_MS;
  while (!(await ready())) {
    if (Date.now() > end) throw new Error(`workers: timed out waiting for ${what()}`);
    await sleep(POLL_MS);
  }
}

/** `count` worker processes on a fresh database of `cluster`. */
async function runWorkers(cluster: PgCluster, sources: Source[], count: number): Promise<Figures> {
  const url = await createDatabase(cluster, `bench_workers_${count}`);
  const store = await openPostgresStore(url, { maxConnections: 2 });
  const queue = await PgQueue.open(url, { pollSeconds: 0.5 });
  const placement = await PgPlacementLog.open(queue.pool, queue.schema);
  const workers: Child[] = [];
  try {
    for (const s of sources) await store.upsertSource(s);
    for (let i = 0; i < count; i++) workers.push(spawnSelf(['worker', url], 'ignore'));
    const logs = () => workers.map((w) => w.log()).join('\n---\n');
    await until(
      async () =>
        workers.every((w) => w.log().includes('worker: running')) &&
        workers.some((w) => w.log().includes('holding the placement lease')),
      () => `workers to start\n${logs()}`,
    );
    const workersCpu = () => workers.reduce((sum, w) => sum + (processCpuMs(w.process.pid!) ?? 0), 0);
    const cpu0 = workersCpu();
    const pg0 = clusterCpuMs(cluster);
    const t0 = performance.now();
    await enqueueDueSources(store, queue, new Date());
    // Fetch and analysis end when the queue drains; placement (one process, under the lease) may lag.
    let drainedS: number | null = null;
    await until(
      async () => {
        const idle = (await queue.pending()) === 0;
        if (!idle) drainedS = null;
        else drainedS ??= (performance.now() - t0) / 1000;
        const counts = await placement.counts();
        return idle && counts.placed > 0 && counts.pending === 0;
      },
      () => `the queue to drain\n${logs()}`,
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = (workersCpu() - cpu0) / 1000;
    const pg1 = clusterCpuMs(cluster);
    return {
      seconds,
      queueDrainedSeconds: drainedS,
      cpuSeconds,
      pgCpuSeconds: pg0 !== null && pg1 !== null ? (pg1 - pg0) / 1000 : null,
      ...(await outcome(store)),
      failed: (await queue.listFailedJobs({ limit: 100_000 })).length,
    };
  } finally {
    await Promise.all(workers.map(stopChild));
    await queue.stop();
    await store.close();
  }
}

/** Sources found by feed autodiscovery on the replay, once, for every setup. */
async function discoverSources(outlets: ReplayOutlet[]): Promise<Source[]> {
  const dir = mkdtempSync(join(tmpdir(), 'naba-bench-workers-'));
  const store = await openSqliteStore(join(dir, 'sources.db'));
  const fetcher = benchFetcher();
  try {
    const sources: Source[] = [];
    for (const o of outlets) {
      const { source } = await addSource({ store, fetcher }, o.homeUrl, {
        id: o.id,
        name: o.name,
        language: 'ar',
      });
      sources.push(source);
    }
    return sources;
  } finally {
    await fetcher.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(name: string, f: Figures): Record<string, unknown> {
  const totalCpu = f.cpuSeconds + (f.pgCpuSeconds ?? 0);
  return {
    [`${name}_articles_per_s`]: Math.round(f.articles / f.seconds),
    [`${name}_seconds`]: round(f.seconds),
    ...(f.queueDrainedSeconds == null ? {} : { [`${name}_queue_drained_s`]: round(f.queueDrainedSeconds) }),
    [`${name}_node_cpu_s`]: round(f.cpuSeconds),
    ...(f.pgCpuSeconds === null ? {} : { [`${name}_pg_cpu_s`]: round(f.pgCpuSeconds) }),
    [`${name}_articles_per_cpu_s`]: Math.round(f.articles / totalCpu),
    [`${name}_result`]: `${f.articles} stored, ${f.copies} copies, ${f.stories} stories, ${f.unplaced} unplaced, ${f.failed} failed`,
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const n = Math.max(10, Math.floor(Number(process.env.NABA_BENCH_WORKERS_N) || 2000));
  const counts = (process.env.NABA_BENCH_WORKERS ?? '1,2')
    .split(',')
    .map(Number)
    .filter((c) => Number.isInteger(c) && c > 0);
  const bin = findPgBin();
  const { child: replay, outlets } = await startReplayChild(n);
  const figures: Record<string, unknown> = { published: n, sources: outlets.length };
  const rate: string[] = [];
  try {
    const sources = await discoverSources(outlets);
    const sqlite = await runSqlite(sources);
    Object.assign(figures, describe('sqlite', sqlite));
    rate.push(`SQLite 1 process ${figures.sqlite_articles_per_s}/s`);
    if (!bin) {
      figures.postgres_skipped = 'PostgreSQL not found';
    } else {
      const cluster = startPgCluster(bin, { max_connections: '100', shared_buffers: '256MB' });
      try {
        for (const count of counts) {
          const name = `pg_${count}w`;
          Object.assign(figures, describe(name, await runWorkers(cluster, sources, count)));
          rate.push(
            `PostgreSQL ${count} worker${count > 1 ? 's' : ''} ${figures[`${name}_articles_per_s`]}/s`,
          );
        }
      } finally {
        cluster.stop();
      }
    }
  } finally {
    await stopChild(replay);
  }
  return {
    summary: `${n} articles ingested (fetch, extract, analyze, place): ${rate.join(', ')}`,
    ...figures,
  };
}

if (process.argv[1] === SELF) {
  const [role, arg] = process.argv.slice(2);
  if (role === 'replay') await replayChild(Number(arg));
  else if (role === 'worker') await workerChild(arg!);
  else throw new Error('usage: bench/workers.ts replay N | worker DATABASE_URL');
}
