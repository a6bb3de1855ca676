/**
 * Search latency of the PostgreSQL store at scale (default 1,000,000 articles; NABA_BENCH_PG_N sets it):
 * the SaudiNewsNet stream replicated with varied copies (bench/search.ts: each copy a week older, ~15 %
 * of its body terms dropped, ~5 % swapped), loaded through the store itself (`upsertArticles` in batches,
 * `saveAnalyses`, its bulk form of `saveAnalysis`), searched through `searchTerms` (tsvector of our terms,
 * `simple` config, GIN) and through `search()` (the site's search: ranking pool, recency, snippets).
 *
 * The built cluster is kept in the temp dir (`naba-bench-pg-scale-<N>-v<version>`) and reused by the next
 * run with the same N (its build figures come from build.json there; migrations added since it was built
 * are applied and timed); NABA_BENCH_PG_CACHE=0 builds in a throwaway dir. CPU per query is this process
 * plus the whole server. NABA_BENCH_PG_COMPARE=k compares the top 10 of the first k queries of each kind
 * with a store that ranks every match (searchTerms ranks the newest matches only). Up to
 * NABA_BENCH_PG_RELATED_MAX articles (default 100,000) it also rebuilds the related index from the store as
 * a web process does at start-up, and times `related()`; at 1M that rebuild alone is about 16 CPU-minutes
 * and 3.3 GB (docs/scaling.md), so it is asked for by raising the knob.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { search } from '../src/corpus/search.ts';
import { openPostgresStore, type PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { terms } from '../src/text/analyzer.ts';
import { createRelatedIndex } from '../src/web/related-index.ts';
import { clusterCpuMs, findPgBin, type PgCluster, startPgCluster } from './postgres.ts';
import {
  addSources,
  analysisOf,
  articleOf,
  corpus,
  drawQueries,
  type Indexed,
  type Latency,
  loadStream,
  round,
  time,
} from './search.ts';

/** Bump when the corpus recipe or the load changes: a cached cluster of another version is not reused. */
const BUILD_VERSION = 1;
const BATCH = 1000;
const PROGRESS_EVERY = 50_000;
const RELATED_SAMPLES = 300;
// The stream ends on 2015-08-11: "now" is the next day, as in bench/search.ts.
const NOW = new Date('2015-08-12T12:00:00Z');
const SERVER_SETTINGS = {
  max_connections: '20',
  shared_buffers: '512MB',
  work_mem: '64MB',
  maintenance_work_mem: '512MB',
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  synchronous_commit: 'off',
};

interface BuildFigures {
  articles: number;
  build_s: number;
  build_articles_per_s: number;
  build_node_cpu_s: number;
  build_pg_cpu_s: number | null;
  vacuum_analyze_s: number;
}

