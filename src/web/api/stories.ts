/** `/api/stories` (most recently updated first, paged) and `/api/stories/:id` (timeline with copies). */
import type { Handler } from 'hono';
import type { WebCtx } from '../context.ts';
import { cacheFor } from '../http/cache.ts';
import { apiError, readQuery } from '../http/errors.ts';
import { StoryListParams } from '../params.ts';
import type { AppEnv } from '../types.ts';
import { decodeStoryCursor, encodeCursor, timelineOf, topEntities, topTags } from '../views.ts';
import { summary } from './shape.ts';

export function apiStories(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const p = readQuery(c, StoryListParams);
    const before = decodeStoryCursor(p.cursor);
    if (before === null)
      return apiError(400, 'bad_request', 'bad parameter cursor: not a cursor of this list');
    const page = await ctx.store.listStories({
      limit: p.limit,
      ...(p.section ? { section: p.section } : {}),
      ...(before ? { before } : {}),
    });
    cacheFor(c, 'api', page.items[0]?.lastUpdate);
    return c.json({ items: page.items, next: page.next ? encodeCursor(page.next) : null });
  };
}

export function apiStory(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const story = await ctx.store.getStory(c.req.param('id')!);
    if (!story) return apiError(404, 'not_found', 'no story with this id');
    const [articles, sources] = await Promise.all([ctx.storyArticles(story), ctx.sources()]);
    const timeline = timelineOf(articles);
    cacheFor(c, 'api', story.lastUpdate);
    return c.json({
      story,
      firstReport: timeline[0] ? summary(timeline[0].original, sources) : null,
      timeline: timeline.map((e) => ({
        ...summary(e.original, sources),
        copies: e.copies.map((a) => summary(a, sources)),
      })),
      tags: topTags(articles, 20),
      entities: topEntities(articles, 30),
    });
  };
}
