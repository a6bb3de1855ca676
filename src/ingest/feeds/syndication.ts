/**
 * feedsmith's format-faithful objects → naba's FeedEntry. One mapper per format; each knows where its
 * format keeps the permalink, the dates, the author, the full text and the picture.
 */
import type { AtomFeed, JsonFeed, MediaNs, RdfFeed, RssFeed } from 'feedsmith';
import type { FeedEntry } from '../../model.ts';
import { decodeEntities, htmlToText, resolveHttpUrl, textToHtml, toIsoDate } from './text.ts';

export interface FeedHead {
  title?: string;
  siteUrl?: string;
  language?: string;
  entries: FeedEntry[];
}

type Media = MediaNs.ItemOrFeed | undefined;

const IMAGE_EXT = /\.(jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

function firstDate(candidates: (string | undefined)[]): string | undefined {
  for (const c of candidates) {
    const iso = toIsoDate(c);
    if (iso) return iso;
  }
  return undefined;
}

/**
 * Candidates in order of trust; an unreadable one gives way to the next. The rule is the same for every
 * format: no published date → the updated one.
 */
function withDates(
  entry: FeedEntry,
  published: (string | undefined)[],
  updated: (string | undefined)[],
): FeedEntry {
  const p = firstDate(published);
  const u = firstDate(updated);
  if (p ?? u) entry.published = p ?? u;
  if (u) entry.updated = u;
  return entry;
}

function first<T>(xs: readonly T[] | undefined): T | undefined {
  return xs?.[0];
}

function joinNames(names: (string | undefined)[]): string | undefined {
  const clean = [...new Set(names.map((n) => htmlToText(n)).filter((n): n is string => !!n))];
  if (!clean.length) return undefined;
  return clean.join(clean.some((n) => /[\u0600-\u06ff]/.test(n)) ? '، ' : ', ');
}

function categoryList(names: (string | undefined)[]): string[] | undefined {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const n of names) {
    const t = htmlToText(n);
    if (t && !seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return out.length ? out : undefined;
}

function isImage(url: string | undefined, medium?: string, type?: string): boolean {
  if (!url) return false;
  if (medium) return medium.toLowerCase() === 'image';
  if (type) return type.toLowerCase().startsWith('image/');
  return IMAGE_EXT.test(url);
}

function mediaImage(media: Media, base: string | undefined): string | undefined {
  if (!media) return undefined;
  const groups = media.groups ?? [];
  const contents = [...(media.contents ?? []), ...groups.flatMap((g) => g.contents ?? [])];
  for (const c of contents) {
    if (isImage(c.url, c.medium, c.type)) return resolveHttpUrl(c.url, base);
  }
  const thumbs = [
    ...(media.thumbnails ?? []),
    ...groups.flatMap((g) => g.thumbnails ?? []),
    ...contents.flatMap((c) => c.thumbnails ?? []),
  ];
  for (const t of thumbs) {
    const u = resolveHttpUrl(t.url, base);
    if (u) return u;
  }
  return undefined;
}

/** The first picture in an HTML body: many Arabic feeds carry the lead photo only inside the description. */
function htmlImage(html: string | undefined, base: string | undefined): string | undefined {
  if (!html?.includes('<img')) return undefined;
  const m = html.match(/<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))/i);
  return m ? resolveHttpUrl(decodeEntities(m[1] ?? m[2] ?? m[3] ?? ''), base) : undefined;
}

function compact(e: FeedEntry): FeedEntry {
  for (const k of Object.keys(e) as (keyof FeedEntry)[]) if (e[k] === undefined) delete e[k];
  return e;
}

function absoluteHttp(s: string | undefined): string | undefined {
  return s && /^https?:\/\//i.test(s.trim()) ? resolveHttpUrl(s, undefined) : undefined;
}

function atomAlternate(
  links: readonly AtomFeed.Link<string>[] | undefined,
  base: string | undefined,
): string | undefined {
  if (!links?.length) return undefined;
  const alternates = links.filter((l) => (l.rel ?? 'alternate').toLowerCase() === 'alternate');
  const pick = alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
  return resolveHttpUrl(pick?.href, base);
}

export function fromRss(feed: RssFeed.Feed<string>, url: string): FeedHead {
  const siteUrl = resolveHttpUrl(feed.link, url) ?? atomAlternate(feed.atom?.links, url);
  // Relative item links point into the site, which is not always where the feed is served from.
  const base = siteUrl ?? url;
  const entries = (feed.items ?? []).map((item) => {
    const guid = item.guid;
    const link =
      resolveHttpUrl(item.link, base) ??
      (guid?.isPermaLink !== false ? absoluteHttp(guid?.value) : undefined) ??
      atomAlternate(item.atom?.links, base) ??
      absoluteHttp(guid?.value);
    const enclosureImage = item.enclosures?.find((e) => isImage(e.url, undefined, e.type))?.url;
    const entry: FeedEntry = {
      url: link ?? '',
      title: htmlToText(item.title) ?? htmlToText(first(item.dc?.titles)),
      author: joinNames(item.dc?.creators ?? item.authors?.map((a) => a.name ?? a.email) ?? []),
      summary: htmlToText(item.description) ?? htmlToText(first(item.dc?.descriptions)),
      contentHtml: item.content?.encoded,
      image:
        mediaImage(item.media, base) ??
        resolveHttpUrl(enclosureImage, base) ??
        htmlImage(item.description, base) ??
        htmlImage(item.content?.encoded, base),
      categories: categoryList([...(item.categories ?? []).map((c) => c.name), ...(item.dc?.subjects ?? [])]),
    };
    return compact(
      withDates(
        entry,
        [
          item.pubDate,
          first(item.dc?.dates),
          first(item.dcterms?.issued),
          first(item.dcterms?.created),
          item.atom?.published,
        ],
        [item.atom?.updated, first(item.dcterms?.modified)],
      ),
    );
  });
  return {
    title: htmlToText(feed.title),
    siteUrl,
    language: feed.language?.trim() || first(feed.dc?.languages),
    entries,
  };
}

