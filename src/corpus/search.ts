/**
 * Full-text search over the store: parse the query with the indexing analyzer, take candidates from the
 * store's BM25 index (title ×3), rerank them with a bounded recency boost, and cut a snippet of the
 * publisher's own text with the matches highlighted. Why the ranking is bounded: see `combinedScore`.
 */
import type {
  SearchHit,
  SearchQuery,
  Store,
  StoredArticle,
  SearchFilters as StoreFilters,
} from '../store/store.ts';
import { parseTime } from '../store/time.ts';
import { analyze } from '../text/analyzer.ts';
import { normalize } from '../text/normalize.ts';
import { type ParsedQuery, parseQuery, positiveStems, type QueryFilters } from './search-query.ts';
import {
  containsSequence,
  type Highlighted,
  highlightAll,
  type MatchSpec,
  type Range,
  SNIPPET_CHARS,
  snippet,
  termSequence,
} from './search-snippet.ts';

export type SearchFilters = QueryFilters;

export interface SearchOptions {
  /** Override the filters written in the query (`source:` …). Dates: ISO 8601, a bare day is inclusive. */
  filters?: SearchFilters;
  /** Results per page, 1–100 (default 10). */
  limit?: number;
  /** `next` of the previous page. */
  cursor?: string;
  /** Reference time of the recency boost (default: now); kept in the cursor so pages agree. */
  now?: Date;
  /** Also return articles placed as copies of another (default: only originals). */
  includeCopies?: boolean;
  /** Snippet width in characters (default 220). */
  snippetChars?: number;
}

export interface SearchItem {
  id: string;
  title: string;
  sourceId: string;
  url: string;
  /** As the article gave it, else the time it is ordered by. */
  published: string;
  /** Higher is better; comparable within one query only. */
  score: number;
  snippet: Highlighted;
  /** Matches in the title, in the title's coordinates. */
  titleHighlights: Range[];
}

