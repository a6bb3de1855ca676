/**
 * Article JSONL in, stored articles out: `naba import` reads a file (plain or gzipped) line by line,
 * turns each line into an `Article` and writes them through the `Store` in batches. A bad line is
 * skipped and reported with its number; the rest of the file still goes in.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Article } from '../model.ts';
import type { Store } from './store.ts';

/** Lines longer than this are skipped as bad instead of being held in memory. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;
const KEPT_BAD_LINES = 100;

export interface BadLine {
  line: number;
  reason: string;
}

export interface ImportProgress {
  lines: number;
  bytesRead: number;
  totalBytes: number;
  inserted: number;
  updated: number;
  unchanged: number;
  bad: number;
}

export interface ImportOptions {
  /** Source id for lines without `source` (default `unknown`). */
  sourceDefault?: string;
  /** Articles per transaction (default 1000). */
  batchSize?: number;
  /** Called after each stored batch. */
  onProgress?: (progress: ImportProgress) => void;
  /** Stamped as `fetchedAt` on new articles (default: when the import started). */
  now?: Date;
}

export interface ImportSummary extends ImportProgress {
  /** Valid lines stored: inserted + updated + unchanged. */
  imported: number;
  /** The first bad lines with their reasons (all are counted in `bad`). */
  badLines: BadLine[];
  /** Sources that did not exist and were created, named after their id. */
  createdSources: string[];
  seconds: number;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`${field} is not a string`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * One JSONL record as an Article. Throws a short reason for a record that cannot be one; extra fields
 * (labels such as `category`) are ignored.
 */
export function articleFromRecord(record: unknown, sourceDefault: string, fetchedAt: string): Article {
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    throw new Error('not a JSON object');
  const r = record as Record<string, unknown>;
  let id: string;
  if (typeof r.id === 'string' && r.id.trim() !== '') id = r.id.trim();
  else if (typeof r.id === 'number' && Number.isFinite(r.id)) id = String(r.id);
  else throw new Error('missing id');
  if (typeof r.text !== 'string')
    throw new Error(r.text === undefined ? 'missing text' : 'text is not a string');
  if (r.title !== undefined && r.title !== null && typeof r.title !== 'string') {
    throw new Error('title is not a string');
  }
  const article: Article = {
    id,
    sourceId: optionalString(r.source, 'source') ?? sourceDefault,
    url: optionalString(r.url, 'url') ?? '',
    title: typeof r.title === 'string' ? r.title : '',
    text: r.text,
    fetchedAt,
  };
  const author = optionalString(r.author, 'author');
  if (author !== undefined) article.author = author;
  const published = optionalString(r.published, 'published');
  if (published !== undefined) article.published = published;
  return article;
}

/** Parse one line; blank lines give null, bad ones throw their reason. */
export function articleFromLine(line: string, sourceDefault: string, fetchedAt: string): Article | null {
  if (line.trim() === '') return null;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    throw new Error(`bad JSON (${messageOf(error)})`);
  }
  return articleFromRecord(record, sourceDefault, fetchedAt);
}

/**
 * Split a byte stream into UTF-8 lines (without `\n` or a trailing `\r`). A line over `maxBytes`
 * comes out as null so the caller can report it without ever holding it whole.
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer | Uint8Array | string>,
  maxBytes = MAX_LINE_BYTES,
): AsyncGenerator<string | null> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  const finish = (tail: Buffer): string | null => {
    const parts = pending.length > 0 ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingBytes = 0;
    if (tooLong) {
      tooLong = false;
      return null;
    }
    const end = parts.length > 0 && parts[parts.length - 1] === 0x0d ? parts.length - 1 : parts.length;
    return parts.toString('utf8', 0, end);
  };
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      if (pendingBytes + piece.length > maxBytes) tooLong = true;
      yield finish(tooLong ? Buffer.alloc(0) : piece);
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0 && !tooLong) {
      pending.push(rest);
      pendingBytes += rest.length;
      if (pendingBytes > maxBytes) {
        tooLong = true;
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0 || tooLong) yield finish(Buffer.alloc(0));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Import an article JSONL file (gzip detected by its magic bytes) into `store`. Re-running it is harmless. */
export async function importJsonl(
  store: Store,
  path: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const sourceDefault = options.sourceDefault || 'unknown';
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 1000));
  const fetchedAt = (options.now ?? new Date()).toISOString();

  let totalBytes: number;
  let gzip: boolean;
  try {
    totalBytes = (await stat(path)).size;
    gzip = await isGzip(path);
  } catch (error) {
    throw new Error(`import: cannot read ${path}: ${messageOf(error)}`);
  }
  const file = createReadStream(path);
  let input: AsyncIterable<Buffer> = file;
  if (gzip) {
    const gunzip = createGunzip();
    // pipe() does not forward errors: a read error must end the gunzip side too.
    file.on('error', (error) => gunzip.destroy(error));
    input = file.pipe(gunzip);
  }

  const summary: ImportSummary = {
    lines: 0,
    bytesRead: 0,
    totalBytes,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    bad: 0,
    imported: 0,
    badLines: [],
    createdSources: [],
    seconds: 0,
  };
  const knownSources = new Set<string>();
  let storeFailed = false;
  let batch: Article[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    for (const sourceId of new Set(batch.map((a) => a.sourceId))) {
      if (knownSources.has(sourceId)) continue;
      if (!(await store.getSource(sourceId))) {
        await store.upsertSource({
          id: sourceId,
          name: sourceId,
          siteUrl: '',
          feeds: [],
          language: 'ar',
          paused: false,
        });
        summary.createdSources.push(sourceId);
      }
      knownSources.add(sourceId);
    }
    let result: Awaited<ReturnType<Store['upsertArticles']>>;
    try {
      result = await store.upsertArticles(batch);
    } catch (error) {
      storeFailed = true;
      throw new Error(`import: storing the batch ending at line ${summary.lines}: ${messageOf(error)}`);
    }
    summary.inserted += result.inserted;
    summary.updated += result.updated;
    summary.unchanged += result.unchanged;
    batch = [];
    summary.bytesRead = file.bytesRead;
    options.onProgress?.({ ...summary });
  };

  const bad = (line: number, reason: string) => {
    summary.bad++;
    if (summary.badLines.length < KEPT_BAD_LINES) summary.badLines.push({ line, reason });
  };

  try {
    for await (const line of splitLines(input)) {
      summary.lines++;
      if (line === null) {
        bad(summary.lines, `longer than ${MAX_LINE_BYTES} bytes`);
        continue;
      }
      try {
        // A byte order mark may start the file; it is not part of the JSON.
        const text = summary.lines === 1 ? line.replace(/^\uFEFF/, '') : line;
        const article = articleFromLine(text, sourceDefault, fetchedAt);
        if (article) batch.push(article);
      } catch (error) {
        bad(summary.lines, messageOf(error));
        continue;
      }
      if (batch.length >= batchSize) await flush();
    }
  } catch (error) {
    if (storeFailed) throw error;
    throw new Error(`import: cannot read ${path} after line ${summary.lines}: ${messageOf(error)}`);
  }
  await flush();
  summary.bytesRead = totalBytes;
  summary.imported = summary.inserted + summary.updated + summary.unchanged;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** The one-line result: `imported N (inserted X, updated Y, unchanged U, skipped Z bad lines) in T s`. */
export function formatImportSummary(s: ImportSummary): string {
  return (
    `imported ${s.imported} (inserted ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}, ` +
    `skipped ${s.bad} bad lines) in ${s.seconds.toFixed(1)} s`
  );
}
