/** `/sources` and `/source/:id`: the outlets we follow, and one outlet's articles (copies marked), paged. */
import type { Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Layout, Notice, Pager, Time } from '../components.tsx';
import type { WebCtx } from '../context.ts';
import { counted } from '../format.ts';
import { cacheFor } from '../http/cache.ts';
import { readQuery } from '../http/errors.ts';
import { PageParams } from '../params.ts';
import { safeHttpUrl } from '../sanitize.ts';
import type { AppEnv } from '../types.ts';
import { decodeArticleCursor, encodeCursor, render } from '../views.ts';
import { ArticleRow, type ViewEnv } from './parts.tsx';

export function sourcesPage(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const sources = [...(await ctx.sources()).values()];
    const counts = await Promise.all(sources.map((s) => ctx.store.countArticles({ sourceId: s.id })));
    cacheFor(c, 'page');
    return render(
      c,
      <Layout meta={{ title: 'المصادر', path: c.req.path, theme: c.get('theme') }}>
        <h1>المصادر التي نتابعها</h1>
        {sources.length === 0 ? (
          <Notice>لا مصادر بعد.</Notice>
        ) : (
          <ul class="cards">
            {sources.map((s, i) => (
              <li class="card">
                <h2>
                  <a href={`/source/${encodeURIComponent(s.id)}`}>{s.name}</a>
                </h2>
                <p class="meta">
                  <span>{counted(counts[i] ?? 0, 'article')}</span>
                  {s.paused ? <span>متوقف مؤقتاً</span> : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Layout>,
    );
  };
}

export function sourcePage(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const id = c.req.param('id')!;
    const source = await ctx.store.getSource(id);
    if (!source) throw new HTTPException(404, { message: 'source not found' });
    const q = readQuery(c, PageParams, 'page');
    const before = decodeArticleCursor(q.cursor);
    if (before === null) throw new HTTPException(400, { message: 'bad cursor' });
    const [page, state, sources] = await Promise.all([
      ctx.store.listArticles({ sourceId: id, limit: 20, ...(before ? { before } : {}) }),
      ctx.store.getSourceState(id),
      ctx.sources(),
    ]);
    const env: ViewEnv = { now: ctx.now(), tz: ctx.timeZone, sources };
    const site = safeHttpUrl(source.siteUrl);
    cacheFor(c, 'page', page.items[0]?.sortTime);
    const base = `/source/${encodeURIComponent(id)}`;
    return render(
      c,
      <Layout
        meta={{
          title: source.name,
          path: c.req.url.slice(new URL(c.req.url).origin.length),
          theme: c.get('theme'),
        }}
      >
        <h1>{source.name}</h1>
        <p class="meta">
          {site ? (
            <a href={site} rel="noopener nofollow" class="ltr">
              {new URL(site).host}
            </a>
          ) : null}
          {state?.lastSuccessAt ? (
            <span>
              آخر جلب ناجح <Time iso={state.lastSuccessAt} now={env.now} tz={env.tz} />
            </span>
          ) : null}
          {source.paused ? <span>متوقف مؤقتاً</span> : null}
        </p>
        {page.items.length === 0 ? (
          <Notice>لا مقالات من هذا المصدر بعد.</Notice>
        ) : (
          <ul class="cards">
            {page.items.map((a) => (
              <ArticleRow a={a} env={env} showOutlet={false} />
            ))}
          </ul>
        )}
        <Pager next={page.next ? encodeCursor(page.next) : null} base={base} first={!before} />
      </Layout>,
    );
  };
}
