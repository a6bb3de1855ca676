/**
 * A store filled from the shared SaudiNewsNet stream for the web tests and the bench: a slice of real
 * articles run through the real pipeline (analysis, dedup, stories), so pages show real copies and stories.
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Article } from '../../src/model.ts';
import { createAnalyzer, Pipeline } from '../../src/pipeline.ts';
import { articleFromLine } from '../../src/store/import.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

export const STREAM = join(import.meta.dirname, '../../../shared/data/stream/saudinewsnet.jsonl.gz');

export const hasStream = (): boolean => existsSync(STREAM);

/** Outlet names of the stream's source ids (the import would name sources after their ids). */
export const OUTLETS: Record<string, string> = {
  was: 'واس',
  sabq: 'سبق',
  okaz: 'عكاظ',
  alriyadh: 'الرياض',
  aljazirah: 'الجزيرة',
  alwatan: 'الوطن',
  almadina: 'المدينة',
  alyaum: 'اليوم',
  aleqtisadiya: 'الاقتصادية',
  aawsat: 'الشرق الأوسط',
  '3alyoum': 'عين اليوم',
  alweeam: 'الوئام',
  arriyadiyah: 'الرياضية',
  arreyadi: 'الرياضي',
};

export interface Slice {
  /** Published times from (inclusive) … to (exclusive), compared as the stream writes them. */
  from: string;
  to: string;
  /** Keep every wire (`was`) article and one in `stride` of the others. */
  stride: number;
}

/** Three evening hours of 2015-08-10: the SPA wire and the papers that republish it. */
export const TEST_SLICE: Slice = { from: '2015-08-10T19', to: '2015-08-10T22', stride: 3 };

export async function readStream(slice?: Slice, limit = Number.POSITIVE_INFINITY): Promise<Article[]> {
  const lines = createInterface({
    input: createReadStream(STREAM).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  const out: Article[] = [];
  const fetchedAt = '2015-08-12T00:00:00Z';
  let k = 0;
  for await (const line of lines) {
    const a = articleFromLine(line, 'unknown', fetchedAt);
    if (!a) continue;
    if (slice) {
      const p = a.published ?? '';
      if (p < slice.from || p >= slice.to) continue;
      if (a.sourceId !== 'was' && k++ % slice.stride !== 0) continue;
    }
    out.push(a);
    if (out.length >= limit) break;
  }
  lines.close();
  return out.sort((a, b) =>
    (a.published ?? '') < (b.published ?? '') ? -1 : (a.published ?? '') > (b.published ?? '') ? 1 : 0,
  );
}

export interface Fixture {
  store: Store;
  pipeline: Pipeline;
  articles: Article[];
  dir: string;
  close(): Promise<void>;
}

/**
 * A temp SQLite store with a slice of the stream (all of it without one) piped through the pipeline in time
 * order, then `extra` articles. `entities: false` skips the (slow) entity tagger.
 */
export async function streamFixture(
  opts: { slice?: Slice; extra?: Article[]; entities?: boolean } = {},
): Promise<Fixture> {
  const extra = opts.extra ?? [];
  const dir = await mkdtemp(join(tmpdir(), 'naba-web-'));
  const store = await openSqliteStore(join(dir, 'naba.db'));
  const articles = await readStream(opts.slice);
  const ids = new Set(articles.map((a) => a.sourceId).concat(extra.map((a) => a.sourceId)));
  for (const id of ids) {
    await store.upsertSource({
      id,
      name: OUTLETS[id] ?? id,
      siteUrl: '',
      feeds: [],
      language: 'ar',
      paused: false,
    });
  }
  const pipeline = new Pipeline(store, {
    analyze: await createAnalyzer({ entities: opts.entities ?? true }),
  });
  for (let i = 0; i < articles.length; i += 500) await pipeline.ingest(articles.slice(i, i + 500));
  if (extra.length > 0) await pipeline.ingest(extra);
  return {
    store,
    pipeline,
    articles: [...articles, ...extra],
    dir,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
