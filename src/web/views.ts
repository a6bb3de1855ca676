/** Data shaping shared by pages, the API and feeds: story summaries, tag and entity tallies, cursors. */
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { z } from 'zod';
import type {
  ArticleCursor,
  ArticleListQuery,
  EntityMention,
  Page,
  StoredArticle,
  Story,
  StoryCursor,
} from '../store/store.ts';
import { normalize } from '../text/normalize.ts';
import type { WebCtx } from './context.ts';
import { rankStories } from './rank.ts';

/** Stories considered for the top of a page (the most recently updated ones). */
const RANK_POOL = 200;

export interface StorySummary {
  story: Story;
  score: number;
  /** The earliest report that is not a copy (who reported first). */
  first: StoredArticle | null;
  copies: number;
  /** Outlets with a report of their own (not only a copy of another's text). */
  outlets: number;
  tags: string[];
  section: string | null;
}

/** Letters of Persian/Urdu keyboards that have an Arabic twin (ی ې ۍ ک ە). */
const PERSIAN_LETTERS = /[\u06cc\u06d0\u06cd\u06a9\u06d5]/;

/** Distinct tags of some articles, most frequent first, in the first spelling seen (never the normalized one). */
export function topTags(articles: readonly StoredArticle[], n: number): string[] {
  const tally = new Map<string, { shown: string; count: number; order: number }>();
  let order = 0;
  for (const a of articles) {
    for (const t of a.analysis?.tags ?? []) {
      const key = normalize(t).trim();
      if (!key) continue;
      const e = tally.get(key);
      if (!e) tally.set(key, { shown: t.trim(), count: 1, order: order++ });
      else {
        e.count++;
        // One tag typed on a Persian keyboard (ی ک) and once in Arabic letters: show the Arabic one.
        if (PERSIAN_LETTERS.test(e.shown) && !PERSIAN_LETTERS.test(t)) e.shown = t.trim();
      }
    }
  }
  return [...tally.values()]
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, n)
    .map((e) => e.shown);
}

export interface EntityTally {
  key: string;
  type: string;
  text: string;
  count: number;
}

