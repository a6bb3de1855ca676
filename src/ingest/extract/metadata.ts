/**
 * Page metadata from, in order of trust: JSON-LD (schema.org Article types, @graph, arrays of types),
 * OpenGraph / article:* / name= meta tags, `<time datetime>`, `<link rel=canonical>`, `<html lang>`.
 * Reads the document only; call it before anything mutates the DOM.
 */
import { cleanText } from './text.ts';

export interface PageMetadata {
  title?: string;
  /** `<title>` as printed, for suffix stripping. */
  documentTitle?: string;
  h1?: string;
  author?: string;
  /** Raw date strings; parsed by the caller. */
  published?: string;
  modified?: string;
  image?: string;
  canonicalUrl?: string;
  language?: string;
  section?: string;
  siteName?: string;
  tags: string[];
  description?: string;
  /** JSON-LD articleBody when present. */
  articleBody?: string;
  /** og:type / JSON-LD says this is an article. */
  declaredArticle: boolean;
  /** og:type / JSON-LD says this is a website / listing page. */
  declaredListing: boolean;
}

const ARTICLE_TYPES = new Set([
  'article',
  'newsarticle',
  'reportagenewsarticle',
  'analysisnewsarticle',
  'opinionnewsarticle',
  'backgroundnewsarticle',
  'reviewnewsarticle',
  'askpublicnewsarticle',
  'blogposting',
  'liveblogposting',
  'socialmediaposting',
  'report',
  'scholarlyarticle',
  'techarticle',
]);
const LISTING_TYPES = new Set(['website', 'collectionpage', 'searchresultspage', 'itemlist']);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typesOf(node: JsonObject): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.toLowerCase().replace(/^.*[/:]/, ''));
}

/** Lenient JSON: publishers ship comments, CDATA wrappers, raw newlines in strings, trailing commas. */
export function parseJsonLoose(raw: string): Json | undefined {
  const text = raw
    .trim()
    .replace(/^<!\[CDATA\[|\]\]>$/g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  try {
    return JSON.parse(text) as Json;
  } catch {
    try {
      // Raw control characters inside strings are the common breakage; they are whitespace for our needs.
      return JSON.parse(text.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1')) as Json;
    } catch {
      return undefined;
    }
  }
}

/** Every object in a JSON-LD value: arrays and @graph flattened, one level of nesting followed. */
function jsonLdNodes(value: Json | undefined, out: JsonObject[] = [], depth = 0): JsonObject[] {
  if (depth > 4 || value === undefined || value === null) return out;
  if (Array.isArray(value)) {
    for (const v of value) jsonLdNodes(v, out, depth + 1);
  } else if (isObject(value)) {
    out.push(value);
    if (value['@graph']) jsonLdNodes(value['@graph'], out, depth + 1);
    if (isObject(value.mainEntity)) jsonLdNodes(value.mainEntity, out, depth + 1);
  }
  return out;
}

function str(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return cleanText(decodeEntities(v)) || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return str(v[0]);
  if (isObject(v)) return str(v.name ?? v['@value'] ?? v.url);
  return undefined;
}

function names(v: Json | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(names);
  if (isObject(v)) return names(v.name);
  if (typeof v === 'string') {
    const s = cleanText(decodeEntities(v));
    return s ? [s] : [];
  }
  return [];
}

function imageUrl(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (Array.isArray(v)) return imageUrl(v[0]);
  if (isObject(v)) return imageUrl(v.url ?? v.contentUrl ?? v['@id']);
  return undefined;
}

function splitKeywords(v: Json | undefined): string[] {
  if (Array.isArray(v)) return v.flatMap(splitKeywords);
  if (typeof v !== 'string') return [];
  return v
    .split(/[,،;|]/)
    .map((s) => cleanText(s))
    .filter(Boolean);
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** JSON-LD strings are sometimes HTML-escaped twice by CMSes. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITY[e.toLowerCase()] ?? m;
  });
}

interface JsonLdArticle {
  node?: JsonObject;
  siteName?: string;
  listing: boolean;
}

function readJsonLd(doc: Document): JsonLdArticle {
  let best: JsonObject | undefined;
  let siteName: string | undefined;
  let listing = false;
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    for (const node of jsonLdNodes(parseJsonLoose(script.textContent ?? ''))) {
      const types = typesOf(node);
      if (types.some((t) => ARTICLE_TYPES.has(t))) {
        // Several article nodes (related items): the one with a body or a headline wins, first otherwise.
        if (!best || (!best.articleBody && node.articleBody)) best = node;
      } else if (
        types.includes('website') ||
        types.includes('organization') ||
        types.includes('newsmediaorganization')
      ) {
        siteName ??= str(node.name);
      }
      if (types.some((t) => LISTING_TYPES.has(t)) && types.length === 1 && !types.includes('website'))
        listing = true;
    }
  }
  return { node: best, siteName, listing };
}

