/**
 * RSS 2.0 and Atom 1.0 out, written with one escaping helper: the documents are small and fixed in shape,
 * and writing them ourselves keeps every field under our control (no HTML in titles, absolute links).
 */
export interface FeedItem {
  id: string;
  title: string;
  link: string;
  /** ISO 8601. */
  published: string;
  summary: string;
  author?: string;
  categories?: string[];
}

export interface FeedDoc {
  title: string;
  /** The HTML page this feed mirrors (absolute). */
  link: string;
  /** This feed's own URL (absolute). */
  self: string;
  description: string;
  updated: string;
  items: FeedItem[];
}

/** Characters XML 1.0 cannot carry at all are dropped; markup characters are escaped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/[&<>"']/g, (c) =>
      c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
    );
}

function rfc822(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(Number.isFinite(ms) ? ms : 0).toUTCString();
}

function isoOf(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString();
}

export function renderRss(feed: FeedDoc): string {
  const e = xmlEscape;
  const items = feed.items
    .map(
      (i) => `    <item>
      <title>${e(i.title)}</title>
      <link>${e(i.link)}</link>
      <guid isPermaLink="true">${e(i.link)}</guid>
      <pubDate>${rfc822(i.published)}</pubDate>
${i.author ? `      <dc:creator>${e(i.author)}</dc:creator>\n` : ''}${(i.categories ?? []).map((c) => `      <category>${e(c)}</category>\n`).join('')}      <description>${e(i.summary)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${e(feed.title)}</title>
    <link>${e(feed.link)}</link>
    <atom:link href="${e(feed.self)}" rel="self" type="application/rss+xml"/>
    <description>${e(feed.description)}</description>
    <language>ar</language>
    <lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>
${items}
  </channel>
</rss>
`;
}

export function renderAtom(feed: FeedDoc): string {
  const e = xmlEscape;
  const entries = feed.items
    .map(
      (i) => `  <entry>
    <title>${e(i.title)}</title>
    <link rel="alternate" type="text/html" href="${e(i.link)}"/>
    <id>${e(i.link)}</id>
    <published>${isoOf(i.published)}</published>
    <updated>${isoOf(i.published)}</updated>
${i.author ? `    <author><name>${e(i.author)}</name></author>\n` : ''}${(i.categories ?? []).map((c) => `    <category term="${e(c)}"/>\n`).join('')}    <summary type="text">${e(i.summary)}</summary>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
  <title>${e(feed.title)}</title>
  <subtitle>${e(feed.description)}</subtitle>
  <link rel="alternate" type="text/html" href="${e(feed.link)}"/>
  <link rel="self" type="application/atom+xml" href="${e(feed.self)}"/>
  <id>${e(feed.self)}</id>
  <updated>${isoOf(feed.updated)}</updated>
${entries}
</feed>
`;
}
