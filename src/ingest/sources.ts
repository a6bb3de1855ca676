/**
 * Managing the sources naba follows: add one from a feed or a page URL (feed autodiscovery), import and
 * export OPML. Every fetch goes through the fetcher, so user-given URLs meet its address guard: private
 * and loopback addresses are refused unless the operator allowed them (`NABA_ALLOW_PRIVATE`).
 */
import type { Source } from '../model.ts';
import type { Store } from '../store/store.ts';
import { discoverFeeds, guessFeedUrls } from './discover.ts';
import { FeedError, type ParsedFeed, parseFeed } from './feeds/index.ts';
import { decodeEntities } from './feeds/text.ts';
import { FetchError, type Fetcher, parseRobots } from './fetch/index.ts';
import { parseOpml, toOpml } from './opml.ts';
import { canonicalizeUrl } from './url.ts';

export interface AddSourceOptions {
  id?: string;
  name?: string;
  language?: string;
}

/** How the feeds were found: the URL was a feed, the page announced them, robots.txt listed sitemaps, or a usual path answered. */
export type Discovery = 'feed' | 'page' | 'robots' | 'guess';

export interface AddSourceResult {
  source: Source;
  discovery: Discovery;
  /** False when a source with this id existed; its feeds were merged. */
  created: boolean;
}

const ACCEPT_ANY =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';
/** Announced feeds checked per page; some pages announce one feed per section. */
const MAX_ANNOUNCED = 12;

/** A source id from a host name: `www.okaz.com.sa` → `okaz-com-sa`. */
export function sourceIdFor(url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    host = url;
  }
  const id = host
    .toLowerCase()
    .replace(/^www\d?\./, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id || 'source';
}

function pageTitle(html: string): string | undefined {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html.slice(0, 64 * 1024));
  const t = m
    ? decodeEntities(m[1]!.replace(/<[^>]*>/g, ' '))
        .replace(/\s+/g, ' ')
        .trim()
    : '';
  return t || undefined;
}

interface FeedCheck {
  url: string;
  feed?: ParsedFeed;
}

/** Fetches and parses a feed; null when it is not a usable feed (an empty one counts as usable). */
async function checkFeed(fetcher: Fetcher, url: string, signal?: AbortSignal): Promise<FeedCheck | null> {
  try {
    const res = await fetcher.fetch({ url, kind: 'feed' }, signal);
    if (res.status !== 'ok') return { url };
    try {
      return { url: res.url, feed: parseFeed(res.body, res.url) };
    } catch (error) {
      return error instanceof FeedError && error.code === 'empty' ? { url: res.url } : null;
    }
  } catch (error) {
    // The guard's refusal is the user's answer, not a reason to try elsewhere.
    if (error instanceof FetchError && error.code === 'blocked-address') throw error;
    return null;
  }
}

async function verified(fetcher: Fetcher, urls: string[], signal?: AbortSignal): Promise<FeedCheck[]> {
  const out: FeedCheck[] = [];
  for (const url of urls.slice(0, MAX_ANNOUNCED)) {
    const check = await checkFeed(fetcher, url, signal);
    if (check) out.push(check);
  }
  return out;
}

/** Finds the feeds behind `url` (a feed, or a page that announces feeds) without storing anything. */
export async function discoverSource(
  fetcher: Fetcher,
  url: string,
  signal?: AbortSignal,
): Promise<{ feeds: FeedCheck[]; discovery: Discovery; pageUrl: string; title?: string }> {
  const res = await fetcher.fetch({ url, kind: 'other', accept: ACCEPT_ANY }, signal);
  if (res.status !== 'ok') throw new Error(`sources: no content at ${url}`);
  try {
    const feed = parseFeed(res.body, res.url);
    return { feeds: [{ url: res.url, feed }], discovery: 'feed', pageUrl: res.url, title: feed.title };
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    if (error.code === 'empty') return { feeds: [{ url: res.url }], discovery: 'feed', pageUrl: res.url };
    if (error.code === 'malformed') throw error;
  }
  const title = pageTitle(res.body);
  const base = { pageUrl: res.url, ...(title ? { title } : {}) };
  const announced = discoverFeeds(res.body, res.url).map((f) => f.url);
  if (announced.length > 0) {
    const feeds = await verified(fetcher, announced, signal);
    if (feeds.length > 0) return { feeds, discovery: 'page', ...base };
  }
  try {
    const robotsUrl = new URL('/robots.txt', res.url).href;
    const robots = await fetcher.fetch({ url: robotsUrl, kind: 'robots' }, signal);
    if (robots.status === 'ok') {
      const feeds = await verified(fetcher, parseRobots(robots.body).sitemaps, signal);
      if (feeds.length > 0) return { feeds, discovery: 'robots', ...base };
    }
  } catch (error) {
    if (error instanceof FetchError && error.code === 'blocked-address') throw error;
  }
  for (const guess of guessFeedUrls(res.url)) {
    const check = await checkFeed(fetcher, guess, signal);
    if (check?.feed) return { feeds: [check], discovery: 'guess', ...base };
  }
  throw new Error(`sources: found no feed at ${url} (the page announces none, robots.txt lists no sitemap)`);
}

