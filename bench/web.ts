/**
 * Web latency: `naba serve` (a child process, so the load generator does not share its thread) over a
 * demo-like database (the whole SaudiNewsNet stream through the pipeline, entity tagger off to keep the
 * build short), hit by autocannon with 50 connections for ~5 s per target: article pages, the home page,
 * `/api/search`, and the stylesheet served by the same server as the ceiling. The database is built once
 * and reused from the temp dir (NABA_BENCH_WEB_DB=path to choose the file; delete it to rebuild).
 *
 * Article pages are never one URL (that only measures the server's 10 s response cache):
 * - `article`: a rotation over 300 pages of 300 different stories, big and small. Each is rendered on its
 *   first request in the run and then comes from the response cache, as a hot set of pages would.
 * - `article_cold`: every request a page not asked for before in the run (the rest of the corpus, shuffled),
 *   so every request is a full render: store reads, related picks, sanitizing, HTML. `article_cold_share` says
 *   which share of the requests that really was (below 1 when the run asked more pages than there are).
 * Each target also reports the server's CPU per request (`*_cpu_ms`, from /proc): latency on a shared
 * machine moves with whatever else runs, CPU per request much less.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalyzer, Pipeline } from '../src/pipeline.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import { OUTLETS, readStream } from '../test/web/fixture.ts';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.NABA_BENCH_WEB_SECONDS ?? 5);
const QUERIES = ['وزير الخارجية', 'الهلال', 'أمطار', 'مجلس الوزراء', 'عسير', 'النفط', 'وزیر الصحة', 'داعش'];

type Histogram = { average: number; p50: number; p99: number; max: number };
type Result = { requests: Histogram & { total: number }; latency: Histogram; non2xx: number; errors: number };
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>;
// autocannon ships no types; only its promise form is used.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function buildDb(path: string): Promise<void> {
  const store = await openSqliteStore(path);
  try {
    const articles = await readStream();
    for (const id of new Set(articles.map((a) => a.sourceId))) {
      await store.upsertSource({
        id,
        name: OUTLETS[id] ?? id,
        siteUrl: '',
        feeds: [],
        language: 'ar',
        paused: false,
      });
    }
    const pipeline = new Pipeline(store, { analyze: await createAnalyzer({ entities: false }) });
    for (let i = 0; i < articles.length; i += 500) await pipeline.ingest(articles.slice(i, i + 500));
  } finally {
    await store.close();
  }
}

/** A fixed pseudo-random order (the same pages every run, so runs compare). */
function shuffled<T>(items: T[], seed = 0x9e3779b9): T[] {
  const out = [...items];
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface PagePlan {
  /** One article of each of HOT_STORIES stories, the biggest story's among them. */
  hot: string[];
  /** Asked once each before measuring: JIT and caches of the server warm, never measured. */
  warm: string[];
  /** Every other article, shuffled: asked at most once each. */
  cold: string[];
}

const HOT_STORIES = 300;
const WARM_PAGES = 200;

/** Article pages to ask for, as paths; ids by insertion order, story membership from the placement. */
async function planPages(store: Store): Promise<PagePlan> {
  const byStory = new Map<string, string[]>();
  const all: string[] = [];
  for await (const s of store.iterateArticles({ batchSize: 1000 })) {
    all.push(s.article.id);
    const story = s.placement?.storyId;
    if (story) byStory.set(story, [...(byStory.get(story) ?? []), s.article.id]);
  }
  const stories = [...byStory.values()].sort((a, b) => b.length - a.length);
  // The biggest story (most coverage to show), then a shuffled spread over the others.
  const chosen = [stories[0] ?? [], ...shuffled(stories.slice(1)).slice(0, HOT_STORIES - 1)];
  const hot = chosen.filter((m) => m.length > 0).map((m, k) => m[k % m.length]!);
  const taken = new Set(hot);
  const rest = shuffled(all.filter((id) => !taken.has(id)));
  const path = (id: string) => `/article/${encodeURIComponent(id)}`;
  return {
    hot: hot.map(path),
    warm: rest.slice(0, WARM_PAGES).map(path),
    cold: rest.slice(WARM_PAGES).map(path),
  };
}

function startServer(db: string): Promise<{ child: ChildProcess; url: string; indexMs: number | null }> {
  const child = spawn(
    process.execPath,
    ['bin/naba.js', 'serve', '--db', db, '--port', '0', '--no-rate-limit'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NABA_ADMIN_PASSWORD: undefined } },
  );
  return new Promise((resolve, reject) => {
    let url = '';
    let ready = false;
    let indexMs: number | null = null;
    const done = () => url && ready && resolve({ child, url, indexMs });
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      const m = /naba: serving (http:\/\/\S+)/.exec(s);
      if (m) url = m[1]!.replace(/\/$/, '');
      done();
    });
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      const m = /related index ready \(\d+ articles, (\d+) ms\)/.exec(s);
      if (m) indexMs = Number(m[1]);
      if (s.includes('related index ready')) ready = true;
      if (s.includes('related index failed')) reject(new Error(`web: ${s.trim()}`));
      done();
    });
    child.on('exit', (code) => reject(new Error(`web: server exited with ${code}`)));
  });
}