function urlOf(cluster: PgCluster, database: string): string {
  const params = new URLSearchParams({ host: cluster.socketDir, port: String(cluster.port) });
  return `postgresql://${cluster.user}@/${database}?${params}`;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The newest `n` documents of the replicated stream, oldest first (as they would have arrived). */
function* newest(docs: Indexed[], n: number): Generator<Indexed> {
  const copies = Math.ceil(n / docs.length);
  let skip = copies * docs.length - n;
  for (const d of corpus(docs, copies)) {
    if (skip > 0) skip--;
    else yield d;
  }
}

/**
 * The id of the `i`-th of `newest(docs, n)`, without making the documents before it: at 1M, a list of
 * the replicated documents themselves (each with its own body terms) would take gigabytes next to the
 * related index being measured.
 */
function newestId(docs: Indexed[], n: number, i: number): string {
  const copies = Math.ceil(n / docs.length);
  const at = copies * docs.length - n + i;
  const k = copies - 1 - Math.floor(at / docs.length);
  const doc = docs[at % docs.length]!;
  return k === 0 ? doc.id : `${doc.id}~${k}`;
}

/** Load `n` articles through the store: a batch of upserts, then the batch's analyses in one go. */
async function build(store: PostgresStore, cluster: PgCluster, docs: Indexed[], n: number) {
  await addSources(store, docs);
  const cpu0 = process.cpuUsage();
  const pg0 = clusterCpuMs(cluster);
  const t0 = performance.now();
  let loaded = 0;
  let batch: Indexed[] = [];
  // Two batches in flight on two connections: one's analyses are saved while the next one is inserted
  // (inserts queue on the store's writer lock anyway), so the server is not idle while we prepare rows.
  const inFlight = new Set<Promise<void>>();
  const save = async (docs: Indexed[]) => {
    await store.upsertArticles(docs.map(articleOf));
    await store.saveAnalyses(docs.map((d) => ({ articleId: d.id, analysis: analysisOf(d) })));
    loaded += docs.length;
    if (loaded % PROGRESS_EVERY === 0) {
      const s = (performance.now() - t0) / 1000;
      process.stderr.write(
        `pg-scale: ${loaded}/${n} articles in ${Math.round(s)} s (${Math.round(loaded / s)}/s)\n`,
      );
    }
  };
  const flush = async () => {
    const p = save(batch).finally(() => inFlight.delete(p));
    inFlight.add(p);
    batch = [];
    if (inFlight.size >= 2) await Promise.race(inFlight);
  };
  for (const d of newest(docs, n)) {
    batch.push(d);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  await Promise.all(inFlight);
  const loadMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const pg1 = clusterCpuMs(cluster);
  return {
    loaded,
    loadMs,
    nodeCpuS: (cpu.user + cpu.system) / 1e6,
    pgCpuS: pg0 !== null && pg1 !== null ? (pg1 - pg0) / 1000 : null,
  };
}

/** A cluster holding `n` articles: the cached one when a finished build is there, else built now. */
async function ready(bin: string, docs: Indexed[], n: number) {
  const cache = process.env.NABA_BENCH_PG_CACHE !== '0';
  const dir = join(tmpdir(), `naba-bench-pg-scale-${n}-v${BUILD_VERSION}`);
  const figuresFile = join(dir, 'build.json');
  const cached = cache && existsSync(figuresFile);
  if (cache && !cached) rmSync(dir, { recursive: true, force: true }); // an unfinished build
  const cluster = startPgCluster(bin, SERVER_SETTINGS, cache ? { keepIn: dir } : {});
  try {
    const url = urlOf(cluster, 'naba');
    if (cached) {
      const figures = JSON.parse(readFileSync(figuresFile, 'utf8')) as BuildFigures;
      return { cluster, url, figures, cached };
    }
    await withClient(urlOf(cluster, 'postgres'), (c) => c.query('create database naba'));
    const store = await openPostgresStore(url, { maxConnections: 3 });
    let built: Awaited<ReturnType<typeof build>>;
    try {
      built = await build(store, cluster, docs, n);
    } finally {
      await store.close();
    }
    // What autovacuum would do by itself sooner or later: planner statistics, the visibility map.
    const v0 = performance.now();
    await withClient(url, (c) => c.query('vacuum analyze'));
    const figures: BuildFigures = {
      articles: built.loaded,
      build_s: round(built.loadMs / 1000),
      build_articles_per_s: Math.round(built.loaded / (built.loadMs / 1000)),
      build_node_cpu_s: round(built.nodeCpuS),
      build_pg_cpu_s: built.pgCpuS === null ? null : round(built.pgCpuS),
      vacuum_analyze_s: round((performance.now() - v0) / 1000),
    };
    if (cache) writeFileSync(figuresFile, JSON.stringify(figures));
    return { cluster, url, figures, cached };
  } catch (error) {
    cluster.stop();
    throw error;
  }
}

/**
 * Bring a cached cluster built by an older schema up to date, timed: the store's migrations run when it
 * opens, and a rebuilt table is vacuumed and analyzed as autovacuum would do soon after. Nothing to do
 * for a cluster built by this code.
 */
async function migrateCached(url: string): Promise<{ migrations_applied?: string[]; migrate_s?: number }> {
  const applied = () =>
    withClient(url, async (c) => {
      const exists = await c.query(`select to_regclass('kysely_migration') is not null as e`);
      if (!exists.rows[0].e) return [] as string[];
      return (await c.query('select name from kysely_migration order by name')).rows.map(
        (r) => r.name as string,
      );
    });
  const before = await applied();
  const t0 = performance.now();
  await (await openPostgresStore(url, { maxConnections: 1 })).close();
  const names = (await applied()).filter((name) => !before.includes(name));
  if (names.length === 0) return {};
  await withClient(url, (c) => c.query('vacuum analyze'));
  return { migrations_applied: names, migrate_s: round((performance.now() - t0) / 1000) };
}

/**
 * Matching articles of a median one-word query, estimated from the stream: the word's document frequency
 * among the originals times the copies (copies drop some body terms, so this is an upper estimate).
 */
function medianMatches(words: string[], docs: Indexed[], n: number): number {
  const df = new Map<string, number>();
  for (const d of docs)
    for (const t of new Set([...d.titleTerms, ...d.bodyTerms])) df.set(t, (df.get(t) ?? 0) + 1);
  const counts = words
    .map((w) => terms(w).reduce((m, t) => Math.max(m, df.get(t) ?? 0), 0))
    .sort((a, b) => a - b);
  return Math.round((counts[Math.floor(counts.length / 2)] ?? 0) * (n / docs.length));
}

/** The bench's queries: each kind's first NABA_BENCH_PG_QUERIES (default all 200). */
function benchQueries(docs: Indexed[]) {
  const count = Math.max(1, Number(process.env.NABA_BENCH_PG_QUERIES) || Number.POSITIVE_INFINITY);
  const drawn = drawQueries(docs);
  return { one: drawn.one.slice(0, count), three: drawn.three.slice(0, count) };
}

const siteSearch = (store: PostgresStore, q: string) => search(store, q, { now: NOW, limit: 10 });
const storeSearch = (store: PostgresStore, q: string) =>
  store.searchTerms({ terms: terms(q), limit: 10, filters: { excludeCopies: true } });

/**
 * CPU ms per query (this process + the whole server, parallel workers included) of `runner` over
 * `queries`, run once more after the timed runs. Totals over the loop: /proc counts in 10 ms ticks.
 */
async function cpuPerQuery(cluster: PgCluster, queries: string[], runner: (q: string) => Promise<unknown>) {
  const pg0 = clusterCpuMs(cluster);
  const cpu0 = process.cpuUsage();
  for (const q of queries) await runner(q);
  const cpu = process.cpuUsage(cpu0);
  const pg1 = clusterCpuMs(cluster);
  const serverMs = pg0 !== null && pg1 !== null ? pg1 - pg0 : 0;
  return round(((cpu.user + cpu.system) / 1000 + serverMs) / queries.length);
}

/** Search latency through the store's own method and through the site's search, on the same queries. */
async function searchLatency(store: PostgresStore, cluster: PgCluster, docs: Indexed[], n: number) {
  // A one-word query at 1M took seconds before ranking was bounded; NABA_BENCH_PG_QUERIES cuts the run.
  const queries = benchQueries(docs);
  const full = async (q: string) => (await siteSearch(store, q)).items.length;
  const bare = async (q: string) => (await storeSearch(store, q)).length;
  const [one, oneBare] = (await time(queries.one, [full, bare])) as [Latency, Latency];
  const [three, threeBare] = (await time(queries.three, [full, bare])) as [Latency, Latency];
  return {
    store_one_word_p50_ms: oneBare.p50,
    store_one_word_p99_ms: oneBare.p99,
    store_three_words_p50_ms: threeBare.p50,
    store_three_words_p99_ms: threeBare.p99,
    search_one_word_p50_ms: one.p50,
    search_one_word_p99_ms: one.p99,
    search_three_words_p50_ms: three.p50,
    search_three_words_p99_ms: three.p99,
    store_one_word_cpu_ms: await cpuPerQuery(cluster, queries.one, bare),
    store_three_words_cpu_ms: await cpuPerQuery(cluster, queries.three, bare),
    search_one_word_cpu_ms: await cpuPerQuery(cluster, queries.one, full),
    search_three_words_cpu_ms: await cpuPerQuery(cluster, queries.three, full),
    queries_per_kind: queries.one.length,
    one_word_median_matches_est: medianMatches(queries.one, docs, n),
    one_word_avg_hits: round(one.hits / queries.one.length),
    three_words_avg_hits: round(three.hits / queries.three.length),
  };
}

/** Share of `a`'s ids found in `b` (1 when both are empty). */
function overlap(a: string[], b: string[]): number {
  if (a.length === 0) return b.length === 0 ? 1 : 0;
  const other = new Set(b);
  return a.filter((id) => other.has(id)).length / a.length;
}

/** The stream article a replicated one was copied from (bench/search.ts names copy k `<id>~k`). */
const originalOf = (id: string) => id.replace(/~\d+$/, '');

/**
 * What ranking only the newest matches changes: the top 10 of the first NABA_BENCH_PG_COMPARE queries
 * of each kind, against a store that ranks every match (as searchTerms did before). Mean share of the
 * unbounded top 10 still in the bounded one; the same counted by stream article (copies of one article
 * from other weeks count as that article: the replicated copies are not placed as duplicates, so one
 * article's weekly copies can fill a top 10); and the share of queries whose top 10 is the same list.
 */
async function compareUnbounded(store: PostgresStore, url: string, docs: Indexed[], count: number) {
  const unbounded = await openPostgresStore(url, { maxConnections: 2, searchCandidates: Infinity });
  try {
    const queries = benchQueries(docs);
    const out: Record<string, number> = {};
    for (const [kind, list] of [
      ['one_word', queries.one.slice(0, count)],
      ['three_words', queries.three.slice(0, count)],
    ] as const) {
      for (const [name, runner] of [
        ['store', async (s: PostgresStore, q: string) => (await storeSearch(s, q)).map((h) => h.id)],
        ['search', async (s: PostgresStore, q: string) => (await siteSearch(s, q)).items.map((i) => i.id)],
      ] as const) {
        let shared = 0;
        let sharedArticles = 0;
        let same = 0;
        for (const q of list) {
          const [bounded, all] = [await runner(store, q), await runner(unbounded, q)];
          shared += overlap(all, bounded);
          sharedArticles += overlap([...new Set(all.map(originalOf))], bounded.map(originalOf));
          if (bounded.join() === all.join()) same++;
        }
        out[`${name}_${kind}_top10_overlap`] = round(shared / list.length);
        out[`${name}_${kind}_top10_article_overlap`] = round(sharedArticles / list.length);
        out[`${name}_${kind}_top10_same`] = round(same / list.length);
      }
    }
    return { compared_queries_per_kind: Math.min(count, queries.one.length), ...out };
  } finally {
    await unbounded.close();
  }
}

/** The related index as a web process builds it at start-up (from this store), then related() latency. */
async function relatedFigures(store: PostgresStore, cluster: PgCluster, docs: Indexed[], n: number) {
  const cpu0 = process.cpuUsage();
  const pg0 = clusterCpuMs(cluster);
  const t0 = performance.now();
  const index = createRelatedIndex(store, { now: () => NOW.getTime(), limit: 10 });
  const placed = await index.refresh();
  const rebuildS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const pg1 = clusterCpuMs(cluster);
  const ms: number[] = [];
  for (let i = 0; i < RELATED_SAMPLES; i++) {
    const id = newestId(docs, n, (i * 7919) % n);
    const t = performance.now();
    index.related(id);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const pick = (p: number) => round(ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)]!);
  return {
    related_rebuild_articles: placed,
    related_rebuild_s: round(rebuildS),
    related_rebuild_node_cpu_s: round((cpu.user + cpu.system) / 1e6),
    related_rebuild_pg_cpu_s: pg0 !== null && pg1 !== null ? round((pg1 - pg0) / 1000) : null,
    rss_mb_with_related_index: Math.round(process.memoryUsage().rss / 1_048_576),
    related_p50_ms: pick(0.5),
    related_p99_ms: pick(0.99),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const n = Math.max(1000, Math.floor(Number(process.env.NABA_BENCH_PG_N) || 1_000_000));
  const relatedMax = Number(process.env.NABA_BENCH_PG_RELATED_MAX ?? 100_000);
  const bin = findPgBin();
  if (!bin) return { summary: 'skipped: PostgreSQL not found', skipped: 'PostgreSQL not found' };
  const docs = await loadStream();
  const compare = Math.max(0, Number(process.env.NABA_BENCH_PG_COMPARE) || 0);
  const { cluster, url, figures, cached } = await ready(bin, docs, n);
  try {
    const migrated = await migrateCached(url);
    const store = await openPostgresStore(url, { maxConnections: 2 });
    try {
      const version = await withClient(url, (c) => c.query('show server_version'));
      const size = await withClient(url, (c) => c.query('select pg_database_size(current_database()) as b'));
      const latency = await searchLatency(store, cluster, docs, n);
      const compared = compare > 0 ? await compareUnbounded(store, url, docs, compare) : {};
      const related = n <= relatedMax ? await relatedFigures(store, cluster, docs, n) : null;
      const relatedLine = related
        ? `; related index rebuilt from the store in ${related.related_rebuild_s} s, related() p99 ${related.related_p99_ms} ms`
        : `; related index not rebuilt above NABA_BENCH_PG_RELATED_MAX=${relatedMax} (see bench corpus)`;
      return {
        summary:
          `${figures.articles} articles on PostgreSQL ${version.rows[0].server_version}: ` +
          `searchTerms p99 ${latency.store_one_word_p99_ms} ms (1 word) / ${latency.store_three_words_p99_ms} ms (3 words), ` +
          `search() p99 ${latency.search_one_word_p99_ms} / ${latency.search_three_words_p99_ms} ms; ` +
          `built in ${figures.build_s} s${cached ? ' (cached build)' : ''}${relatedLine}`,
        ...figures,
        cached_build: cached,
        db_mb: Math.round(Number(size.rows[0].b) / 1e6),
        ...migrated,
        ...latency,
        ...compared,
        ...(related ?? {}),
      };
    } finally {
      await store.close();
    }
  } finally {
    cluster.stop();
  }
}
