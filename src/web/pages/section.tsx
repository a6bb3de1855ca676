/** `/section/:id`: the section's top stories, then its articles newest first (copies left out), paged. */
import type { Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Layout, Notice, Pager } from '../components.tsx';
import type { WebCtx } from '../context.ts';
import { sectionName } from '../format.ts';
import { cacheFor, Memo } from '../http/cache.ts';
import { readQuery } from '../http/errors.ts';
import { PageParams } from '../params.ts';
import type { AppEnv } from '../types.ts';
import {
  decodeArticleCursor,
  encodeCursor,
  listOriginals,
  render,
  type StorySummary,
  topStories,
} from '../views.ts';
import { ArticleRow, StoryCard, type ViewEnv } from './parts.tsx';

export function sectionPage(ctx: WebCtx): Handler<AppEnv> {
  const memo = new Memo<StorySummary[]>(5_000);
  return async (c) => {
    const id = c.req.param('id')!;
    const name = sectionName(id);
    if (!name) throw new HTTPException(404, { message: 'no such section' });
    const q = readQuery(c, PageParams, 'page');
    const before = decodeArticleCursor(q.cursor);
    if (before === null) throw new HTTPException(400, { message: 'bad cursor' });
    const [stories, page, sources] = await Promise.all([
      before ? Promise.resolve([]) : memo.get(id, () => topStories(ctx, 6, id)),
      listOriginals(ctx, { section: id, limit: 20, ...(before ? { before } : {}) }),
      ctx.sources(),
    ]);
    const env: ViewEnv = { now: ctx.now(), tz: ctx.timeZone, sources };
    cacheFor(c, 'page', page.items[0]?.sortTime);
    const base = `/section/${id}`;
    return render(
      c,
      <Layout
        meta={{
          title: name,
          path: c.req.url.slice(new URL(c.req.url).origin.length),
          theme: c.get('theme'),
          tab: id,
          feed: { title: `نبأ: ${name}`, rss: `${base}/feed.rss`, atom: `${base}/feed.atom` },
        }}
      >
        <h1>{name}</h1>
        {stories.length > 0 ? (
          <section aria-labelledby="sec-top">
            <h2 id="sec-top">أهم القصص في {name}</h2>
            <ol class="cards home-grid">
              {stories.map((s) => (
                <StoryCard s={s} env={env} />
              ))}
            </ol>
          </section>
        ) : null}
        <section aria-labelledby="sec-latest">
          <h2 id="sec-latest">أحدث المقالات</h2>
          {page.items.length === 0 ? (
            <Notice>لا مقالات مصنفة في هذا القسم بعد.</Notice>
          ) : (
            <ul class="cards">
              {page.items.map((a) => (
                <ArticleRow a={a} env={env} />
              ))}
            </ul>
          )}
          <Pager next={page.next ? encodeCursor(page.next) : null} base={base} first={!before} />
        </section>
      </Layout>,
    );
  };
}
