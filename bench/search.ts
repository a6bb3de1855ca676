/**
 * Search latency on the SaudiNewsNet stream, replicated NABA_BENCH_SEARCH_COPIES times (default 3, about
 * 32k articles; 10 → 107k, 94 → 1M) with varied copies, next to PostgreSQL full-text search over the very
 * same analyzed terms in the same run. Queries are one and three surface words drawn with a fixed seed
 * from frequent terms of the corpus. NABA_BENCH_SEARCH_KEEP=path keeps the filled SQLite file there;
 * NABA_BENCH_SEARCH_DB=path measures such a file instead of filling one (the same COPIES for the peer).
 * NABA_BENCH_SEARCH_CANDIDATES sets the store's `searchCandidates` (`Infinity`: rank every match, as
 * before bounded ranking); NABA_BENCH_SEARCH_PG=0 skips the PostgreSQL peer. Latency is wall time;
 * CPU is our process's `process.cpuUsage()` per query (SQLite runs in it), and for the peer the bench
 * process plus the query backend, over all queries of a kind.
 */
import { createReadStream, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { search } from '../src/corpus/search.ts';
import type { Article } from '../src/model.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { AnalysisInput, Store } from '../src/store/store.ts';
import { analyze, terms } from '../src/text/analyzer.ts';
import { findPgBin, processCpuMs, startPgCluster } from './postgres.ts';

const STREAM = '../shared/data/stream/saudinewsnet.jsonl.gz';
const SEED = 20150806;
const QUERIES_PER_KIND = 200;
const WARMUP = 20;
const FREQUENT_TERMS = 1000;
const BATCH = 1000;
const WEEK_MS = 7 * 86_400_000;

type Source = { id: string; source: string; published: string; title: string; text: string };
export type Indexed = Source & { titleTerms: string[]; bodyTerms: string[] };

/** mulberry32: small, fast, and the same sequence on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function loadStream(): Promise<Indexed[]> {
  const out: Indexed[] = [];
  const lines = createInterface({
    input: createReadStream(STREAM).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const a = JSON.parse(line) as Partial<Source>;
    const title = a.title ?? '';
    const text = a.text ?? '';
    out.push({
      id: a.id!,
      source: a.source ?? 'unknown',
      published: a.published ?? '2015-08-06T00:00:00+03:00',
      title,
      text,
      titleTerms: terms(title),
      bodyTerms: terms(text),
    });
  }
  return out;
}

/**
 * Copy k of an article: k weeks older, ~15 % of its body terms dropped and ~5 % swapped for terms of
 * another article, so copies differ in length and term statistics instead of being exact clones.
 */
function copyOf(doc: Indexed, k: number, all: Indexed[]): Indexed {
  if (k === 0) return doc;
  const r = rng(SEED ^ Math.imul(k, 0x9e3779b1) ^ doc.id.length ^ doc.bodyTerms.length);
  const donor = all[Math.floor(r() * all.length)]!.bodyTerms;
  const body: string[] = [];
  for (const t of doc.bodyTerms) {
    const x = r();
    if (x < 0.15) continue;
    body.push(x < 0.2 && donor.length > 0 ? donor[Math.floor(r() * donor.length)]! : t);
  }
  return {
    ...doc,
    id: `${doc.id}~${k}`,
    published: new Date(Date.parse(doc.published) - k * WEEK_MS).toISOString(),
    bodyTerms: body,
  };
}

/** Oldest copies first, so insertion order follows time as in a live stream. */
export function* corpus(docs: Indexed[], copies: number): Generator<Indexed> {
  for (let k = copies - 1; k >= 0; k--) for (const d of docs) yield copyOf(d, k, docs);
}

/** The stored article of a (copied) document: the text stays the original's, the terms are the copy's. */
export function articleOf(d: Indexed): Article {
  return {
    id: d.id,
    sourceId: d.source,
    url: `https://${d.source}.example/${d.id}`,
    title: d.title,
    text: d.text,
    published: d.published,
  };
}

export function analysisOf(d: Indexed): AnalysisInput {
  return {
    tags: [],
    entities: [],
    quotedSources: [],
    titleTerms: d.titleTerms.join(' '),
    terms: d.bodyTerms.join(' '),
  };
}

/** One source per outlet of the stream, named after its id. */
export async function addSources(store: Store, docs: Indexed[]): Promise<void> {
  for (const id of new Set(docs.map((d) => d.source))) {
    await store.upsertSource({
      id,
      name: id,
      siteUrl: `https://${id}.example`,
      feeds: [],
      language: 'ar',
      paused: false,
    });
  }
}

export async function fill(store: Store, docs: Indexed[], copies: number): Promise<number> {
  await addSources(store, docs);
  let n = 0;
  let batch: Indexed[] = [];
  const flush = async () => {
    await store.upsertArticles(batch.map(articleOf));
    for (const d of batch) await store.saveAnalysis(d.id, analysisOf(d));
    n += batch.length;
    batch = [];
  };
  for (const d of corpus(docs, copies)) {
    batch.push(d);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return n;
}

/** Queries as a reader types them: surface words whose stems are among the most frequent terms. */
export function drawQueries(docs: Indexed[]): { one: string[]; three: string[] } {
  const df = new Map<string, number>();
  for (const d of docs)
    for (const t of new Set([...d.titleTerms, ...d.bodyTerms])) df.set(t, (df.get(t) ?? 0) + 1);
  const frequent = new Set(
    [...df.entries()]
      .filter(([t]) => /\p{L}/u.test(t) && t.length > 1)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, FREQUENT_TERMS)
      .map(([t]) => t),
  );
  const r = rng(SEED);
  const words = (d: Indexed) =>
    analyze(`${d.title}\n${d.text}`).filter((t) => t.kind === 'word' && !t.stop && frequent.has(t.stem));
  const one: string[] = [];
  const three: string[] = [];
  while (one.length < QUERIES_PER_KIND || three.length < QUERIES_PER_KIND) {
    const ws = words(docs[Math.floor(r() * docs.length)]!);
    if (ws.length === 0) continue;
    if (one.length < QUERIES_PER_KIND) one.push(ws[Math.floor(r() * ws.length)]!.text);
    // Three words of one article, so the AND has answers, as a reader's query usually does.
    const picked = new Map<string, string>();
    for (let tries = 0; tries < 20 && picked.size < 3; tries++) {
      const w = ws[Math.floor(r() * ws.length)]!;
      if (!picked.has(w.stem)) picked.set(w.stem, w.text);
    }
    if (picked.size === 3 && three.length < QUERIES_PER_KIND) three.push([...picked.values()].join(' '));
  }
  return { one, three };
}

export type Latency = {
  p50: number;
  p99: number;
  mean: number;
  hits: number;
  /** CPU of this process per query. */
  cpuP50: number;
  cpuP99: number;
  cpuMean: number;
};

function percentiles(values: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
  return { p50: pick(0.5), p99: pick(0.99), mean: round(sorted.reduce((s, x) => s + x, 0) / sorted.length) };
}

function latency(ms: number[], cpuMs: number[], hits: number): Latency {
  const cpu = percentiles(cpuMs);
  return { ...percentiles(ms), hits, cpuP50: cpu.p50, cpuP99: cpu.p99, cpuMean: cpu.mean };
}

/**
 * Latency of each runner over the same queries. Runners take turns per query, first one then the other,
 * so neither profits from pages the other has just brought into the cache.
 */
export async function time(
  queries: string[],
  runners: ((q: string) => Promise<number>)[],
): Promise<Latency[]> {
  for (const q of queries.slice(0, WARMUP)) for (const runOne of runners) await runOne(q);
  const ms = runners.map((): number[] => []);
  const cpuMs = runners.map((): number[] => []);
  const hits = runners.map(() => 0);
  for (let i = 0; i < queries.length; i++) {
    for (let j = 0; j < runners.length; j++) {
      const r = (i + j) % runners.length;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      hits[r]! += await runners[r]!(queries[i]!);
      ms[r]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuMs[r]!.push((c.user + c.system) / 1000);
    }
  }
  return runners.map((_, r) => latency(ms[r]!, cpuMs[r]!, hits[r]!));
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

async function measurePg(
  docs: Indexed[],
  copies: number,
  queries: { one: string[]; three: string[] },
): Promise<Record<string, unknown>> {
  const bin = findPgBin();
  if (!bin) {
    process.stdout.write('peer skipped: PostgreSQL not found\n');
    return { pg_skipped: 'PostgreSQL not found' };
  }
  const cluster = startPgCluster(bin, {
    shared_buffers: '256MB',
    work_mem: '64MB',
    maintenance_work_mem: '256MB',
  });
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    host: cluster.socketDir,
    port: cluster.port,
    user: cluster.user,
    database: 'postgres',
  });
  try {
    await client.connect();
    const version = (await client.query('SHOW server_version')).rows[0].server_version as string;
    // Same terms as ours, `simple` config (no stemming of its own), title weight A and body B.
    await client.query(`CREATE TABLE docs (
      id text PRIMARY KEY, published timestamptz, title_terms text, body_terms text,
      tsv tsvector GENERATED ALWAYS AS
        (setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', body_terms), 'B')) STORED)`);
    const t0 = performance.now();
    let batch: Indexed[] = [];
    const flush = async () => {
      await client.query(
        'INSERT INTO docs (id, published, title_terms, body_terms) SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[])',
        [
          batch.map((d) => d.id),
          batch.map((d) => d.published),
          batch.map((d) => d.titleTerms.join(' ')),
          batch.map((d) => d.bodyTerms.join(' ')),
        ],
      );
      batch = [];
    };
    for (const d of corpus(docs, copies)) {
      batch.push(d);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    await client.query('CREATE INDEX docs_tsv ON docs USING gin (tsv)');
    await client.query('VACUUM ANALYZE docs');
    const loadMs = performance.now() - t0;
    const size = (await client.query("SELECT pg_total_relation_size('docs') AS b")).rows[0].b as string;
    // ts_rank weights are {D, C, B, A}: body 1/3 of title, as bm25(3, 1) on our side.
    const sql = `SELECT id FROM docs, plainto_tsquery('simple', $1) q WHERE tsv @@ q
      ORDER BY ts_rank('{0.1, 0.2, 0.3333, 1.0}', tsv, q) DESC LIMIT 10`;
    const runOne = async (q: string) => (await client.query(sql, [terms(q).join(' ')])).rowCount ?? 0;
    const backend = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    // The backend's CPU is read from /proc in 10 ms ticks: only its mean over a kind is meaningful.
    const timed = async (qs: string[]) => {
      const before = processCpuMs(backend);
      const [figures] = (await time(qs, [runOne])) as [Latency];
      const after = processCpuMs(backend);
      const server = before === null || after === null ? null : (after - before) / (qs.length + WARMUP);
      return { ...figures, cpuMean: server === null ? null : round(figures.cpuMean + server) };
    };
    const one = await timed(queries.one);
    const three = await timed(queries.three);
    return {
      pg_version: version,
      pg_load_index_s: round(loadMs / 1000),
      pg_table_mb: round(Number(size) / 1e6),
      pg_one_word_p50_ms: one.p50,
      pg_one_word_p99_ms: one.p99,
      pg_three_words_p50_ms: three.p50,
      pg_three_words_p99_ms: three.p99,
      pg_one_word_cpu_mean_ms: one.cpuMean,
      pg_three_words_cpu_mean_ms: three.cpuMean,
    };
  } finally {
    await client.end().catch(() => {});
    cluster.stop();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const copies = Math.max(1, Math.floor(Number(process.env.NABA_BENCH_SEARCH_COPIES ?? 3)));
  const docs = await loadStream();
  const queries = drawQueries(docs);
  // A store filled by an earlier run with the same copies (NABA_BENCH_SEARCH_KEEP) skips the fill.
  const existing = process.env.NABA_BENCH_SEARCH_DB;
  const dir = mkdtempSync(join(tmpdir(), 'naba-bench-search-'));
  const path = existing ?? join(dir, 'naba.db');
  const candidates = process.env.NABA_BENCH_SEARCH_CANDIDATES;
  const store = await openSqliteStore(path, candidates ? { searchCandidates: Number(candidates) } : {});
  let open = true;
  let figures: Record<string, unknown>;
  try {
    const t0 = performance.now();
    const articles = existing ? await store.countArticles() : await fill(store, docs, copies);
    const fillMs = existing ? Number.NaN : performance.now() - t0;
    // The stream ends on 2015-08-11; "now" is the next day, so recency matters for the originals.
    const now = new Date('2015-08-12T12:00:00Z');
    const full = async (q: string) => (await search(store, q, { now, limit: 10 })).items.length;
    // Its own connection: the store keeps a query's last ranks, and `search()` has just asked the same.
    const own = await openSqliteStore(path, candidates ? { searchCandidates: Number(candidates) } : {});
    const bare = async (q: string) =>
      (await own.searchTerms({ terms: terms(q), limit: 10, filters: { excludeCopies: true } })).length;
    let kinds: Latency[];
    try {
      kinds = [...(await time(queries.one, [full, bare])), ...(await time(queries.three, [full, bare]))];
    } finally {
      await own.close();
    }
    const [one, oneBare, three, threeBare] = kinds as [Latency, Latency, Latency, Latency];
    await store.close();
    open = false;
    const dbMb = round(
      ['', '-wal'].reduce((s, ext) => {
        try {
          return s + statSync(path + ext).size;
        } catch {
          return s;
        }
      }, 0) / 1e6,
    );
    figures = {
      articles,
      copies,
      queries_per_kind: QUERIES_PER_KIND,
      fill_s: existing ? null : round(fillMs / 1000),
      fill_articles_per_s: existing ? null : Math.round(articles / (fillMs / 1000)),
      db_mb: dbMb,
      one_word_p50_ms: one.p50,
      one_word_p99_ms: one.p99,
      one_word_mean_ms: one.mean,
      three_words_p50_ms: three.p50,
      three_words_p99_ms: three.p99,
      three_words_mean_ms: three.mean,
      store_one_word_p50_ms: oneBare.p50,
      store_one_word_p99_ms: oneBare.p99,
      store_three_words_p50_ms: threeBare.p50,
      store_three_words_p99_ms: threeBare.p99,
      one_word_cpu_p50_ms: one.cpuP50,
      one_word_cpu_p99_ms: one.cpuP99,
      three_words_cpu_p50_ms: three.cpuP50,
      three_words_cpu_p99_ms: three.cpuP99,
      store_one_word_cpu_p50_ms: oneBare.cpuP50,
      store_one_word_cpu_p99_ms: oneBare.cpuP99,
      store_three_words_cpu_p50_ms: threeBare.cpuP50,
      store_three_words_cpu_p99_ms: threeBare.cpuP99,
      search_candidates: candidates ?? 'default',
      one_word_avg_hits: round(one.hits / queries.one.length),
      three_words_avg_hits: round(three.hits / queries.three.length),
    };
    const keep = process.env.NABA_BENCH_SEARCH_KEEP;
    if (keep && !existing) renameSync(path, keep);
  } finally {
    if (open) await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  let peer: Record<string, unknown>;
  try {
    peer =
      process.env.NABA_BENCH_SEARCH_PG === '0'
        ? { pg_skipped: 'NABA_BENCH_SEARCH_PG=0' }
        : await measurePg(docs, copies, queries);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(`peer skipped: ${message}\n`);
    peer = { pg_skipped: message };
  }
  const p99 = (k: string, f: Record<string, unknown>) => (typeof f[k] === 'number' ? `${f[k]}` : '?');
  return {
    summary:
      `${figures.articles} articles: search() p99 ${figures.one_word_p99_ms} ms (1 word), ` +
      `${figures.three_words_p99_ms} ms (3 words), with snippets, CPU p99 ${figures.one_word_cpu_p99_ms} / ` +
      `${figures.three_words_cpu_p99_ms} ms; ` +
      `PostgreSQL GIN + ts_rank p99 ${p99('pg_one_word_p99_ms', peer)} / ${p99('pg_three_words_p99_ms', peer)} ms`,
    ...figures,
    ...peer,
  };
}