/**
 * CPU seconds (user + system) the server process has used so far, from /proc (Linux; null elsewhere).
 * Latency on a shared 2-core machine moves with whatever else runs; CPU per request does not.
 */
function serverCpuSeconds(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesized command name; utime and stime are the 14th and 15th, in USER_HZ (100).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

interface Hit {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  /** Server CPU per request, ms (null when /proc is not there). */
  cpuMs: number | null;
}

async function hit(url: string, paths: string[], pid: number | undefined): Promise<Hit> {
  let i = 0;
  const cpu0 = serverCpuSeconds(pid);
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (req: { path: string }) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  const cpu1 = serverCpuSeconds(pid);
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx + r.errors,
    cpuMs:
      cpu0 === null || cpu1 === null ? null : round2(((cpu1 - cpu0) * 1000) / Math.max(1, r.requests.total)),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export async function run(): Promise<Record<string, unknown>> {
  const db = process.env.NABA_BENCH_WEB_DB ?? join(tmpdir(), 'naba-bench-web.db');
  const built = !existsSync(db);
  const t0 = performance.now();
  if (built) await buildDb(db);
  const buildMs = Math.round(performance.now() - t0);
  const store = await openSqliteStore(db);
  const articleCount = await store.countArticles();
  const pages = await planPages(store);
  await store.close();

  const { child, url, indexMs } = await startServer(db);
  // Process start (module loading) included: the index build is nearly all of it.
  const readyCpu = serverCpuSeconds(child.pid);
  try {
    // Warm-up: the first renders compile templates and code paths; these pages are not measured.
    for (const p of ['/', '/api/search?q=test', '/static/style.css', ...pages.warm]) {
      const res = await fetch(url + p);
      await res.arrayBuffer();
    }
    const pid = child.pid;
    const css = await hit(url, ['/static/style.css'], pid);
    const article = await hit(url, pages.hot, pid);
    const cold = await hit(url, pages.cold, pid);
    const coldShare = Math.min(1, pages.cold.length / Math.max(1, cold.total));
    const home = await hit(url, ['/'], pid);
    const searchApi = await hit(
      url,
      QUERIES.map((q) => `/api/search?q=${encodeURIComponent(q)}`),
      pid,
    );
    return {
      summary: `article p99 ${article.p99} ms (target < 30) at ${article.rps} req/s (${pages.hot.length} pages; every request rendered: p99 ${cold.p99} ms at ${cold.rps} req/s, ${cold.cpuMs ?? '?'} ms server CPU each); home ${home.rps} req/s; search ${searchApi.rps} req/s; static ceiling ${css.rps} req/s`,
      articles: articleCount,
      db_built_ms: built ? buildMs : 'reused',
      related_index_ms: indexMs,
      server_cpu_ms_at_ready: readyCpu === null ? null : Math.round(readyCpu * 1000),
      connections: CONNECTIONS,
      seconds_each: SECONDS,
      static_rps: css.rps,
      static_p99_ms: css.p99,
      static_cpu_ms: css.cpuMs,
      article_rps: article.rps,
      article_p50_ms: article.p50,
      article_p99_ms: article.p99,
      article_cpu_ms: article.cpuMs,
      article_pages: pages.hot.length,
      article_cold_rps: cold.rps,
      article_cold_p50_ms: cold.p50,
      article_cold_p99_ms: cold.p99,
      article_cold_cpu_ms: cold.cpuMs,
      article_cold_share: Math.round(coldShare * 1000) / 1000,
      home_rps: home.rps,
      home_p50_ms: home.p50,
      home_p99_ms: home.p99,
      home_cpu_ms: home.cpuMs,
      search_rps: searchApi.rps,
      search_p50_ms: searchApi.p50,
      search_p99_ms: searchApi.p99,
      search_cpu_ms: searchApi.cpuMs,
      non_2xx: css.non2xx + article.non2xx + cold.non2xx + home.non2xx + searchApi.non2xx,
    };
  } finally {
    child.kill('SIGTERM');
  }
}
