/**
 * The web app: server-rendered RTL pages, the JSON API, outgoing feeds and the admin, all over one `Store`.
 * `createApp` needs no socket (`app.request()` in tests); `naba serve` puts it on one.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { etag } from 'hono/etag';
import { HTTPException } from 'hono/http-exception';
import { adminGuard } from './admin/auth.ts';
import {
  adminAddSource,
  adminExportOpml,
  adminHome,
  adminImportOpml,
  adminPause,
  adminRecrawl,
  adminRemove,
  adminRetryJob,
} from './admin/sources.tsx';
import { apiArticle, apiArticles, apiRelated } from './api/articles.ts';
import { apiOpenApi } from './api/openapi.ts';
import { apiSearch } from './api/search.ts';
import { apiSources } from './api/sources.ts';
import { apiStories, apiStory } from './api/stories.ts';
import { apiTag } from './api/tags.ts';
import { WebCtx } from './context.ts';
import { homeFeed, sectionFeed, storyFeed, tagFeed } from './feeds.ts';
import { CACHE } from './http/cache.ts';
import { apiError, describeError } from './http/errors.ts';
import { rateLimit, TokenBuckets } from './http/rate-limit.ts';
import { responseCache } from './http/response-cache.ts';
import { securityHeaders } from './http/security.ts';
import { articlePage } from './pages/article.tsx';
import { errorPage } from './pages/error.tsx';
import { homePage } from './pages/home.tsx';
import { searchPage } from './pages/search.tsx';
import { sectionPage } from './pages/section.tsx';
import { sourcePage, sourcesPage } from './pages/source.tsx';
import { storyPage } from './pages/story.tsx';
import { tagPage } from './pages/tag.tsx';
import { readTheme, themeSwitch } from './pages/theme.ts';
import { staticEtag, staticFiles } from './static.ts';
import type { AppEnv, RateLimit, WebDeps } from './types.ts';

export type { WebDeps, WebServices } from './types.ts';

/** Default budget per client address on search and the API: bursts of 60, 20 a second sustained. */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 60, perSecond: 20 };
/** Rendered responses are reused this long (see http/response-cache.ts). */
export const DEFAULT_CACHE_TTL_MS = 10_000;
/** Never from the response cache: the admin, the theme switch, health, static files (already in memory). */
const UNCACHED = /^\/(admin|theme|healthz|static)(\/|$)/;
const ADMIN_BODY_MAX = 2 * 1024 * 1024;
const OTHER_BODY_MAX = 16 * 1024;

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

