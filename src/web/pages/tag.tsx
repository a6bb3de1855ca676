/**
 * `/tag/:tag` and `/entity/:key`: articles carrying one of our tags or naming one entity. Both go through
 * search (the tag's own words as the query, the tag as a filter), so spellings fold the same way as in the
 * search box: a tag typed with a Persian yeh finds the Arabic one.
 */
import type { Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { SearchResult } from '../../corpus/search.ts';
import { Layout, Notice, Pager } from '../components.tsx';
import type { WebCtx } from '../context.ts';
import { cacheFor } from '../http/cache.ts';
import { readQuery } from '../http/errors.ts';
import { PageParams } from '../params.ts';
import type { AppEnv } from '../types.ts';
import { render } from '../views.ts';
import { SearchRow, type ViewEnv } from './parts.tsx';

const MAX_TAG_CHARS = 200;

/** Articles with tag `tag` (or naming entity `entity`), best and newest first. */
export async function taggedArticles(
  ctx: WebCtx,
  kind: 'tag' | 'entity',
  value: string,
  opts: { limit: number; cursor?: string },
): Promise<SearchResult> {
  const words = value.replace(/["“”«»]/g, ' ').trim();
  return ctx.search(`"${words}"`, {
    filters: { [kind]: value },
    limit: opts.limit,
    ...(opts.cursor ? { cursor: opts.cursor } : {}),
    // The freshest first among equals, but relevance is the tag itself: every result carries it.
    now: new Date(ctx.now()),
  });
}

export function tagPage(ctx: WebCtx, kind: 'tag' | 'entity'): Handler<AppEnv> {
  return async (c) => {
    const value = (c.req.param(kind === 'tag' ? 'tag' : 'key') ?? '').trim();
    if (!value || value.length > MAX_TAG_CHARS) throw new HTTPException(404, { message: `no such ${kind}` });
    const q = readQuery(c, PageParams, 'page');
    let result: SearchResult;
    try {
      result = await taggedArticles(ctx, kind, value, {
        limit: 20,
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
    } catch (error) {
      throw new HTTPException(400, { message: (error as Error).message });
    }
    const sources = await ctx.sources();
    const env: ViewEnv = { now: ctx.now(), tz: ctx.timeZone, sources };
    const base = `/${kind}/${encodeURIComponent(value)}`;
    cacheFor(c, 'page');
    const heading = kind === 'tag' ? `وسم: ${value}` : `اسم: ${value}`;
    return render(
      c,
      <Layout
        meta={{
          title: heading,
          path: c.req.url.slice(new URL(c.req.url).origin.length),
          theme: c.get('theme'),
          ...(kind === 'tag'
            ? { feed: { title: `نبأ: ${value}`, rss: `${base}/feed.rss`, atom: `${base}/feed.atom` } }
            : {}),
        }}
      >
        <h1>{heading}</h1>
        {result.items.length === 0 ? (
          <Notice>لا مقالات تحمل هذا {kind === 'tag' ? 'الوسم' : 'الاسم'} بعد.</Notice>
        ) : (
          <ul class="cards">
            {result.items.map((item) => (
              <SearchRow item={item} env={env} marks={false} />
            ))}
          </ul>
        )}
        <Pager next={result.next ?? null} base={base} first={!q.cursor} />
      </Layout>,
    );
  };
}