export interface SearchResult {
  /** Number of results, when the candidate scan saw them all. */
  total?: number;
  items: SearchItem[];
  /** Cursor of the next page. */
  next?: string;
  /** The query was longer than the limits and was cut. */
  truncated?: boolean;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
/** Candidates reranked per query (best by BM25); also the deepest result reachable by paging. */
export const POOL = 100;
/** With post-filters (phrases beside other words, exclusions, tag, entity), scan this deep for the pool. */
const MAX_SCAN = 2000;
/** Best matches from the last RECENT_WINDOW, added to the pool so fresh news can compete at all. */
const RECENT_POOL = 30;
/** Id sets of secondary constraints (phrases, exclusions) are read this far; page items are re-checked. */
const SET_CAP = 10_000;

const DAY_MS = 86_400_000;
/** Recency: a match loses half its boost every HALF_LIFE (news interest decays in days, not hours). */
export const HALF_LIFE_MS = 3 * DAY_MS;
/** A brand-new article's score is multiplied by at most 1 + RECENCY_BOOST. */
export const RECENCY_BOOST = 0.5;
// Ten half-lives: the boost left after that is under 0.1 %, so older articles need no recent pool.
const RECENT_WINDOW_MS = 10 * HALF_LIFE_MS;

/** A hit with the article's ordering time, for stores that return it (then the pool is not loaded). */
type TimedHit = SearchHit & { sortTime?: string };
/** `sortMs` is NaN until the article's time is known (from the hit or by loading the article). */
type Candidate = { id: string; bm25: number; sortMs: number; article?: StoredArticle };

/** How candidates are asked from the store and checked. */
interface Plan {
  main: Omit<SearchQuery, 'limit' | 'filters'>;
  /** Id sets every candidate must be in (phrases beside other words). */
  required: Set<string>[];
  banned: Set<string>;
  tag?: string;
  entity?: string;
}

/** Multiplier for an article of age `ageMs`: 1 + RECENCY_BOOST for a new one, tending to 1 for old ones. */
export function recencyFactor(ageMs: number): number {
  // A date in the future (a bad feed) counts as new, never as more than new.
  return 1 + RECENCY_BOOST * 0.5 ** (Math.max(0, ageMs) / HALF_LIFE_MS);
}

/**
 * The final score: BM25 relative to the best candidate (0–1], times the recency factor. Bounded: an
 * article can gain at most 1.5×, so a perfect match of any age beats a new one that matches less than
 * two thirds as well, while near-equal matches are ordered newest first.
 */
export function combinedScore(bm25: number, bestBm25: number, ageMs: number): number {
  const relevance = bestBm25 > 0 ? bm25 / bestBm25 : 0;
  return relevance * recencyFactor(ageMs);
}

function encodeCursor(offset: number, nowMs: number): string {
  return Buffer.from(JSON.stringify({ o: offset, n: nowMs })).toString('base64url');
}

function decodeCursor(cursor: string): { offset: number; nowMs: number } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; n?: unknown };
    if (Number.isInteger(v.o) && (v.o as number) >= 0 && Number.isFinite(v.n)) {
      return { offset: v.o as number, nowMs: v.n as number };
    }
  } catch {
    // fall through to the error below
  }
  throw new Error(`search: bad cursor ${JSON.stringify(cursor.slice(0, 40))}`);
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date bound as a UTC ISO time; a bare day covers the whole day (from its start, to its end). */
function dateBound(value: string, field: 'from' | 'to'): string {
  const v = value.trim();
  const ms = DAY_ONLY.test(v)
    ? parseTime(`${v}T${field === 'from' ? '00:00:00.000' : '23:59:59.999'}Z`)
    : parseTime(v);
  if (ms === null)
    throw new Error(`search: ${field} is not a date (ISO 8601 expected): ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

function definedOnly(filters: SearchFilters | undefined): SearchFilters {
  const out: SearchFilters = {};
  for (const [k, v] of Object.entries(filters ?? {})) {
    if (typeof v === 'string' && v.trim() !== '') out[k as keyof SearchFilters] = v.trim();
  }
  return out;
}

function hasTag(article: StoredArticle, tag: string): boolean {
  const want = normalize(tag);
  return (article.analysis?.tags ?? []).some((t) => normalize(t) === want);
}

function hasEntity(article: StoredArticle, entity: string): boolean {
  const want = normalize(entity);
  return (article.analysis?.entities ?? []).some(
    (e) =>
      e.key === entity || `${e.type}:${e.key}` === entity || normalize(e.text) === want || e.key === want,
  );
}

/** Phrases must be there and excluded units must not, in the title's or the body's term sequence. */
function verifies(q: ParsedQuery, titleSeq: string[], bodySeq: string[]): boolean {
  const has = (unit: string[]) =>
    unit.length === 1
      ? titleSeq.includes(unit[0]!) || bodySeq.includes(unit[0]!)
      : containsSequence(titleSeq, unit) || containsSequence(bodySeq, unit);
  return q.phrases.every(has) && !q.excluded.some(has);
}

/**
 * The best `want` candidates in BM25 order that pass the plan's checks. Without post-filters that is one
 * read of `want` hits; with them, one more read down to MAX_SCAN. `exhausted` when no hit was left unseen.
 */
async function collect(
  store: Store,
  plan: Plan,
  filters: StoreFilters,
  want: number,
): Promise<{ found: Candidate[]; exhausted: boolean }> {
  const postFiltered = plan.required.length > 0 || plan.banned.size > 0 || !!plan.tag || !!plan.entity;
  const found: Candidate[] = [];
  let scanned = 0;
  let exhausted = false;
  let cutShort = false;
  while (found.length < want && !exhausted && scanned < MAX_SCAN) {
    const size = scanned === 0 ? want : MAX_SCAN - scanned;
    const hits: TimedHit[] = await store.searchTerms({ ...plan.main, filters, limit: size, offset: scanned });
    scanned += size;
    exhausted = hits.length < size;
    const kept = hits.filter((h) => !plan.banned.has(h.id) && plan.required.every((set) => set.has(h.id)));
    // Only tag and entity checks need the article now; times are loaded later, for those that need one.
    const load = !!plan.tag || !!plan.entity;
    const byId = new Map(
      load ? (await store.getArticlesByIds(kept.map((h) => h.id))).map((a) => [a.article.id, a]) : [],
    );
    for (const hit of kept) {
      const article = byId.get(hit.id);
      if (load && !article) continue;
      if (plan.tag && !hasTag(article!, plan.tag)) continue;
      if (plan.entity && !hasEntity(article!, plan.entity)) continue;
      if (found.length === want) {
        cutShort = true;
        break;
      }
      const time = article?.sortTime ?? hit.sortTime;
      const sortMs = time === undefined ? Number.NaN : Date.parse(time);
      found.push({ id: hit.id, bm25: hit.score, sortMs, article });
    }
    if (!postFiltered) break;
  }
  return { found, exhausted: exhausted && !cutShort };
}

/** Load the articles (and so the times) of the candidates at or above `threshold` that have no time yet. */
async function withTimes(store: Store, candidates: Candidate[], threshold: number): Promise<void> {
  const need = candidates.filter((c) => Number.isNaN(c.sortMs) && c.bm25 >= threshold);
  if (need.length === 0) return;
  const byId = new Map((await store.getArticlesByIds(need.map((c) => c.id))).map((a) => [a.article.id, a]));
  for (const c of need) {
    const stored = byId.get(c.id);
    if (!stored) continue;
    c.article = stored;
    c.sortMs = Date.parse(stored.sortTime);
  }
}

function storeFiltersOf(filters: SearchFilters, includeCopies: boolean): StoreFilters {
  const out: StoreFilters = { excludeCopies: !includeCopies };
  if (filters.source) out.sourceId = filters.source;
  if (filters.section) out.section = filters.section;
  if (filters.from) out.from = dateBound(filters.from, 'from');
  if (filters.to) out.to = dateBound(filters.to, 'to');
  return out;
}

/**
 * One phrase alone is asked as a phrase (exact, and ranked as one); anything else as an AND of every
 * positive stem, with the phrases and exclusions turned into id sets.
 */
async function planOf(
  store: Store,
  q: ParsedQuery,
  filters: SearchFilters,
  storeFilters: StoreFilters,
): Promise<Plan> {
  const stems = positiveStems(q);
  const single = q.phrases.length === 1 && q.words.length === 0;
  const ids = async (terms: string[], phrase: boolean) =>
    new Set(
      (await store.searchTerms({ terms, phrase, match: 'all', filters: storeFilters, limit: SET_CAP })).map(
        (h) => h.id,
      ),
    );
  const required: Set<string>[] = [];
  for (const phrase of single ? [] : q.phrases) required.push(await ids(phrase, true));
  const banned = new Set<string>();
  for (const unit of q.excluded) {
    // A word: only the articles that also match the rest of the query matter, a much smaller set.
    const set = unit.length === 1 ? await ids([...stems, unit[0]!], false) : await ids(unit, true);
    for (const id of set) banned.add(id);
  }
  return {
    main: single ? { terms: q.phrases[0]!, phrase: true } : { terms: stems, match: 'all' },
    required,
    banned,
    tag: filters.tag,
    entity: filters.entity,
  };
}

/** Search the store. Bad filters, limits or cursors throw `search: …`; an unsearchable query gives no items. */
export async function search(store: Store, query: string, opts: SearchOptions = {}): Promise<SearchResult> {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new Error(`search: limit must be an integer from 1 to ${MAX_LIMIT}, got ${opts.limit}`);
  }
  const { offset, nowMs } = opts.cursor
    ? decodeCursor(opts.cursor)
    : { offset: 0, nowMs: (opts.now ?? new Date()).getTime() };
  const q = parseQuery(query);
  const filters = { ...q.filters, ...definedOnly(opts.filters) };
  const truncated = q.truncated ? { truncated: true } : {};
  const stems = positiveStems(q);
  const storeFilters = storeFiltersOf(filters, !!opts.includeCopies);
  if (stems.length === 0 || (storeFilters.from && storeFilters.to && storeFilters.from > storeFilters.to)) {
    return { total: 0, items: [], ...truncated };
  }
  const plan = await planOf(store, q, filters, storeFilters);

  const { found, exhausted } = await collect(store, plan, storeFilters, POOL);
  const pool = new Map(found.map((c) => [c.id, c]));
  // The boost is at most 1 + RECENCY_BOOST, so a candidate whose BM25 is below the k-th best divided by
  // that can never reach the first k places (k = the end of this page): its time is never needed.
  const scores = found.map((c) => c.bm25).sort((a, b) => b - a);
  const end = offset + limit;
  const threshold = scores.length > end ? scores[end - 1]! / (1 + RECENCY_BOOST) : 0;
  await withTimes(store, found, threshold);
  const recentFromMs = nowMs - RECENT_WINDOW_MS;
  const recentFrom = new Date(recentFromMs).toISOString();
  // Recent articles outside the pool score at most its lowest BM25, so they matter only when that is above
  // the threshold (then every pool member has its time). The pool holds the best matches overall, so the
  // recent ones in it are the best recent matches: with RECENT_POOL of them, the read could add nothing.
  const recentNeeded =
    !exhausted &&
    (scores.at(-1) ?? 0) >= threshold &&
    found.filter((c) => c.sortMs >= recentFromMs).length < RECENT_POOL &&
    (!storeFilters.from || storeFilters.from < recentFrom) &&
    (!storeFilters.to || storeFilters.to >= recentFrom);
  // One indexed row tells whether the store has anything recent at all (an archive, a replayed corpus).
  if (recentNeeded && ((await store.listArticles({ limit: 1 })).items[0]?.sortTime ?? '') >= recentFrom) {
    const recent = await collect(store, plan, { ...storeFilters, from: recentFrom }, RECENT_POOL);
    const added = recent.found.filter((c) => !pool.has(c.id));
    await withTimes(store, added, threshold);
    for (const c of added) pool.set(c.id, c);
  }

  const best = Math.max(0, ...[...pool.values()].map((c) => c.bm25));
  // Without a time a candidate gets its lower bound (no boost): it ranks after the page anyway.
  const ranked = [...pool.values()]
    .map((c) => ({
      c,
      score: Number.isNaN(c.sortMs)
        ? combinedScore(c.bm25, best, Number.POSITIVE_INFINITY)
        : combinedScore(c.bm25, best, nowMs - c.sortMs),
    }))
    .sort((a, b) => b.score - a.score || (b.c.sortMs || 0) - (a.c.sortMs || 0) || (a.c.id < b.c.id ? -1 : 1));
  const page = ranked.slice(offset, offset + limit);
  const missing = page.filter((r) => !r.c.article).map((r) => r.c.id);
  const loaded = new Map((await store.getArticlesByIds(missing)).map((a) => [a.article.id, a]));

  const spec: MatchSpec = {
    // Phrase words are marked as whole phrases only; a lone وزير is not a hit of "وزير الخارجية".
    stems: new Set(q.words),
    phrases: q.phrases,
    withStopwords: q.stopwordsOnly,
  };
  const width = opts.snippetChars ?? SNIPPET_CHARS;
  const items: SearchItem[] = [];
  for (const { c, score } of page) {
    const stored = c.article ?? loaded.get(c.id);
    if (!stored) continue;
    const { article } = stored;
    const titleTokens = analyze(article.title);
    const bodyTokens = analyze(article.text);
    // The id sets stop at SET_CAP; what is shown is checked against its own text.
    const titleSeq = termSequence(titleTokens, q.stopwordsOnly);
    const bodySeq = termSequence(bodyTokens, q.stopwordsOnly);
    if (!verifies(q, titleSeq, bodySeq)) continue;
    items.push({
      id: article.id,
      title: article.title,
      sourceId: article.sourceId,
      url: article.url,
      published: article.published ?? stored.sortTime,
      score: Math.round(score * 10_000) / 10_000,
      snippet: snippet(article.text, spec, width, bodyTokens),
      titleHighlights: highlightAll(article.title, spec, titleTokens).highlights,
    });
  }
  const result: SearchResult = { items, ...truncated };
  if (exhausted) result.total = ranked.length;
  if (offset + limit < ranked.length) result.next = encodeCursor(offset + limit, nowMs);
  return result;
}
