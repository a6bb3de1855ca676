import { parseHTML } from 'linkedom';

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
  // older CMSs announce RSS as plain XML
  'text/xml',
  'application/xml',
]);

// WordPress puts `rel="alternate" type="application/json"` on every page for its REST API and oEmbed:
// JSON, alternate, but not a feed.
const NOT_A_FEED = /\/wp-json\/|[?&/]oembed\b/i;
const COMMENTS = /comments?\b|تعليقات/i;

export interface DiscoveredFeed {
  url: string;
  type: string;
  title?: string;
}

/**
 * Feeds a page announces with `<link rel="alternate" type="application/rss+xml|atom+xml|rdf+xml|
 * feed+json|json">` (or `text/xml`, `application/xml`), resolved against the page's `<base href>` (itself resolved against `pageUrl`) and
 * `pageUrl`, in page order with comment feeds last, without duplicates. Nothing is fetched; for pages that
 * announce nothing, `guessFeedUrls` lists the usual places to try.
 */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  if (!html.trim()) return [];
  const { document } = parseHTML(html);
  const baseHref = document.querySelector('base[href]')?.getAttribute('href');
  let base = pageUrl;
  if (baseHref) {
    try {
      base = new URL(baseHref.trim(), pageUrl).href;
    } catch {
      // an unusable <base> is ignored, as browsers do
    }
  }
  const found: (DiscoveredFeed & { comments: boolean })[] = [];
  const seen = new Set<string>();
  for (const link of document.querySelectorAll('link[rel][href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('alternate')) continue;
    const type = (link.getAttribute('type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!FEED_TYPES.has(type)) continue;
    const href = (link.getAttribute('href') ?? '').trim();
    if (!href || NOT_A_FEED.test(href)) continue;
    let url: string;
    try {
      const u = new URL(href, base);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
      u.hash = '';
      url = u.href;
    } catch {
      continue;
    }
    if (seen.has(url)) continue;
    seen.add(url);
    const title = link.getAttribute('title')?.replace(/\s+/g, ' ').trim() || undefined;
    const comments = /\/comments?\/feed\b/i.test(url) || (!!title && COMMENTS.test(title));
    found.push({ url, type, ...(title ? { title } : {}), comments });
  }
  const ordered = [...found.filter((f) => !f.comments), ...found.filter((f) => f.comments)];
  return ordered.map(({ comments: _c, ...f }) => f);
}

const GUESS_PATHS = ['/feed', '/rss', '/feed.xml', '/rss.xml', '/atom.xml', '/index.xml', '/feed.json'];

/** Where sites usually keep feeds they do not announce; for the caller to try (this module fetches nothing). */
export function guessFeedUrls(pageUrl: string): string[] {
  let origin: string;
  try {
    origin = new URL(pageUrl).origin;
  } catch {
    return [];
  }
  return GUESS_PATHS.map((p) => origin + p);
}