export function fromRdf(feed: RdfFeed.Feed<string>, url: string): FeedHead {
  const siteUrl = resolveHttpUrl(feed.link, url);
  const base = siteUrl ?? url;
  const entries = (feed.items ?? []).map((item) => {
    const entry: FeedEntry = {
      url: resolveHttpUrl(item.link, base) ?? absoluteHttp(item.rdf?.about) ?? '',
      title: htmlToText(item.title) ?? htmlToText(first(item.dc?.titles)),
      author: joinNames(item.dc?.creators ?? []),
      summary: htmlToText(item.description) ?? htmlToText(first(item.dc?.descriptions)),
      contentHtml: item.content?.encoded,
      image:
        mediaImage(item.media, base) ??
        htmlImage(item.description, base) ??
        htmlImage(item.content?.encoded, base),
      categories: categoryList(item.dc?.subjects ?? []),
    };
    return compact(
      withDates(
        entry,
        [first(item.dc?.dates), first(item.dcterms?.issued), first(item.dcterms?.created)],
        [first(item.dcterms?.modified)],
      ),
    );
  });
  return { title: htmlToText(feed.title), siteUrl, language: first(feed.dc?.languages), entries };
}

function atomHtml(content: AtomFeed.Content | undefined): string | undefined {
  if (!content?.value || content.src) return undefined;
  const type = (content.type ?? 'text').toLowerCase();
  return type === 'text' || type === 'text/plain' ? textToHtml(content.value) : content.value;
}

export function fromAtom(feed: AtomFeed.Feed<string>, url: string): FeedHead {
  const feedBase = resolveHttpUrl(feed.xml?.base, url) ?? url;
  const feedAuthors = feed.authors?.map((a) => a.name);
  const entries = (feed.entries ?? []).map((e) => {
    const base = resolveHttpUrl(e.xml?.base, feedBase) ?? feedBase;
    const enclosure = e.links?.find((l) => l.rel === 'enclosure' && isImage(l.href, undefined, l.type));
    const html = atomHtml(e.content);
    const entry: FeedEntry = {
      url: atomAlternate(e.links, base) ?? absoluteHttp(e.id) ?? '',
      title: htmlToText(e.title?.value),
      author: joinNames(e.authors?.length ? e.authors.map((a) => a.name) : (feedAuthors ?? [])),
      summary: htmlToText(e.summary?.value),
      contentHtml: html,
      image:
        mediaImage(e.media, base) ??
        resolveHttpUrl(enclosure?.href, base) ??
        htmlImage(html, base) ??
        htmlImage(e.summary?.value, base),
      categories: categoryList((e.categories ?? []).map((c) => c.label ?? c.term)),
    };
    // Atom's `updated` changes on every edit; only `published` says when the story came out.
    return compact(
      withDates(entry, [e.published, first(e.dc?.dates), first(e.dcterms?.issued)], [e.updated]),
    );
  });
  return {
    title: htmlToText(feed.title?.value),
    siteUrl: atomAlternate(feed.links, feedBase),
    language: feed.xml?.lang?.trim() || first(feed.dc?.languages),
    entries,
  };
}

export function fromJson(feed: JsonFeed.Feed<string>, url: string): FeedHead {
  const siteUrl = resolveHttpUrl(feed.home_page_url, url);
  const base = siteUrl ?? url;
  const feedAuthors = feed.authors?.map((a) => a.name);
  const entries = (feed.items ?? []).map((item) => {
    const html = item.content_html ?? (item.content_text ? textToHtml(item.content_text) : undefined);
    const attachment = item.attachments?.find((a) => isImage(a.url, undefined, a.mime_type));
    const entry: FeedEntry = {
      url:
        resolveHttpUrl(item.url, base) ??
        resolveHttpUrl(item.external_url, base) ??
        absoluteHttp(item.id) ??
        '',
      title: htmlToText(item.title),
      author: joinNames(item.authors?.length ? item.authors.map((a) => a.name) : (feedAuthors ?? [])),
      summary: htmlToText(item.summary),
      contentHtml: html,
      image:
        resolveHttpUrl(item.image, base) ??
        resolveHttpUrl(item.banner_image, base) ??
        resolveHttpUrl(attachment?.url, base) ??
        htmlImage(item.content_html, base),
      categories: categoryList(item.tags ?? []),
    };
    return compact(withDates(entry, [item.date_published], [item.date_modified]));
  });
  return { title: htmlToText(feed.title), siteUrl, language: feed.language?.trim() || undefined, entries };
}
