/** `/api/tags/:tag`: articles carrying one of our tags, paged. */
import type { Handler } from 'hono';
import type { SearchResult } from '../../corpus/search.ts';
import { outletName, type WebCtx } from '../context.ts';
import { cacheFor } from '../http/cache.ts';
import { apiError, readQuery } from '../http/errors.ts';
import { taggedArticles } from '../pages/tag.tsx';
import { TagParams } from '../params.ts';
import type { AppEnv } from '../types.ts';

export function apiTag(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const tag = (c.req.param('tag') ?? '').trim();
    if (!tag || tag.length > 200)
      return apiError(400, 'bad_request', 'bad parameter tag: 1 to 200 characters');
    const p = readQuery(c, TagParams);
    let result: SearchResult;
    try {
      result = await taggedArticles(ctx, 'tag', tag, {
        limit: p.limit,
        ...(p.cursor ? { cursor: p.cursor } : {}),
      });
    } catch (error) {
      return apiError(400, 'bad_request', (error as Error).message);
    }
    const sources = await ctx.sources();
    cacheFor(c, 'api');
    return c.json({
      tag,
      items: result.items.map((i) => ({
        id: i.id,
        title: i.title,
        sourceId: i.sourceId,
        source: outletName(sources, i.sourceId),
        url: i.url,
        published: i.published,
      })),
      next: result.next ?? null,
    });
  };
}
