/** `/`: the stories that matter now, ranked by independent outlets, freshness and velocity. */
import type { Handler } from 'hono';
import { Layout, Notice } from '../components.tsx';
import type { WebCtx } from '../context.ts';
import { cacheFor, Memo } from '../http/cache.ts';
import type { AppEnv } from '../types.ts';
import { latestTime, listOriginals, render, type StorySummary, topStories } from '../views.ts';
import { ArticleRow, StoryCard, type ViewEnv } from './parts.tsx';

const TOP = 20;
const LATEST = 12;

export function homePage(ctx: WebCtx): Handler<AppEnv> {
  // Ranking reads every top story's articles; a few seconds of reuse keeps a busy home page cheap.
  const memo = new Memo<StorySummary[]>(5_000);
  return async (c) => {
    const [stories, latest, sources] = await Promise.all([
      memo.get('home', () => topStories(ctx, TOP)),
      listOriginals(ctx, { limit: LATEST }),
      ctx.sources(),
    ]);
    const env: ViewEnv = { now: ctx.now(), tz: ctx.timeZone, sources };
    const newest = latestTime(stories.map((s) => s.story.lastUpdate));
    cacheFor(c, 'page', newest || latest.items[0]?.sortTime);
    return render(
      c,
      <Layout
        meta={{
          title: 'نبأ',
          path: c.req.path,
          theme: c.get('theme'),
          tab: 'home',
          description: 'أهم الأخبار الآن من مصادر عربية، كل خبر مرة واحدة مع من نشره أولاً.',
          feed: { title: 'نبأ: أهم الأخبار', rss: '/feed.rss', atom: '/feed.atom' },
        }}
      >
        <div class="with-aside">
          <section aria-labelledby="top-h">
            <h1 id="top-h">أهم القصص الآن</h1>
            {stories.length === 0 ? (
              <Notice>
                {latest.items.length === 0
                  ? 'لا توجد أخبار في قاعدة البيانات بعد. شغّل ‎naba demo‎ أو ‎naba crawl‎ لجمعها.'
                  : 'لم تُجمع المقالات في قصص بعد (لم يُشغَّل التحليل والتجميع)، فهذه أحدث المقالات وحدها.'}
              </Notice>
            ) : (
              <ol class="cards home-grid">
                {stories.map((s, i) => (
                  <StoryCard s={s} env={env} lead={i === 0} />
                ))}
              </ol>
            )}
          </section>
          <aside aria-labelledby="latest-h">
            <section>
              <h2 id="latest-h">آخر ما نُشر</h2>
              {latest.items.length === 0 ? (
                <p class="muted">لا شيء بعد.</p>
              ) : (
                <ul class="cards">
                  {latest.items.map((a) => (
                    <ArticleRow a={a} env={env} />
                  ))}
                </ul>
              )}
            </section>
          </aside>
        </div>
      </Layout>,
    );
  };
}
