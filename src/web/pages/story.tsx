/** `/story/:id`: one story: who reported first, every original report in time order, copies grouped under it. */
import type { Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Layout, SectionChip, TagChips, Time } from '../components.tsx';
import { outletName, type WebCtx } from '../context.ts';
import { counted, displayTitle } from '../format.ts';
import { cacheFor } from '../http/cache.ts';
import type { AppEnv } from '../types.ts';
import { ENTITY_TYPES, independentOutlets, render, timelineOf, topEntities, topTags } from '../views.ts';

export function storyPage(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const id = c.req.param('id')!;
    const story = await ctx.store.getStory(id);
    if (!story) throw new HTTPException(404, { message: 'story not found' });
    const [articles, sources] = await Promise.all([ctx.storyArticles(story), ctx.sources()]);
    const now = ctx.now();
    const tz = ctx.timeZone;
    const timeline = timelineOf(articles);
    const first = timeline[0]?.original;
    const tags = topTags(articles, 12);
    const entities = topEntities(articles, 16);
    const copies = articles.length - timeline.length;
    const feedBase = `/story/${encodeURIComponent(id)}`;
    cacheFor(c, 'page', story.lastUpdate);
    const outlet = (sid: string) => (
      <a href={`/source/${encodeURIComponent(sid)}`}>{outletName(sources, sid)}</a>
    );
    return render(
      c,
      <Layout
        meta={{
          title: displayTitle(story.headline),
          path: c.req.path,
          theme: c.get('theme'),
          tab: story.section ?? undefined,
          feed: {
            title: `نبأ: ${story.headline}`,
            rss: `${feedBase}/feed.rss`,
            atom: `${feedBase}/feed.atom`,
          },
        }}
      >
        <article class="story">
          <header>
            <h1>{displayTitle(story.headline)}</h1>
            <p class="meta">
              <span>{counted(independentOutlets(articles), 'outlet')}</span>
              <span>{counted(timeline.length, 'report')}</span>
              {copies > 0 ? <span>{counted(copies, 'copy')}</span> : null}
              <span>
                بدأت <Time iso={story.firstSeen} now={now} tz={tz} />
              </span>
              <span>
                آخر تحديث <Time iso={story.lastUpdate} now={now} tz={tz} />
              </span>
            </p>
            <SectionChip id={story.section} />
          </header>
          {first ? (
            <p class="provenance">
              أول من نشر الخبر: <strong>{outlet(first.article.sourceId)}</strong>{' '}
              <Time iso={first.sortTime} now={now} tz={tz} absolute /> —{' '}
              <a href={`/article/${encodeURIComponent(first.article.id)}`}>
                {displayTitle(first.article.title)}
              </a>
            </p>
          ) : null}
          <div class="with-aside">
            <section aria-labelledby="tl-h">
              <h2 id="tl-h">التسلسل الزمني للتقارير</h2>
              <ol class="timeline">
                {timeline.map((e, i) => (
                  <li class={i === 0 ? 'first' : undefined}>
                    <p class="meta">
                      <Time iso={e.original.sortTime} now={now} tz={tz} absolute />
                      <span>{outlet(e.original.article.sourceId)}</span>
                    </p>
                    <a href={`/article/${encodeURIComponent(e.original.article.id)}`}>
                      {displayTitle(e.original.article.title)}
                    </a>
                    {e.copies.length > 0 ? (
                      <p class="also">
                        نُشر أيضاً في:{' '}
                        {e.copies.map((cp, k) => (
                          <>
                            {k > 0 ? '، ' : ''}
                            <a href={`/article/${encodeURIComponent(cp.article.id)}`}>
                              {outletName(sources, cp.article.sourceId)}
                            </a>
                          </>
                        ))}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ol>
            </section>
            <aside>
              <section>
                <h2>الوسوم</h2>
                {tags.length > 0 ? <TagChips tags={tags} /> : <p class="muted">لا وسوم لهذه القصة بعد.</p>}
              </section>
              <section>
                <h2>الأسماء الواردة</h2>
                {entities.length > 0 ? (
                  <ul class="chips">
                    {entities.map((e) => (
                      <li>
                        <a
                          href={`/entity/${encodeURIComponent(e.key)}`}
                          title={ENTITY_TYPES[e.type] ?? e.type}
                        >
                          {e.text}
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">لم تُستخرج أسماء لهذه القصة.</p>
                )}
              </section>
            </aside>
          </div>
        </article>
      </Layout>,
    );
  };
}
