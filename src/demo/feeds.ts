/**
 * The replayed outlets' feeds in the format each outlet uses: RSS 2.0 (teasers or full text), Atom,
 * JSON Feed 1.1, and a sitemap index of daily Google News sitemaps. Pure string builders.
 */
import { paragraphs } from './corpus.ts';
import type { SiteArticle, SiteModel } from './render.ts';

// Not allowed in XML 1.0 even as references.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(s: string): string {
  return s
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function summaryOf(s: SiteArticle): string {
  const first = paragraphs(s.article.text)[0] ?? '';
  return first.length > 200 ? `${first.slice(0, 200)}…` : first;
}

function bodyHtml(s: SiteArticle): string {
  return paragraphs(s.article.text)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`)
    .join('');
}

function rfc822(iso: string): string | undefined {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t).toUTCString();
}

/** `items` newest first; `self` is the feed's own URL. */
export function renderFeed(site: SiteModel, items: SiteArticle[], self: string, title: string): string {
  const name = site.profile.name;
  switch (site.profile.feed) {
    case 'rss':
    case 'rss-full': {
      const full = site.profile.feed === 'rss-full';
      const entries = items.map((s) => {
        const a = s.article;
        const date = rfc822(a.published);
        return [
          '<item>',
          `<title>${escapeXml(a.title)}</title>`,
          `<link>${escapeXml(site.origin + s.path)}</link>`,
          `<guid isPermaLink="true">${escapeXml(site.origin + s.path)}</guid>`,
          date ? `<pubDate>${date}</pubDate>` : '',
          a.author ? `<dc:creator>${escapeXml(a.author)}</dc:creator>` : '',
          `<description>${escapeXml(summaryOf(s))}</description>`,
          full ? `<content:encoded>${escapeXml(bodyHtml(s))}</content:encoded>` : '',
          '</item>',
        ].join('');
      });
      return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>${escapeXml(title)}</title><link>${escapeXml(`${site.origin}/`)}</link><atom:link rel="self" href="${escapeXml(self)}" type="application/rss+xml"/><description>${escapeXml(name)}</description><language>ar</language>\n${entries.join('\n')}\n</channel></rss>\n`;
    }
    case 'atom': {
      const updated = items[0]?.article.published || '2015-01-01T00:00:00Z';
      const entries = items.map((s) => {
        const a = s.article;
        const url = escapeXml(site.origin + s.path);
        return [
          '<entry>',
          `<id>${url}</id>`,
          `<title type="text">${escapeXml(a.title)}</title>`,
          `<link rel="alternate" type="text/html" href="${url}"/>`,
          a.published ? `<published>${escapeXml(a.published)}</published>` : '',
          `<updated>${escapeXml(a.published || updated)}</updated>`,
          a.author ? `<author><name>${escapeXml(a.author)}</name></author>` : '',
          `<summary type="text">${escapeXml(summaryOf(s))}</summary>`,
          '</entry>',
        ].join('');
      });
      return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar"><id>${escapeXml(self)}</id><title>${escapeXml(title)}</title><updated>${escapeXml(updated)}</updated><link rel="self" href="${escapeXml(self)}"/><link rel="alternate" href="${escapeXml(`${site.origin}/`)}"/>\n${entries.join('\n')}\n</feed>\n`;
    }
    case 'json':
      return `${JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title,
        home_page_url: `${site.origin}/`,
        feed_url: self,
        language: 'ar',
        items: items.map((s) => {
          const a = s.article;
          return {
            id: site.origin + s.path,
            url: site.origin + s.path,
            title: a.title,
            summary: summaryOf(s),
            content_html: bodyHtml(s),
            ...(a.published ? { date_published: a.published } : {}),
            ...(a.author ? { authors: [{ name: a.author }] } : {}),
          };
        }),
      })}\n`;
    case 'news-sitemap':
      return renderNewsSitemap(site, items);
  }
}

export function renderNewsSitemap(site: SiteModel, items: SiteArticle[]): string {
  const urls = items.map((s) => {
    const a = s.article;
    return [
      '<url>',
      `<loc>${escapeXml(site.origin + s.path)}</loc>`,
      '<news:news><news:publication>',
      `<news:name>${escapeXml(site.profile.name)}</news:name><news:language>ar</news:language>`,
      '</news:publication>',
      a.published ? `<news:publication_date>${escapeXml(a.published)}</news:publication_date>` : '',
      `<news:title>${escapeXml(a.title)}</news:title>`,
      '</news:news></url>',
    ].join('');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

export function renderSitemapIndex(site: SiteModel): string {
  const maps = site.feeds.archives.map((f) => `<sitemap><loc>${escapeXml(f.url)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${maps.join('\n')}\n</sitemapindex>\n`;
}
