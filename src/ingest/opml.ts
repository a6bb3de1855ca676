import { generateOpml, type Opml, parseOpml as parseOpmlDocument } from 'feedsmith';
import type { Source } from '../model.ts';
import { FeedError } from './feeds/errors.ts';
import { escapeHtml } from './feeds/text.ts';
import { checkXml, sniff } from './feeds/xml.ts';
import { canonicalizeUrl } from './url.ts';

export interface OpmlSource {
  name: string;
  feedUrl: string;
  siteUrl?: string;
  language?: string;
}

type Outline = Opml.Outline<string>;

/**
 * Subscriptions of an OPML 1.0/2.0 file: every outline with an `xmlUrl`, at any depth (folders are
 * flattened), named by `title`, then `text`, then the feed's host. Feeds listed twice (same canonical
 * URL) are kept once. Throws FeedError (stage `opml`) for an empty, malformed or non-OPML document.
 */
export function parseOpml(xml: string): { title?: string; sources: OpmlSource[] } {
  const s = sniff(xml);
  if (s.kind === 'empty') throw new FeedError('empty', '', 'empty document, no OPML', { stage: 'opml' });
  if (s.kind !== 'xml' || s.root !== 'opml') {
    const got = s.kind === 'xml' ? `<${s.root}>` : s.kind === 'other' ? 'text' : s.kind.toUpperCase();
    throw new FeedError('unsupported', '', `expected an <opml> document, got ${got}`, { stage: 'opml' });
  }
  const checked = checkXml(s.text, 'outline');
  if (!checked.ok || checked.partial) {
    const why = checked.ok ? 'document is cut off' : checked.error;
    throw new FeedError('malformed', '', why, { stage: 'opml' });
  }
  let doc: Opml.Document<string>;
  try {
    doc = parseOpmlDocument(checked.xml);
  } catch (e) {
    throw new FeedError('malformed', '', `not a valid OPML document (${(e as Error).message})`, {
      stage: 'opml',
      cause: e,
    });
  }
  const sources: OpmlSource[] = [];
  const seen = new Set<string>();
  const walk = (outlines: Outline[] | undefined): void => {
    for (const o of outlines ?? []) {
      const source = toSource(o);
      if (source) {
        const key = canonicalizeUrl(source.feedUrl);
        if (!seen.has(key)) {
          seen.add(key);
          sources.push(source);
        }
      }
      walk(o.outlines);
    }
  };
  walk(doc.body?.outlines);
  const title = doc.head?.title?.trim();
  return title ? { title, sources } : { sources };
}

function httpUrl(s: string | undefined): string | undefined {
  if (!s?.trim()) return undefined;
  try {
    const u = new URL(s.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function toSource(o: Outline): OpmlSource | undefined {
  const feedUrl = httpUrl(o.xmlUrl);
  if (!feedUrl) return undefined;
  const name = (o.title?.trim() || o.text?.trim() || new URL(feedUrl).hostname).replace(/\s+/g, ' ');
  const source: OpmlSource = { name, feedUrl };
  const siteUrl = httpUrl(o.htmlUrl);
  if (siteUrl) source.siteUrl = siteUrl;
  const language = o.language?.trim();
  if (language) source.language = language;
  return source;
}

/**
 * OPML 2.0 of the given sources: one `type="rss"` outline per feed (a source with three feeds gives three
 * outlines with the same name), so any reader can import it and `parseOpml` reads it back.
 */
export function toOpml(sources: Source[], title = 'naba sources'): string {
  const outlines: Outline[] = [];
  for (const s of sources) {
    for (const feedUrl of s.feeds) {
      outlines.push({
        text: s.name,
        title: s.name,
        type: 'rss',
        xmlUrl: feedUrl,
        ...(s.siteUrl ? { htmlUrl: s.siteUrl } : {}),
        ...(s.language ? { language: s.language } : {}),
      });
    }
  }
  if (outlines.length === 0) {
    // feedsmith refuses to write an OPML without outlines, but an empty subscription list is valid.
    return `<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n  <head>\n    <title>${escapeHtml(title)}</title>\n  </head>\n  <body/>\n</opml>\n`;
  }
  return generateOpml({ head: { title }, body: { outlines } });
}
