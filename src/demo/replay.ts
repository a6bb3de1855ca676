/**
 * The replay server: publishes an article corpus as the outlets' own websites on loopback, one origin
 * (port) per outlet, each with a home page announcing its feeds, daily archive feeds (or daily Google
 * News sitemaps behind a sitemap index and robots.txt), article pages in the outlet's template, and
 * conditional GET (ETag, Last-Modified) on feeds.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import iconv from 'iconv-lite';
import { type CorpusArticle, timeOf } from './corpus.ts';
import { renderFeed, renderNewsSitemap, renderSitemapIndex } from './feeds.ts';
import { type OutletProfile, outletProfile } from './outlets.ts';
import { renderArticle, renderHome, renderRobots, type SiteArticle, type SiteModel } from './render.ts';

export interface ReplayOptions {
  /** First port; outlets take consecutive ports. 0 (the default) gives each outlet an ephemeral port. */
  port?: number;
  /** Items in each outlet's main feed (the archives hold the rest). */
  mainItems?: number;
}

export interface ReplayOutlet {
  id: string;
  name: string;
  origin: string;
  homeUrl: string;
  articles: number;
}

export interface Replay {
  outlets: ReplayOutlet[];
  /** Replay URL of a corpus article, by its corpus id. */
  urlOf(articleId: string): string | undefined;
  /** Requests served so far, by kind. */
  stats: { pages: number; feeds: number; notModified: number; other: number };
  close(): Promise<void>;
}

interface Response {
  status: number;
  type: string;
  body: Buffer;
  etag?: string;
  lastModified?: string;
}

/** Offset of the outlets' home time zone: dates in the corpus are written in +03:00 (Riyadh). */
function localDay(a: CorpusArticle): string {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(a.published);
  if (m) return m[1]!;
  return '1970-01-01';
}

function articlePath(profile: OutletProfile, a: CorpusArticle, n: number, day: string): string {
  const key = a.id.replace(/^[a-z]+-/i, '').replace(/[^A-Za-z0-9_-]/g, '');
  switch (profile.template) {
    case 'classic':
      return `/news/${n}`;
    case 'portal':
      return `/${day.replace(/-/g, '/')}/${key || n}.html`;
    case 'modern':
      return `/article/${key || n}`;
    case 'legacy':
      return `/Articles/Detail.aspx?ArticleId=${n}`;
    case 'wire':
      return `/viewstory.php?lang=ar&newsid=${n}`;
  }
}

function feedPaths(profile: OutletProfile): { main: string; archive: (day: string) => string } {
  switch (profile.feed) {
    case 'rss':
    case 'rss-full':
      return { main: '/rss.xml', archive: (d) => `/rss/${d}.xml` };
    case 'atom':
      return { main: '/feeds/atom.xml', archive: (d) => `/feeds/atom/${d}.xml` };
    case 'json':
      return { main: '/feed.json', archive: (d) => `/feed/${d}.json` };
    case 'news-sitemap':
      return { main: '/sitemap_index.xml', archive: (d) => `/sitemaps/news-${d}.xml` };
  }
}

const FEED_TYPES: Record<OutletProfile['feed'], string> = {
  rss: 'application/rss+xml; charset=utf-8',
  'rss-full': 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  'news-sitemap': 'application/xml; charset=utf-8',
};

let cp1256Chars: Set<string> | undefined;

/** windows-1256 bytes; characters it cannot represent become numeric references, as old CMSs do. */
export function encodeWindows1256(html: string): Buffer {
  if (!cp1256Chars) {
    const all = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), 'windows-1256');
    cp1256Chars = new Set([...all].filter((c) => c !== '\uFFFD'));
  }
  let out = '';
  for (const ch of html) out += cp1256Chars.has(ch) ? ch : `&#${ch.codePointAt(0)};`;
  return iconv.encode(out, 'windows-1256');
}

function withValidators(type: string, text: string, lastModified?: number): Response {
  const body = Buffer.from(text, 'utf8');
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
  const r: Response = { status: 200, type, body, etag };
  if (lastModified) r.lastModified = new Date(lastModified).toUTCString();
  return r;
}