/** All metadata the page declares about itself. */
export function readMetadata(doc: Document): PageMetadata {
  const meta = new Map<string, string[]>();
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? '')
      .trim()
      .toLowerCase();
    const content = el.getAttribute('content');
    if (!key || content === null) continue;
    const value = cleanText(content);
    if (!value) continue;
    const list = meta.get(key) ?? [];
    list.push(value);
    meta.set(key, list);
  }
  const m = (...keys: string[]) => {
    for (const k of keys) {
      const v = meta.get(k)?.[0];
      if (v) return v;
    }
    return undefined;
  };

  const ld = readJsonLd(doc);
  const a = ld.node;
  const ogType = m('og:type')?.toLowerCase();

  const timeEl = doc.querySelector('article time[datetime], time[datetime]');
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim();
  const lang =
    doc.documentElement?.getAttribute('lang') ??
    m('og:locale', 'content-language', 'language', 'dc.language');

  const ldAuthors = a ? names(a.author) : [];
  const metaAuthor = m('author', 'article:author', 'dc.creator', 'byl', 'parsely-author', 'sailthru.author');
  const author = ldAuthors.length ? [...new Set(ldAuthors)].join('، ') : metaAuthor;

  const tags = [
    ...(a ? splitKeywords(a.keywords) : []),
    ...(meta.get('article:tag') ?? []).flatMap((t) => splitKeywords(t)),
    ...splitKeywords(m('news_keywords', 'keywords')),
  ];

  const h1 = cleanText(doc.querySelector('h1')?.textContent);
  return {
    title: (a && str(a.headline ?? a.name)) ?? m('og:title', 'twitter:title', 'title', 'dc.title'),
    documentTitle: cleanText(doc.querySelector('title')?.textContent) || undefined,
    h1: h1 || undefined,
    author: author && !/^https?:/.test(author) ? author : undefined,
    published:
      (a && str(a.datePublished ?? a.dateCreated)) ??
      m(
        'article:published_time',
        'datepublished',
        'pubdate',
        'publishdate',
        'date',
        'dc.date',
        'og:published_time',
      ) ??
      timeEl?.getAttribute('datetime') ??
      undefined,
    modified:
      (a && str(a.dateModified)) ??
      m('article:modified_time', 'datemodified', 'og:updated_time') ??
      undefined,
    image:
      (a && imageUrl(a.image ?? a.thumbnailUrl)) ??
      m('og:image', 'og:image:url', 'twitter:image', 'twitter:image:src'),
    canonicalUrl: canonical || m('og:url') || undefined,
    language: lang ? lang.trim().replace('_', '-').split(/[\s,]/)[0] || undefined : undefined,
    section: (a && str(a.articleSection)) ?? m('article:section', 'section'),
    siteName: m('og:site_name', 'application-name') ?? (a && str(a.publisher)) ?? ld.siteName,
    tags: [...new Set(tags)],
    description: m('og:description', 'description', 'twitter:description'),
    articleBody: a && typeof a.articleBody === 'string' ? decodeEntities(a.articleBody) : undefined,
    declaredArticle: Boolean(a) || ogType === 'article',
    declaredListing: !a && (ogType === 'website' || ld.listing),
  };
}

const SEPARATORS = [' | ', ' - ', ' – ', ' — ', ' :: ', ' » ', ' « ', ' · ', ' •', ' ｜ '];

/**
 * Drops a ` - SiteName` / ` | SiteName` suffix (or `SiteName | ` prefix): when the part equals the site
 * name, or when it is short and the rest still reads as a headline.
 */
export function cleanTitle(title: string, siteName?: string): string {
  let t = cleanText(title);
  const site = siteName ? cleanText(siteName).toLowerCase() : undefined;
  for (let pass = 0; pass < 2; pass++) {
    let changed = false;
    for (const sep of SEPARATORS) {
      const i = t.lastIndexOf(sep);
      if (i > 0) {
        const head = t.slice(0, i).trim();
        const tail = t.slice(i + sep.length).trim();
        const words = tail.split(/\s+/).length;
        if (
          (site && (tail.toLowerCase() === site || site.includes(tail.toLowerCase()))) ||
          (words <= 3 && head.split(/\s+/).length >= 4)
        ) {
          t = head;
          changed = true;
          break;
        }
      }
      const j = t.indexOf(sep);
      if (j > 0 && site) {
        const head = t.slice(0, j).trim();
        if (head.toLowerCase() === site) {
          t = t.slice(j + sep.length).trim();
          changed = true;
          break;
        }
      }
    }
    if (!changed) break;
  }
  return t;
}
