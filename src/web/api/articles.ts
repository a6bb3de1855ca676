/** `/api/articles`, `/api/articles/:id`, `/api/articles/:id/related`. */
import type { Handler } from 'hono';
import { type ArticleView, articleView, relatedView } from '../article-view.ts';
import type { WebCtx } from '../context.ts';
import { cacheFor } from '../http/cache.ts';
import { apiError, readQuery } from '../http/errors.ts';
import { paragraphsHtml } from '../pages/article.tsx';
import { ArticleListParams } from '../params.ts';
import { safeHttpUrl } from '../sanitize.ts';
import type { AppEnv } from '../types.ts';
import { decodeArticleCursor, encodeCursor, listOriginals } from '../views.ts';
import { summary } from './shape.ts';

export function apiArticles(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const p = readQuery(c, ArticleListParams);
    const before = decodeArticleCursor(p.cursor);
    if (before === null)
      return apiError(400, 'bad_request', 'bad parameter cursor: not a cursor of this list');
    const query = {
      limit: p.limit,
      ...(p.section ? { section: p.section } : {}),
      ...(p.source ? { sourceId: p.source } : {}),
      ...(before ? { before } : {}),
    };
    const [page, sources] = await Promise.all([
      p.includeCopies ? ctx.store.listArticles(query) : listOriginals(ctx, query),
      ctx.sources(),
    ]);
    cacheFor(c, 'api', page.items[0]?.sortTime);
    return c.json({
      items: page.items.map((a) => summary(a, sources)),
      next: page.next ? encodeCursor(page.next) : null,
    });
  };
}

function coverage(v: ArticleView, sources: Parameters<typeof summary>[1]) {
  return v.otherCoverage.map((o) => ({
    ...summary(o.report, sources),
    copies: o.copies.map((a) => summary(a, sources)),
  }));
}

export function apiArticle(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const v = await articleView(ctx, c.req.param('id')!);
    if (!v) return apiError(404, 'not_found', 'no article with this id');
    const sources = await ctx.sources();
    const a = v.stored.article;
    const base = safeHttpUrl(a.url) ?? undefined;
    cacheFor(c, 'api', a.modified ?? v.stored.sortTime);
    return c.json({
      ...summary(v.stored, sources),
      author: a.author ?? null,
      text: a.text,
      // Always sanitized: API clients embed it as they like.
      html: a.html ? ctx.sanitizedHtml(a.id, a.html, base) : paragraphsHtml(a.text),
      quotes: a.quotes ?? [],
      entities: v.stored.analysis?.entities ?? [],
      quotedSources: v.quotedSources,
      sourceLine: a.sourceLine ?? null,
      original: v.original ? summary(v.original, sources) : null,
      copies: v.copies.map((x) => summary(x, sources)),
      story: v.story,
      firstReport: v.firstReport ? summary(v.firstReport, sources) : null,
      otherCoverage: coverage(v, sources),
    });
  };
}

export function apiRelated(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const v = await articleView(ctx, c.req.param('id')!);
    if (!v) return apiError(404, 'not_found', 'no article with this id');
    const [r, sources] = await Promise.all([relatedView(ctx, v, 10), ctx.sources()]);
    cacheFor(c, 'api');
    return c.json({ ...r, otherCoverage: coverage(v, sources) });
  };
}
