/**
 * XML sitemaps (sitemaps.org 0.9), sitemap indexes, and their Google News / image / video extensions.
 * Namespace prefixes are dropped, so `<news:title>` and `<n:title>` read the same.
 */
import { XMLParser } from 'fast-xml-parser';
import type { FeedEntry } from '../../model.ts';
import { decodeEntities, htmlToText, resolveHttpUrl, toIsoDate } from './text.ts';

const ALWAYS_ARRAY = new Set(['url', 'sitemap', 'image', 'video']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  // Entities are decoded per value below, only where an `&` occurs: much faster on 50,000-URL sitemaps.
  processEntities: false,
  isArray: (name) => ALWAYS_ARRAY.has(name),
});

type Node = Record<string, unknown>;

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return decodeEntities(v).trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return str((v as Node)['#text']);
  return undefined;
}

function obj(v: unknown): Node | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
}

/** Sitemaps must list absolute URLs; root-relative ones are forgiven, anything else is not a location. */
function loc(v: unknown, base: string): string | undefined {
  const s = str(v);
  return s && /^(https?:\/\/|\/)/i.test(s) ? resolveHttpUrl(s, base) : undefined;
}

function arr(v: unknown): Node[] {
  return Array.isArray(v) ? v.filter((x): x is Node => !!obj(x)) : [];
}

export interface SitemapResult {
  title?: string;
  language?: string;
  entries: FeedEntry[];
  sitemaps?: string[];
}

/** `xml` must already be well-formed (see checkXml); `root` is `urlset` or `sitemapindex`. */
export function parseSitemapXml(xml: string, url: string): SitemapResult {
  const doc = parser.parse(xml) as Node;
  const index = obj(doc.sitemapindex);
  if (index) {
    const sitemaps = arr(index.sitemap)
      .map((s) => loc(s.loc, url))
      .filter((u): u is string => !!u);
    return { entries: [], sitemaps };
  }
  const urlset = obj(doc.urlset);
  let title: string | undefined;
  let language: string | undefined;
  const entries: FeedEntry[] = [];
  for (const u of arr(urlset?.url)) {
    const page = loc(u.loc, url);
    if (!page) continue;
    const news = obj(u.news);
    const publication = obj(news?.publication);
    title ??= str(publication?.name);
    language ??= str(publication?.language);
    const video = arr(u.video)[0];
    const entry: FeedEntry = { url: page };
    const t = htmlToText(str(news?.title)) ?? htmlToText(str(video?.title));
    if (t) entry.title = t;
    // Only Google News sitemaps say when a story came out; `lastmod` is the last edit, used when nothing better exists.
    const updated = toIsoDate(str(u.lastmod));
    const published = toIsoDate(str(news?.publication_date)) ?? updated;
    if (published) entry.published = published;
    if (updated) entry.updated = updated;
    const image = loc(arr(u.image)[0]?.loc, url) ?? loc(video?.thumbnail_loc, url);
    if (image) entry.image = image;
    const keywords = str(news?.keywords)
      ?.split(/[,،]/)
      .map((k) => k.trim())
      .filter(Boolean);
    if (keywords?.length) entry.categories = [...new Set(keywords)];
    entries.push(entry);
  }
  return { title: htmlToText(title), language, entries };
}