/**
 * Adds a source from a feed URL or from a page that announces its feeds (`<link rel="alternate">`), else
 * the sitemaps robots.txt lists, else a usual feed path. A source with the same id gets the feeds merged.
 */
export async function addSource(
  deps: { store: Store; fetcher: Fetcher },
  url: string,
  opts: AddSourceOptions = {},
  signal?: AbortSignal,
): Promise<AddSourceResult> {
  const found = await discoverSource(deps.fetcher, url, signal);
  const feeds = [...new Set(found.feeds.map((f) => f.url))];
  const first = found.feeds.find((f) => f.feed)?.feed;
  const id = opts.id ?? sourceIdFor(found.pageUrl);
  await refuseTakenFeeds(deps.store, feeds, id);
  const existing = await deps.store.getSource(id);
  const siteUrl =
    found.discovery === 'feed' ? (first?.siteUrl ?? new URL('/', found.pageUrl).href) : found.pageUrl;
  const source: Source = {
    id,
    name: opts.name ?? existing?.name ?? (found.discovery === 'feed' ? first?.title : found.title) ?? id,
    siteUrl: existing?.siteUrl || siteUrl,
    feeds: [...new Set([...(existing?.feeds ?? []), ...feeds])],
    language: opts.language ?? existing?.language ?? first?.language?.slice(0, 2) ?? 'ar',
    paused: existing?.paused ?? false,
  };
  await deps.store.upsertSource(source);
  return { source, discovery: found.discovery, created: existing === null };
}

async function refuseTakenFeeds(store: Store, feeds: string[], id: string): Promise<void> {
  const wanted = new Set(feeds.map((f) => canonicalizeUrl(f)));
  for (const other of await store.listSources()) {
    if (other.id === id) continue;
    const taken = other.feeds.find((f) => wanted.has(canonicalizeUrl(f)));
    if (taken) throw new Error(`sources: ${taken} is already a feed of source "${other.id}"`);
  }
}

export interface ImportResult {
  added: Source[];
  /** Feeds already followed by some source. */
  skipped: number;
}

/**
 * Adds the subscriptions of an OPML document. Outlines with the same name and site become one source
 * with several feeds (that is how `exportOpml` writes them); feeds already followed are skipped.
 * Nothing is fetched here; the crawler's fetcher vets every address when it runs.
 */
export async function importOpml(store: Store, xml: string): Promise<ImportResult> {
  const { sources: outlines } = parseOpml(xml);
  const existing = await store.listSources();
  const followed = new Set(existing.flatMap((s) => s.feeds.map((f) => canonicalizeUrl(f))));
  const ids = new Set(existing.map((s) => s.id));
  const groups = new Map<string, Source>();
  let skipped = 0;
  for (const o of outlines) {
    const key = canonicalizeUrl(o.feedUrl);
    if (followed.has(key)) {
      skipped++;
      continue;
    }
    followed.add(key);
    const groupKey = `${o.name}\u0000${o.siteUrl ?? ''}`;
    const group = groups.get(groupKey);
    if (group) {
      group.feeds.push(o.feedUrl);
      continue;
    }
    const base = sourceIdFor(o.siteUrl ?? o.feedUrl);
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    groups.set(groupKey, {
      id,
      name: o.name,
      siteUrl: o.siteUrl ?? new URL('/', o.feedUrl).href,
      feeds: [o.feedUrl],
      language: o.language ?? 'ar',
      paused: false,
    });
  }
  const added = [...groups.values()];
  for (const source of added) await store.upsertSource(source);
  return { added, skipped };
}

/** OPML 2.0 of every source, paused ones included. */
export async function exportOpml(store: Store, title = 'naba sources'): Promise<string> {
  return toOpml(await store.listSources(), title);
}
