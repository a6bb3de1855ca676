/**
 * One entry point for everything a source can hand us as a list of articles: RSS 0.9x/2.0, RSS 1.0 (RDF),
 * Atom, JSON Feed, XML sitemaps and sitemap indexes. The body is already decoded text; what it is gets
 * decided from its first element, never from the Content-Type header or the XML declaration.
 */
import { parseAtomFeed, parseJsonFeed, parseRdfFeed, parseRssFeed } from 'feedsmith';
import type { FeedEntry } from '../../model.ts';
import { discoverFeeds } from '../discover.ts';
import { canonicalizeUrl } from '../url.ts';
import { FeedError } from './errors.ts';
import { parseSitemapXml } from './sitemap.ts';
import { type FeedHead, fromAtom, fromJson, fromRdf, fromRss } from './syndication.ts';
import { checkXml, sniff } from './xml.ts';

export { FeedError, type FeedErrorCode } from './errors.ts';

export type FeedKind = 'rss' | 'atom' | 'rdf' | 'json' | 'sitemap' | 'sitemap-index';

export interface ParsedFeed {
  kind: FeedKind;
  title?: string;
  siteUrl?: string;
  language?: string;
  /** At least one entry, unless `kind` is `sitemap-index`; one per canonical URL, in feed order. */
  entries: FeedEntry[];
  /** Child sitemaps of a sitemap index, absolute. */
  sitemaps?: string[];
  /** The body was cut off; `entries` are the items that arrived complete. */
  partial?: boolean;
}

const ROOTS = new Map<string, { kind: FeedKind; itemTag: string }>([
  ['rss', { kind: 'rss', itemTag: 'item' }],
  ['rdf', { kind: 'rdf', itemTag: 'item' }],
  ['feed', { kind: 'atom', itemTag: 'entry' }],
  ['urlset', { kind: 'sitemap', itemTag: 'url' }],
  ['sitemapindex', { kind: 'sitemap-index', itemTag: 'sitemap' }],
]);

const FEED_ROOT = /<(?:[A-Za-z_][\w.-]*:)?(?:rss|RDF|feed|urlset|sitemapindex)[\s>/]/;
const JUNK_SCAN = 64 * 1024;
// C0 controls are not allowed in XML 1.0; Windows-made Arabic feeds carry them (vertical tab, SUB) anyway.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/**
 * Parse a feed or sitemap body fetched from `url` (used to resolve relative links and in errors).
 * Entries get absolute http(s) URLs, ISO dates (`published` falls back to `updated`), plain-text title
 * and summary, and are deduplicated by canonical URL (first occurrence wins). A truncated XML body that
 * still holds complete items returns those with `partial: true`.
 * Throws FeedError: `empty` (no body, or no item with a usable link), `unsupported` (HTML page, OPML,
 * unknown format; the message says what it got), `malformed` (broken XML or JSON).
 */
export function parseFeed(body: string, url: string): ParsedFeed {
  let s = sniff(body);
  if (s.kind === 'other' || (s.kind === 'xml' && !ROOTS.has(s.root) && s.root !== 'opml')) {
    // PHP warnings and similar debris printed before the feed: start at the feed's own root element.
    const text = s.kind === 'xml' ? s.text : body;
    const at = text.slice(0, JUNK_SCAN).search(FEED_ROOT);
    if (at > 0) s = sniff(text.slice(at));
  }
  switch (s.kind) {
    case 'empty':
      throw new FeedError('empty', url, 'empty response body, no feed');
    case 'html':
      throw new FeedError('unsupported', url, `got an HTML page, not a feed; ${htmlHint(body, url)}`);
    case 'other':
      throw new FeedError('unsupported', url, `not XML or JSON (starts with ${JSON.stringify(s.start)})`);
    case 'json':
      return finish('json', parseJson(s.text, url), url, false);
    case 'xml':
      return parseXml(s.root, s.text.replace(XML_FORBIDDEN, ''), url);
  }
}

function parseXml(root: string, text: string, url: string): ParsedFeed {
  if (root === 'opml') {
    throw new FeedError(
      'unsupported',
      url,
      'got an OPML subscription list, not a feed; import it with parseOpml',
    );
  }
  const known = ROOTS.get(root);
  if (!known) {
    throw new FeedError(
      'unsupported',
      url,
      `unknown XML document <${root}>; expected rss, rdf:RDF, feed, urlset or sitemapindex`,
    );
  }
  const checked = checkXml(text, known.itemTag);
  if (!checked.ok) throw new FeedError('malformed', url, checked.error);
  const { xml, partial } = checked;
  if (known.kind === 'sitemap' || known.kind === 'sitemap-index') {
    const r = parseSitemapXml(xml, url);
    if (known.kind === 'sitemap-index') {
      if (!r.sitemaps?.length) throw new FeedError('empty', url, 'sitemap index lists no sitemaps');
      return {
        kind: 'sitemap-index',
        entries: [],
        sitemaps: [...new Set(r.sitemaps)],
        ...(partial ? { partial } : {}),
      };
    }
    return finish('sitemap', { title: r.title, language: r.language, entries: r.entries }, url, partial);
  }
  let head: FeedHead;
  try {
    if (known.kind === 'rss') head = fromRss(parseRssFeed(xml), url);
    else if (known.kind === 'rdf') head = fromRdf(parseRdfFeed(xml), url);
    else head = fromAtom(parseAtomFeed(xml), url);
  } catch (e) {
    throw new FeedError(
      'malformed',
      url,
      `not a valid ${known.kind.toUpperCase()} feed (${(e as Error).message})`,
      {
        cause: e,
      },
    );
  }
  return finish(known.kind, head, url, partial);
}

function parseJson(text: string, url: string): FeedHead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FeedError('malformed', url, `malformed JSON: ${(e as Error).message}`, { cause: e });
  }
  try {
    return fromJson(parseJsonFeed(json), url);
  } catch (e) {
    throw new FeedError(
      'unsupported',
      url,
      'JSON that is not a JSON Feed (no jsonfeed.org version, title or items)',
      {
        cause: e,
      },
    );
  }
}

function finish(kind: FeedKind, head: FeedHead, url: string, partial: boolean): ParsedFeed {
  const entries: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const e of head.entries) {
    if (!e.url) continue;
    let key: string;
    try {
      // Looser than the canonical URL: within one feed, http/https and www/bare are the same page.
      key = canonicalizeUrl(e.url).replace(/^https?:\/\/(www\.)?/, '');
    } catch {
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(e);
  }
  if (entries.length === 0) {
    const n = head.entries.length;
    throw new FeedError(
      'empty',
      url,
      n === 0
        ? `${kind} feed has no items`
        : `${kind} feed has ${n} items but none with a usable http(s) link`,
    );
  }
  const out: ParsedFeed = { kind, entries };
  if (head.title) out.title = head.title;
  if (head.siteUrl) out.siteUrl = head.siteUrl;
  if (head.language) out.language = head.language;
  if (partial) out.partial = true;
  return out;
}

function htmlHint(body: string, url: string): string {
  let feeds: string[] = [];
  try {
    feeds = discoverFeeds(body, url).map((f) => f.url);
  } catch {
    // the hint is a courtesy; a page linkedom cannot read just gets no hint
  }
  return feeds.length
    ? `the page announces ${feeds.length === 1 ? 'a feed' : 'feeds'}: ${feeds.slice(0, 3).join(', ')}`
    : 'it announces no feed (try discoverFeeds on the home page, or the site sitemap)';
}
