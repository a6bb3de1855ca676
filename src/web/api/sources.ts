/** `/api/sources`: the outlets we follow with their public health (errors stay in the admin). */
import type { Handler } from 'hono';
import type { WebCtx } from '../context.ts';
import { cacheFor } from '../http/cache.ts';
import type { AppEnv } from '../types.ts';

export function apiSources(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const sources = await ctx.store.listSources();
    const states = await Promise.all(sources.map((s) => ctx.store.getSourceState(s.id)));
    cacheFor(c, 'api');
    return c.json({
      items: sources.map((s, i) => ({
        id: s.id,
        name: s.name,
        siteUrl: s.siteUrl,
        language: s.language,
        paused: s.paused,
        health: {
          lastFetchAt: states[i]?.lastFetchAt ?? null,
          lastSuccessAt: states[i]?.lastSuccessAt ?? null,
          consecutiveFailures: states[i]?.consecutiveFailures ?? 0,
        },
      })),
    });
  };
}
