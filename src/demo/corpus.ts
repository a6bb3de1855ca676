/** The demo corpus: article JSONL (plain or .gz) read into memory, oldest first. */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** One line of the article JSONL the replay publishes. */
export interface CorpusArticle {
  id: string;
  source: string;
  url: string;
  published: string;
  title: string;
  author: string;
  text: string;
}

/**
 * Reads the articles that can be published: a line needs an id and a source; bad lines are
 * counted, not fatal. Sorted by publication time (then id) so "the most recent N" is well defined.
 */
export async function loadCorpus(path: string): Promise<{ articles: CorpusArticle[]; bad: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`demo: cannot read corpus ${path}: ${error instanceof Error ? error.message : error}`);
  }
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  const articles: CorpusArticle[] = [];
  let bad = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      bad++;
      continue;
    }
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const a: CorpusArticle = {
      id: str(o.id),
      source: str(o.source),
      url: str(o.url),
      published: str(o.published),
      title: str(o.title).trim(),
      author: str(o.author).trim(),
      text: str(o.text),
    };
    // An empty body is kept: the outlet published the page (a cartoon, a gallery) and the crawler must
    // cope with it like any other page without article text.
    if (!a.id || !a.source) {
      bad++;
      continue;
    }
    articles.push(a);
  }
  articles.sort((x, y) => timeOf(x) - timeOf(y) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { articles, bad };
}

export function timeOf(a: CorpusArticle): number {
  const t = Date.parse(a.published);
  return Number.isNaN(t) ? 0 : t;
}

/** The body as paragraphs: one per non-empty line, trimmed. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}