export function createApp(deps: WebDeps): Hono<AppEnv> {
  const ttl = deps.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const ctx = new WebCtx(deps, { reuseMs: ttl });
  const app = new Hono<AppEnv>();

  app.use('*', securityHeaders());
  app.use('*', readTheme());
  app.use(
    '/admin/*',
    bodyLimit({ maxSize: ADMIN_BODY_MAX, onError: (c) => c.text('admin: body too large', 413) }),
  );
  app.use(
    '/admin',
    bodyLimit({ maxSize: ADMIN_BODY_MAX, onError: (c) => c.text('admin: body too large', 413) }),
  );
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/admin')) return next();
    return bodyLimit({
      maxSize: OTHER_BODY_MAX,
      onError: (_cc) => apiError(413, 'too_large', `request body over ${OTHER_BODY_MAX} bytes`),
    })(c, next);
  });
  app.use('*', etag());
  if (deps.rateLimit !== false) {
    const limiter = rateLimit(new TokenBuckets(deps.rateLimit ?? DEFAULT_RATE_LIMIT));
    app.use('/api/*', limiter);
    app.use('/search', limiter);
  }
  if (ttl > 0) {
    const cache = responseCache({ ttlMs: ttl });
    app.use('*', async (c, next) => (UNCACHED.test(c.req.path) ? next() : cache(c, next)));
  }

  // Pages
  app.get('/', homePage(ctx));
  app.get('/story/:id', storyPage(ctx));
  app.get('/article/:id', articlePage(ctx));
  app.get('/tag/:tag', tagPage(ctx, 'tag'));
  app.get('/entity/:key', tagPage(ctx, 'entity'));
  app.get('/section/:id', sectionPage(ctx));
  app.get('/sources', sourcesPage(ctx));
  app.get('/source/:id', sourcePage(ctx));
  app.get('/search', searchPage(ctx));
  app.get('/theme', themeSwitch());

  // Feeds
  for (const format of ['rss', 'atom'] as const) {
    app.get(`/feed.${format}`, homeFeed(ctx, format));
    app.get(`/section/:id/feed.${format}`, sectionFeed(ctx, format));
    app.get(`/tag/:tag/feed.${format}`, tagFeed(ctx, format));
    app.get(`/story/:id/feed.${format}`, storyFeed(ctx, format));
  }

  // API
  app.get('/api/openapi.json', apiOpenApi());
  app.get('/api/articles', apiArticles(ctx));
  app.get('/api/articles/:id', apiArticle(ctx));
  app.get('/api/articles/:id/related', apiRelated(ctx));
  app.get('/api/stories', apiStories(ctx));
  app.get('/api/stories/:id', apiStory(ctx));
  app.get('/api/search', apiSearch(ctx));
  app.get('/api/tags/:tag', apiTag(ctx));
  app.get('/api/sources', apiSources(ctx));

  // Admin
  app.use('/admin', adminGuard(ctx));
  app.use('/admin/*', adminGuard(ctx));
  app.get('/admin', adminHome(ctx));
  app.post('/admin/sources', adminAddSource(ctx));
  app.post('/admin/sources/:id/pause', adminPause(ctx));
  app.post('/admin/sources/:id/delete', adminRemove(ctx));
  app.get('/admin/opml', adminExportOpml(ctx));
  app.post('/admin/opml', adminImportOpml(ctx));
  app.post('/admin/recrawl', adminRecrawl(ctx));
  app.post('/admin/jobs/retry', adminRetryJob(ctx));

  // Plumbing
  app.get('/healthz', async (c) => {
    c.header('cache-control', CACHE.private);
    try {
      const articles = await ctx.store.countArticles();
      return c.json({ ok: true, articles });
    } catch (error) {
      process.stderr.write(`web: healthz: ${describeError(error)}\n`);
      return c.json({ ok: false }, 503);
    }
  });
  app.get('/robots.txt', (c) => {
    c.header('cache-control', CACHE.static);
    return c.text('User-agent: *\nDisallow: /admin\nDisallow: /search\nDisallow: /theme\n');
  });
  app.get('/favicon.ico', (c) => c.redirect('/static/favicon.svg', 301));
  app.get('/static/*', (c) => {
    const file = staticFiles().get(c.req.path.slice('/static/'.length));
    if (!file) return errorPage(c, 404);
    c.header('cache-control', CACHE.static);
    c.header('etag', staticEtag(file));
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': file.type });
  });

  app.notFound((c) =>
    isApi(c.req.path) ? apiError(404, 'not_found', 'no such endpoint') : errorPage(c, 404),
  );

  // The one place errors become responses: the client gets a status and a reason, never a stack.
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const status = err.status;
      if (isApi(c.req.path)) {
        return (
          err.res ??
          apiError(status, status === 404 ? 'not_found' : 'bad_request', err.message || 'bad request')
        );
      }
      if (err.res && status !== 400) return err.res;
      if (status === 400 || status === 403 || status === 404) return errorPage(c, status, err.message);
      return err.getResponse();
    }
    process.stderr.write(`web: ${c.req.method} ${c.req.path}: ${describeError(err)}\n`);
    if (err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return isApi(c.req.path) ? apiError(500, 'internal', 'internal error') : errorPage(c, 500);
  });

  return app;
}
