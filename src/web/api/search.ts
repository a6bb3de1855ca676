/** `/api/search`: the same search as the page, highlight ranges in snippet (and title) coordinates. */
import type { Handler } from 'hono';
import type { SearchResult } from '../../corpus/search.ts';
import { outletName, type WebCtx } from '../context.ts';
import { cacheFor } from '../http/cache.ts';
import { apiError, readQuery } from '../http/errors.ts';
import { SearchParams } from '../params.ts';
import type { AppEnv } from '../types.ts';

export function apiSearch(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const p = readQuery(c, SearchParams);
    if (!p.q) return apiError(400, 'bad_request', 'bad parameter q: a query is required');
    let result: SearchResult;
    try {
      result = await ctx.search(p.q, {
        limit: p.limit,
        ...(p.cursor ? { cursor: p.cursor } : {}),
        filters: { source: p.source, section: p.section, from: p.from, to: p.to },
        includeCopies: p.includeCopies,
      });
    } catch (error) {
      return apiError(400, 'bad_request', (error as Error).message);
    }
    const sources = await ctx.sources();
    cacheFor(c, 'api');
    return c.json({
      items: result.items.map((i) => ({ ...i, source: outletName(sources, i.sourceId) })),
      total: result.total ?? null,
      next: result.next ?? null,
      truncated: result.truncated ?? false,
    });
  };
}
