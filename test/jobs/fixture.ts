/**
 * Shared pieces of the job tests: a small replay corpus with two copy groups, a database per test on the
 * throwaway cluster, worker child processes, and the snapshot two runs are compared by.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { CorpusArticle } from '../../src/demo/corpus.ts';
import type { Replay } from '../../src/demo/replay.ts';
import { SAMPLE_ARTICLES } from '../../src/demo/sample.ts';
import { crawlOnce } from '../../src/ingest/crawler.ts';
import { createFetcher, type Fetcher } from '../../src/ingest/fetch/index.ts';
import { addSource } from '../../src/ingest/sources.ts';
import { canonicalizeUrl, urlId } from '../../src/ingest/url.ts';
import { placementOrder } from '../../src/jobs/placer.ts';
import { createAnalyzer, Pipeline } from '../../src/pipeline.ts';
import { withExplicitUser } from '../../src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store, StoredArticle } from '../../src/store/store.ts';
import type { TestPostgres } from '../postgres/cluster.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const t001 = SAMPLE_ARTICLES[0]!;
const t004 = SAMPLE_ARTICLES[3]!;

/**
 * The sample articles plus two copies: `c-001` repeats `t-001` two hours later with a line added, and
 * `c-002` carries `t-004` an hour EARLIER, so it must become the original of its group.
 */
export const JOB_CORPUS: CorpusArticle[] = [
  ...SAMPLE_ARTICLES,
  {
    ...t001,
    id: 'c-001',
    source: 'was',
    url: 'https://example.test/was/1',
    published: '2015-08-06T11:15:00+03:00',
    title: 'أمانة جدة تفتتح مكتبة عامة في حي الروضة',
    text: `${t001.text}\nوتفتح المكتبة أبوابها من التاسعة صباحا حتى العاشرة مساء.`,
  },
  {
    ...t004,
    id: 'c-002',
    source: 'alriyadh',
    url: 'https://example.test/alriyadh/1',
    published: '2015-08-06T09:00:00+03:00',
  },
];

export function testFetcher(): Fetcher {
  return createFetcher({ allowPrivate: ['127.0.0.1'], perHostDelayMs: 0, totalTimeoutMs: 60_000 });
}

/** The store id of a corpus article as served by `replay`. */
export function articleIdOf(replay: Replay, corpusId: string): string {
  const url = replay.urlOf(corpusId);
  if (!url) throw new Error(`no replay URL for ${corpusId}`);
  return urlId(canonicalizeUrl(url));
}

/** A new database on the test server; returns its URL. */
export async function createDatabase(pgt: TestPostgres, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: withExplicitUser(pgt.url()) });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return pgt.urlFor(name);
}

export async function addReplaySources(store: Store, replay: Replay): Promise<void> {
  const fetcher = testFetcher();
  try {
    for (const outlet of replay.outlets) {
      await addSource({ store, fetcher }, outlet.homeUrl, {
        id: outlet.id,
        name: outlet.name,
        language: 'ar',
      });
    }
  } finally {
    await fetcher.close();
  }
}

/** What two runs must agree on: the articles, the duplicate groups (original first) and the stories. */
export interface Snapshot {
  ids: string[];
  /** `original > copy, copy` per group with copies, sorted. */
  groups: string[];
  /** Member ids of each story, sorted. */
  stories: string[];
  /** `copy: what it changed from its original` per copy, sorted. */
  copyChanges: string[];
  unplaced: string[];
}

export async function snapshot(store: Store): Promise<Snapshot> {
  const all: StoredArticle[] = [];
  for await (const s of store.iterateArticles()) all.push(s);
  const groups = new Map<string, string[]>();
  const stories = new Map<string, string[]>();
  const unplaced: string[] = [];
  const copyChanges: string[] = [];
  for (const s of all) {
    const id = s.article.id;
    const original = s.placement?.duplicateOf;
    if (original) groups.set(original, [...(groups.get(original) ?? []), id]);
    if (original) copyChanges.push(`${id}: ${JSON.stringify(s.placement?.copyChanges ?? null)}`);
    const story = s.placement?.storyId;
    if (story) stories.set(story, [...(stories.get(story) ?? []), id]);
    else unplaced.push(id);
  }
  return {
    ids: all.map((s) => s.article.id).sort(),
    groups: [...groups].map(([o, copies]) => `${o} > ${copies.sort().join(', ')}`).sort(),
    stories: [...stories.values()].map((m) => m.sort().join(', ')).sort(),
    copyChanges: copyChanges.sort(),
    unplaced: unplaced.sort(),
  };
}

/**
 * The single-process reference: the crawler into a SQLite file, then the pipeline over the stored
 * articles in placement order (placement time, then id), as the placer takes a settled round.
 */
export async function sqliteReference(replay: Replay): Promise<Snapshot> {
  const dir = mkdtempSync(join(tmpdir(), 'naba-jobs-ref-'));
  const store = await openSqliteStore(join(dir, 'ref.db'));
  const fetcher = testFetcher();
  try {
    await addReplaySources(store, replay);
    await crawlOnce({ store, fetcher });
    const articles = [];
    for await (const s of store.iterateArticles()) articles.push(s.article);
    const pipeline = new Pipeline(store, { analyze: await createAnalyzer() });
    await pipeline.ingest(placementOrder(articles, Date.now()));
    return await snapshot(store);
  } finally {
    await fetcher.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface WorkerChild {
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  log(): string;
  exited: Promise<number | null>;
}

/** `node bin/naba.js worker …` against `databaseUrl`. */
export function startWorker(databaseUrl: string, args: string[]): WorkerChild {
  const child = spawn(process.execPath, ['bin/naba.js', 'worker', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, NABA_ALLOW_PRIVATE: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, log: () => text, exited };
}

/** Poll `ready` until it holds; throws with `describe()` after `timeoutMs`. */
export async function waitFor(
  ready: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => Promise<string> | string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out: ${await describe()}`);
}
