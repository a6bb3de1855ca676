/** `/search`: the search box with filters; results with the matched words marked in title and snippet. */
import type { Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { SearchResult } from '../../corpus/search.ts';
import { Layout, Notice, Pager } from '../components.tsx';
import type { WebCtx } from '../context.ts';
import { formatNumber, SECTIONS } from '../format.ts';
import { CACHE } from '../http/cache.ts';
import { readQuery } from '../http/errors.ts';
import { SearchPageParams } from '../params.ts';
import type { AppEnv } from '../types.ts';
import { render } from '../views.ts';
import { SearchRow, type ViewEnv } from './parts.tsx';

export function searchPage(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const p = readQuery(c, SearchPageParams, 'page');
    const sources = await ctx.sources();
    const env: ViewEnv = { now: ctx.now(), tz: ctx.timeZone, sources };
    let result: SearchResult | null = null;
    if (p.q) {
      try {
        result = await ctx.search(p.q, {
          limit: p.limit,
          ...(p.cursor ? { cursor: p.cursor } : {}),
          filters: { source: p.source, section: p.section, from: p.from, to: p.to },
          includeCopies: p.includeCopies,
        });
      } catch (error) {
        throw new HTTPException(400, { message: (error as Error).message });
      }
    }
    c.header('cache-control', CACHE.page);
    const keep = new URLSearchParams();
    for (const [k, v] of Object.entries({
      q: p.q,
      source: p.source,
      section: p.section,
      from: p.from,
      to: p.to,
    })) {
      if (v) keep.set(k, v);
    }
    if (p.includeCopies) keep.set('includeCopies', '1');
    const base = `/search?${keep.toString()}`;
    return render(
      c,
      <Layout
        meta={{
          title: p.q ? `بحث: ${p.q}` : 'بحث',
          path: c.req.url.slice(new URL(c.req.url).origin.length),
          theme: c.get('theme'),
          query: p.q,
          noindex: true,
        }}
      >
        <h1>بحث</h1>
        <form action="/search" method="get" class="filters">
          <label>
            الكلمات
            <input type="search" name="q" value={p.q} />
          </label>
          <label>
            المصدر
            <select name="source">
              <option value="">كل المصادر</option>
              {[...sources.values()].map((s) => (
                <option value={s.id} selected={p.source === s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            القسم
            <select name="section">
              <option value="">كل الأقسام</option>
              {SECTIONS.map((s) => (
                <option value={s.id} selected={p.section === s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            من تاريخ
            <input type="date" name="from" value={p.from ?? ''} />
          </label>
          <label>
            إلى تاريخ
            <input type="date" name="to" value={p.to ?? ''} />
          </label>
          <label>
            <span>
              <input type="checkbox" name="includeCopies" value="1" checked={p.includeCopies} /> مع النسخ
              المكررة
            </span>
          </label>
          <button type="submit">ابحث</button>
        </form>
        <p class="muted">
          يمكن استخدام "عبارة بين علامتي تنصيص" و-كلمة للاستبعاد. البحث يوحّد الإملاء: ي/ی، ك/ک، الهمزات،
          التشكيل.
        </p>
        {result === null ? null : result.items.length === 0 ? (
          <Notice>لا نتائج لهذا البحث.</Notice>
        ) : (
          <>
            <p class="muted" role="status">
              {result.total !== undefined ? `${formatNumber(result.total)} نتيجة` : 'نتائج البحث'}
            </p>
            <ol class="cards">
              {result.items.map((item) => (
                <SearchRow item={item} env={env} />
              ))}
            </ol>
          </>
        )}
        {result ? <Pager next={result.next ?? null} base={base} first={!p.cursor} /> : null}
      </Layout>,
    );
  };
}