/** The whole site of one outlet as a request → response function (no I/O: easy to test). */
export function buildSite(
  profile: OutletProfile,
  origin: string,
  articles: CorpusArticle[],
  mainItems: number,
): { model: SiteModel; respond(pathAndQuery: string): Response; urlOf: Map<string, string> } {
  const paths = feedPaths(profile);
  const list: SiteArticle[] = articles.map((a, i) => {
    const day = localDay(a);
    return { article: a, n: 1000 + i, day, path: articlePath(profile, a, 1000 + i, day) };
  });
  const days = [...new Set(list.map((s) => s.day))].sort();
  const model: SiteModel = {
    profile,
    origin,
    articles: list,
    days,
    feeds: {
      main: origin + paths.main,
      archives: days.map((day) => ({ day, url: origin + paths.archive(day) })),
    },
  };
  const byPath = new Map<string, number>();
  const urlOf = new Map<string, string>();
  list.forEach((s, i) => {
    byPath.set(s.path, i);
    urlOf.set(s.article.id, origin + s.path);
  });
  const newestFirst = (items: SiteArticle[]) => [...items].reverse();
  const newestTime = (items: SiteArticle[]) => Math.max(0, ...items.map((s) => timeOf(s.article)));
  const feedCache = new Map<string, Response>();
  const feedFor = (path: string): Response | undefined => {
    const cached = feedCache.get(path);
    if (cached) return cached;
    let r: Response | undefined;
    const type = FEED_TYPES[profile.feed];
    if (path === paths.main) {
      if (profile.feed === 'news-sitemap') r = withValidators(type, renderSitemapIndex(model));
      else {
        const items = newestFirst(list.slice(-mainItems));
        r = withValidators(type, renderFeed(model, items, origin + path, profile.name), newestTime(items));
      }
    } else {
      const day = days.find((d) => paths.archive(d) === path);
      if (day) {
        const items = newestFirst(list.filter((s) => s.day === day));
        const text =
          profile.feed === 'news-sitemap'
            ? renderNewsSitemap(model, items)
            : renderFeed(model, items, origin + path, `${profile.name}: أرشيف ${day}`);
        r = withValidators(type, text, newestTime(items));
      }
    }
    if (r) feedCache.set(path, r);
    return r;
  };
  const html = (text: string, status = 200): Response =>
    profile.windows1256
      ? { status, type: 'text/html', body: encodeWindows1256(text) }
      : { status, type: 'text/html; charset=utf-8', body: Buffer.from(text, 'utf8') };
  return {
    model,
    urlOf,
    respond(pathAndQuery) {
      if (pathAndQuery === '/robots.txt') {
        return { status: 200, type: 'text/plain; charset=utf-8', body: Buffer.from(renderRobots(model)) };
      }
      if (pathAndQuery === '/' || pathAndQuery === '/index.html') return html(renderHome(model));
      const feed = feedFor(pathAndQuery);
      if (feed) return feed;
      const index = byPath.get(pathAndQuery);
      if (index !== undefined) return html(renderArticle(model, index));
      return html(
        `<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الصفحة غير موجودة</title></head><body><h1>404</h1><p>الصفحة المطلوبة غير موجودة.</p></body></html>`,
        404,
      );
    },
  };
}

/** Starts one loopback HTTP server per outlet of `articles` (grouped by `source`). */
export async function startReplay(articles: CorpusArticle[], opts: ReplayOptions = {}): Promise<Replay> {
  const bySource = new Map<string, CorpusArticle[]>();
  for (const a of articles) {
    const group = bySource.get(a.source);
    if (group) group.push(a);
    else bySource.set(a.source, [a]);
  }
  const stats = { pages: 0, feeds: 0, notModified: 0, other: 0 };
  const servers: http.Server[] = [];
  const outlets: ReplayOutlet[] = [];
  const urls = new Map<string, string>();
  let port = opts.port ?? 0;
  try {
    for (const [sourceId, group] of [...bySource].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const profile = outletProfile(sourceId);
      let respond: ((p: string) => Response) | undefined;
      const server = http.createServer((req, res) => {
        const path = req.url ?? '/';
        const r = respond ? respond(path) : undefined;
        if (!r) {
          res.writeHead(503, { 'retry-after': '1' }).end();
          return;
        }
        const conditional =
          r.status === 200 &&
          ((r.etag !== undefined && req.headers['if-none-match'] === r.etag) ||
            (r.lastModified !== undefined &&
              req.headers['if-modified-since'] !== undefined &&
              Date.parse(req.headers['if-modified-since']) >= Date.parse(r.lastModified)));
        if (r.etag) stats.feeds++;
        else if (r.type.startsWith('text/html') && r.status === 200 && path !== '/') stats.pages++;
        else stats.other++;
        const headers: Record<string, string | number> = { 'content-type': r.type };
        if (r.etag) headers.etag = r.etag;
        if (r.lastModified) headers['last-modified'] = r.lastModified;
        if (conditional) {
          stats.notModified++;
          res.writeHead(304, headers).end();
          return;
        }
        headers['content-length'] = r.body.length;
        res.writeHead(r.status, headers).end(r.body);
      });
      server.keepAliveTimeout = 30_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
      servers.push(server);
      const actual = (server.address() as net.AddressInfo).port;
      if (port !== 0) port++;
      const origin = `http://127.0.0.1:${actual}`;
      const site = buildSite(profile, origin, group, opts.mainItems ?? 30);
      respond = site.respond;
      for (const [id, url] of site.urlOf) urls.set(id, url);
      outlets.push({
        id: sourceId,
        name: profile.name,
        origin,
        homeUrl: `${origin}/`,
        articles: group.length,
      });
    }
  } catch (error) {
    await Promise.all(servers.map((s) => closeServer(s)));
    throw new Error(
      `demo: cannot start the replay server: ${error instanceof Error ? error.message : error}`,
    );
  }
  return {
    outlets,
    stats,
    urlOf: (id) => urls.get(id),
    close: async () => {
      await Promise.all(servers.map((s) => closeServer(s)));
    },
  };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
