import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleFromLine, formatImportSummary, importJsonl, splitLines } from './import.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';

const AT = '2015-08-10T00:00:00.000Z';

describe('articleFromLine', () => {
  it.each([
    [
      'a full line, extra fields ignored',
      '{"id":"snn-1","source":"was","url":"https://spa.gov.sa/1","published":"2015-08-06T01:00:00+03:00","title":"عنوان","author":"واس","text":"نص","category":"local"}',
      {
        id: 'snn-1',
        sourceId: 'was',
        url: 'https://spa.gov.sa/1',
        published: '2015-08-06T01:00:00+03:00',
        title: 'عنوان',
        author: 'واس',
        text: 'نص',
        fetchedAt: AT,
      },
    ],
    [
      'no source, url, title or author',
      '{"id":"ArtMus01","text":"يرى العديد من المفكرين"}',
      { id: 'ArtMus01', sourceId: 'dflt', url: '', title: '', text: 'يرى العديد من المفكرين', fetchedAt: AT },
    ],
    [
      'a numeric id, empty author and null published',
      '{"id":42,"source":" okaz ","title":null,"author":"","published":null,"text":""}',
      { id: '42', sourceId: 'okaz', url: '', title: '', text: '', fetchedAt: AT },
    ],
  ])('reads %s', (_name, line, expected) => {
    expect(articleFromLine(line, 'dflt', AT)).toEqual(expected);
  });

  it.each([
    ['{"id":"x","text":', /^bad JSON/],
    ['[1,2]', /not a JSON object/],
    ['"نص"', /not a JSON object/],
    ['{"text":"نص"}', /missing id/],
    ['{"id":"  ","text":"نص"}', /missing id/],
    ['{"id":"x"}', /missing text/],
    ['{"id":"x","text":5}', /text is not a string/],
    ['{"id":"x","text":"","title":["a"]}', /title is not a string/],
    ['{"id":"x","text":"","source":7}', /source is not a string/],
  ])('rejects %s', (line, reason) => {
    expect(() => articleFromLine(line, 'dflt', AT)).toThrow(reason);
  });

  it('gives null for a blank line', () => {
    expect(articleFromLine('   \t', 'dflt', AT)).toBeNull();
  });
});

async function collect(chunks: (string | Buffer)[], maxBytes?: number): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  async function* gen() {
    for (const c of chunks) yield c;
  }
  for await (const line of splitLines(gen(), maxBytes)) out.push(line);
  return out;
}

describe('splitLines', () => {
  it.each([
    ['LF and a last line without newline', ['أ\nب\nج'], ['أ', 'ب', 'ج']],
    ['CRLF', ['أ\r\nب\r\n'], ['أ', 'ب']],
    ['empty lines kept', ['\n\nأ\n'], ['', '', 'أ']],
    ['a line spread over chunks', ['سل', 'ام\nع', 'ليكم\n'], ['سلام', 'عليكم']],
    ['nothing', [], []],
  ])('%s', async (_name, chunks, expected) => {
    expect(await collect(chunks)).toEqual(expected);
  });

  it('keeps a multi-byte letter split between two chunks whole', async () => {
    const bytes = Buffer.from('سلام\n', 'utf8');
    expect(await collect([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual(['سلام']);
  });

  it('replaces an over-long line by null and goes on', async () => {
    expect(
      await collect(['short\n', 'x'.repeat(30), 'y'.repeat(30), '\nnext\n', 'z'.repeat(70)], 50),
    ).toEqual(['short', null, 'next', null]);
  });
});

describe('importJsonl', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'naba-import-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lines = [
    JSON.stringify({
      id: 'a1',
      source: 'was',
      title: 'الأول',
      text: 'نص أول',
      published: '2015-08-06T09:00:00+03:00',
    }),
    '{"id":"broken", "text": ',
    '',
    JSON.stringify({ id: 'a2', source: 'okaz', title: 'الثاني', text: 'نص ثان' }),
    JSON.stringify({ title: 'بلا معرف', text: 'نص' }),
    JSON.stringify({ id: 'a3', title: 'الثالث', text: 'نص ثالث' }),
  ];

  it('imports a gzipped file in batches, reports bad lines by number, and is idempotent', async () => {
    const path = join(dir, 'articles.jsonl.gz');
    await writeFile(path, gzipSync(`${lines.join('\n')}\n`));
    const store = await openSqliteStore(join(dir, 'naba.db'));
    try {
      const progress: number[] = [];
      const first = await importJsonl(store, path, {
        batchSize: 2,
        sourceDefault: 'misc',
        onProgress: (p) => progress.push(p.inserted),
      });
      expect(first).toMatchObject({ lines: 6, imported: 3, inserted: 3, updated: 0, unchanged: 0, bad: 2 });
      expect(first.badLines.map((b) => b.line)).toEqual([2, 5]);
      expect(first.badLines[1]?.reason).toBe('missing id');
      expect(first.createdSources.sort()).toEqual(['misc', 'okaz', 'was']);
      expect(progress).toEqual([2, 3]);
      expect((await store.getSource('okaz'))?.name).toBe('okaz');
      expect((await store.getArticle('a3'))?.article.sourceId).toBe('misc');
      expect((await store.getArticle('a1'))?.article.title).toBe('الأول');

      const second = await importJsonl(store, path, { sourceDefault: 'misc' });
      expect(second).toMatchObject({ imported: 3, inserted: 0, updated: 0, unchanged: 3, bad: 2 });
      expect(second.createdSources).toEqual([]);
      expect(await store.countArticles()).toBe(3);
      expect(formatImportSummary({ ...second, seconds: 1.234 })).toBe(
        'imported 3 (inserted 0, updated 0, unchanged 3, skipped 2 bad lines) in 1.2 s',
      );
    } finally {
      await store.close();
    }
  });

  it('reads a plain file with a byte order mark and updates changed articles', async () => {
    const path = join(dir, 'articles.jsonl');
    await writeFile(path, `\uFEFF${lines[0]}\n`);
    const store = await openSqliteStore(join(dir, 'naba.db'));
    try {
      expect(await importJsonl(store, path)).toMatchObject({ inserted: 1, bad: 0 });
      await writeFile(path, `${lines[0]?.replace('نص أول', 'نص أول مصحح')}\n`);
      expect(await importJsonl(store, path)).toMatchObject({ inserted: 0, updated: 1 });
      expect((await store.getArticle('a1'))?.article.text).toBe('نص أول مصحح');
    } finally {
      await store.close();
    }
  });

  it('names the file it cannot read', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      await expect(importJsonl(store, join(dir, 'missing.jsonl'))).rejects.toThrow(
        /^import: cannot read .*missing/,
      );
    } finally {
      await store.close();
    }
  });
});
