import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { summarizeF1, tokenF1 } from './quality.ts';
import { formatDemoSummary, runDemo } from './run.ts';
import { SAMPLE_ARTICLES } from './sample.ts';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'naba-demo-'));
  store = await openSqliteStore(join(dir, 'naba.db'));
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function corpusFile(lines: string[]): Promise<string> {
  const path = join(dir, 'corpus.jsonl.gz');
  await writeFile(path, gzipSync(`${lines.join('\n')}\n`));
  return path;
}

describe('runDemo', () => {
  it('crawls the whole replayed corpus into the store and checks the extracted text', async () => {
    // Spread the sample over outlets with different templates and feed formats.
    const sources = ['okaz', 'almadina', 'was', 'aawsat', 'alweeam', 'aljazirah'];
    const articles = SAMPLE_ARTICLES.map((a, i) => ({ ...a, source: sources[i]! }));
    const empty = { ...SAMPLE_ARTICLES[0]!, id: 't-empty', source: 'okaz', title: 'كاريكاتير', text: ' ' };
    const path = await corpusFile([...articles, empty].map((a) => JSON.stringify(a)).concat('{broken'));
    const logs: string[] = [];
    const summary = await runDemo({ store, dataDir: dir, corpusPath: path, log: (l) => logs.push(l) });
    expect(summary.published).toBe(7);
    expect(summary.sources).toBe(6);
    expect(summary.stored).toBe(6);
    expect(summary.failed).toBe(1);
    expect(summary.failures).toEqual([['extract: no article text on the page', 1]]);
    expect(await store.countArticles()).toBe(6);
    expect(summary.quality.compared).toBe(6);
    expect(summary.quality.mean).toBeGreaterThan(0.95);
    expect(logs).toContain(`demo: skipped 1 unreadable lines of ${path}`);
    expect(logs.some((l) => l.startsWith('demo: source was ') && l.endsWith('via robots'))).toBe(true);
    expect(formatDemoSummary(summary)[0]).toMatch(/^demo: stored 6 articles from 6 sources in \d+\.\d s/);
  });

  it('can run again on the same database without keeping stale copies', async () => {
    const path = await corpusFile(SAMPLE_ARTICLES.map((a) => JSON.stringify(a)));
    await runDemo({ store, dataDir: dir, corpusPath: path });
    const again = await runDemo({ store, dataDir: dir, corpusPath: path, limit: 3 });
    expect(again.published).toBe(3);
    expect(again.stored).toBe(3);
    expect(await store.countArticles()).toBe(3);
  });
});

describe('tokenF1', () => {
  it.each([
    ['same words', 'قال الوزير إن المشروع اكتمل', 'قال الوزير إن المشروع اكتمل', 1],
    ['punctuation and spacing ignored', 'قال الوزير: "المشروع اكتمل".', 'قال الوزير المشروع اكتمل', 1],
    ['half the words missing', 'قال الوزير', 'قال الوزير إن المشروع', 2 / 3],
    ['boilerplate kept', 'قال الوزير اقرأ أيضا', 'قال الوزير', 2 / 3],
    ['nothing extracted', '', 'قال الوزير', 0],
    ['both empty', '', '', 1],
  ])('%s', (_name, got, want, f1) => {
    expect(tokenF1(got, want)).toBeCloseTo(f1, 6);
  });

  it('summarizes mean, median and the share at 0.9 or more', () => {
    expect(summarizeF1([1, 0.5, 0.95, 0.8])).toEqual({ compared: 4, mean: 0.8125, median: 0.875, good: 0.5 });
  });
});