export function topEntities(articles: readonly StoredArticle[], n: number): EntityTally[] {
  const tally = new Map<string, EntityTally & { order: number }>();
  let order = 0;
  for (const a of articles) {
    const seen = new Set<string>();
    for (const e of a.analysis?.entities ?? ([] as EntityMention[])) {
      const id = `${e.type}:${e.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const t = tally.get(id);
      if (t) t.count++;
      else tally.set(id, { key: e.key, type: e.type, text: e.text, count: 1, order: order++ });
    }
  }
  return [...tally.values()]
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, n)
    .map(({ order: _, ...e }) => e);
}

export const ENTITY_TYPES: Record<string, string> = {
  PER: 'أشخاص',
  LOC: 'أماكن',
  ORG: 'هيئات',
  MISC: 'أخرى',
};

/** One story's card: the first original report, copy count, a few tags. */
export async function summarizeStory(ctx: WebCtx, story: Story, score = 0): Promise<StorySummary> {
  const articles = await ctx.storyArticles(story);
  const first = articles.find((a) => !a.placement?.duplicateOf) ?? articles[0] ?? null;
  const copies = articles.filter((a) => a.placement?.duplicateOf).length;
  const outlets = independentOutlets(articles);
  const headline = articles.find((a) => a.article.id === story.headlineArticleId);
  return {
    story,
    score,
    first,
    copies,
    outlets,
    tags: topTags(headline ? [headline, ...articles] : articles, 4),
    section: story.section ?? headline?.analysis?.section ?? null,
  };
}

/** Outlets that published a report of their own in these articles (copies of another's text left out). */
export function independentOutlets(articles: readonly StoredArticle[]): number {
  return new Set(articles.filter((a) => !a.placement?.duplicateOf).map((a) => a.article.sourceId)).size;
}

/**
 * The best `n` stories now (optionally of one section), summarized. A first ranking by the stored outlet
 * count picks twice as many candidates; reading their articles gives the independent outlets, which
 * decide the final order (a wire story republished by five papers is one report, not five).
 */
export async function topStories(ctx: WebCtx, n: number, section?: string): Promise<StorySummary[]> {
  const { items } = await ctx.store.listStories({ limit: RANK_POOL, ...(section ? { section } : {}) });
  const candidates = rankStories(items, ctx.now()).slice(0, n * 2);
  const summaries = new Map<string, StorySummary>();
  for (const r of candidates) summaries.set(r.story.id, await summarizeStory(ctx, r.story));
  return rankStories(
    candidates.map((r) => r.story),
    ctx.now(),
    (s) => summaries.get(s.id)?.outlets,
  )
    .slice(0, n)
    .map((r) => ({ ...summaries.get(r.story.id)!, score: r.score }));
}

/** The latest of some ISO 8601 UTC times (they sort as strings); '' for none. */
export function latestTime(times: Iterable<string>): string {
  let m = '';
  for (const t of times) if (t > m) m = t;
  return m;
}

// Cursors: opaque to clients (base64url JSON), checked on the way back in.

const ArticleCursorSchema = z.object({
  published: z.string().min(1).max(64),
  id: z.string().min(1).max(512),
});
const StoryCursorSchema = z.object({ lastUpdate: z.string().min(1).max(64), id: z.string().min(1).max(512) });

export function encodeCursor(c: ArticleCursor | StoryCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decode<T>(schema: z.ZodType<T>, s: string | undefined): T | undefined | null {
  if (!s) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** undefined: no cursor; null: a bad one. */
export const decodeArticleCursor = (s: string | undefined) => decode(ArticleCursorSchema, s);
export const decodeStoryCursor = (s: string | undefined) => decode(StoryCursorSchema, s);

const utf8 = new TextEncoder();

/**
 * Send a JSX page with its doctype, as bytes: the response cache keeps bytes, and reading a string body
 * back out of a `Response` costs several times what encoding it here does (≈0.15 ms a page).
 */
export async function render(c: Context, node: JSX.Element, status: 200 | 404 | 400 | 403 | 500 = 200) {
  c.header('vary', 'Cookie');
  const body = utf8.encode(`<!doctype html>${await node}`);
  return c.body(body, status, { 'content-type': 'text/html; charset=UTF-8' });
}

export interface TimelineEntry {
  original: StoredArticle;
  copies: StoredArticle[];
}

/** Originals oldest first, each with the copies of it that belong to the story. */
export function timelineOf(articles: readonly StoredArticle[]): TimelineEntry[] {
  const entries = new Map<string, TimelineEntry>();
  const orphans: StoredArticle[] = [];
  for (const a of articles) {
    if (!a.placement?.duplicateOf) entries.set(a.article.id, { original: a, copies: [] });
  }
  for (const a of articles) {
    const of = a.placement?.duplicateOf;
    if (!of) continue;
    const e = entries.get(of);
    if (e) e.copies.push(a);
    else orphans.push(a); // its original sits in another story: show it as a report of its own
  }
  for (const a of orphans) entries.set(a.article.id, { original: a, copies: [] });
  return [...entries.values()].sort(
    (x, y) =>
      (x.original.sortTime < y.original.sortTime ? -1 : x.original.sortTime > y.original.sortTime ? 1 : 0) ||
      (x.original.article.id < y.original.article.id ? -1 : 1),
  );
}

/** Pages read while looking for originals; a stretch of copies longer than this ends the page early. */
const ORIGINALS_SCAN_PAGES = 5;

/**
 * Newest articles that are not copies. Reads plain pages and drops copies here rather than asking the
 * store for `excludeCopies`: SQLite plans that filter on the `duplicate_of` index and sorts the whole table
 * (~200 ms on the demo corpus), while the plain newest-first read walks the time index.
 */
export async function listOriginals(
  ctx: WebCtx,
  query: Omit<ArticleListQuery, 'excludeCopies'>,
): Promise<Page<StoredArticle, ArticleCursor>> {
  const items: StoredArticle[] = [];
  let before = query.before;
  for (let i = 0; i < ORIGINALS_SCAN_PAGES; i++) {
    const page = await ctx.store.listArticles({
      ...query,
      limit: query.limit * 2,
      ...(before ? { before } : {}),
    });
    for (const a of page.items) {
      if (a.placement?.duplicateOf) continue;
      items.push(a);
      if (items.length === query.limit) {
        const more = a !== page.items[page.items.length - 1] || page.next !== null;
        return { items, next: more ? { published: a.sortTime, id: a.article.id } : null };
      }
    }
    if (!page.next) return { items, next: null };
    before = page.next;
  }
  const last = items[items.length - 1];
  return { items, next: before ?? (last ? { published: last.sortTime, id: last.article.id } : null) };
}
