/**
 * Web latency: `naba serve` (a child process, so the load generator does not share its thread) over a
 * demo-like database (the whole SaudiNewsNet stream through the pipeline, entity tagger off to keep the
 * build short), hit by autocannon with 50 connections for ~5 s per target: the article page, the home page,
 * `/api/search`, and the stylesheet served by the same server as the ceiling. The database is built once
 * and reused from the temp dir (NABA_BENCH_WEB_DB=path to choose the file; delete it to rebuild).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** An article of the biggest story that is a copy: provenance, copies, coverage and related all show. */
async function pickArticle(store: Store): Promise<string> {
  const { items } = await store.listStories({ limit: 500 });
  const big = [...items].sort((a, b) => b.sourceCount - a.sourceCount)[0];
  if (!big) return (await store.listArticles({ limit: 1 })).items[0]!.article.id;
  const members = await store.listStoryArticles(big.id);
  return (members.find((a) => a.placement?.duplicateOf) ?? members[0]!).article.id;
}

function startServer(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['bin/naba.js', 'serve', '--db', db, '--port', '0', '--no-rate-limit'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NABA_ADMIN_PASSWORD: undefined } },
  );
  return new Promise((resolve, reject) => {
    let url = '';
    let ready = false;
    const done = () => url && ready && resolve({ child, url });
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      const m = /naba: serving (http:\/\/\S+)/.exec(s);
      if (m) url = m[1]!.replace(/\/$/, '');
      done();
    });
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      if (s.includes('related index ready')) ready = true;
      if (s.includes('related index failed')) reject(new Error(`web: ${s.trim()}`));
      done();
    });
    child.on('exit', (code) => reject(new Error(`web: server exited with ${code}`)));
  });
}

async function hit(
  url: string,
  paths: string[],
): Promise<{ rps: number; p50: number; p99: number; non2xx: number }> {
  let i = 0;
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (req: { path: string }) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx + r.errors,
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const db = process.env.NABA_BENCH_WEB_DB ?? join(tmpdir(), 'naba-bench-web.db');
  const built = !existsSync(db);
  const t0 = performance.now();
  if (built) await buildDb(db);
  const buildMs = Math.round(performance.now() - t0);
  const store = await openSqliteStore(db);
  const articleCount = await store.countArticles();
  const articleId = await pickArticle(store);
  await store.close();

  const { child, url } = await startServer(db);
  try {
    // One warm-up request each: the first render compiles templates and fills the source cache.
    for (const p of ['/', `/article/${articleId}`, '/api/search?q=test', '/static/style.css'])
      await fetch(url + p);
    const css = await hit(url, ['/static/style.css']);
    const article = await hit(url, [`/article/${encodeURIComponent(articleId)}`]);
    const home = await hit(url, ['/']);
    const searchApi = await hit(
      url,
      QUERIES.map((q) => `/api/search?q=${encodeURIComponent(q)}`),
    );
    return {
      summary: `article p99 ${article.p99} ms (target < 30) at ${article.rps} req/s; home ${home.rps} req/s; search ${searchApi.rps} req/s; static ceiling ${css.rps} req/s`,
      articles: articleCount,
      db_built_ms: built ? buildMs : 'reused',
      connections: CONNECTIONS,
      seconds_each: SECONDS,
      static_rps: css.rps,
      static_p99_ms: css.p99,
      article_rps: article.rps,
      article_p50_ms: article.p50,
      article_p99_ms: article.p99,
      home_rps: home.rps,
      home_p50_ms: home.p50,
      home_p99_ms: home.p99,
      search_rps: searchApi.rps,
      search_p50_ms: searchApi.p50,
      search_p99_ms: searchApi.p99,
      non_2xx: css.non2xx + article.non2xx + home.non2xx + searchApi.non2xx,
    };
  } finally {
    child.kill('SIGTERM');
  }
}
