/** `/article/:id`: one article with its provenance, its text (sanitized), tags, and what is really related. */
import type { Handler } from 'hono';
import { raw } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import type { FC } from 'hono/jsx';
import type { Quote } from '../../model.ts';
import { type ArticleView, articleView, type RelatedView, relatedView } from '../article-view.ts';
import { DateOnly, Layout, Notice, SectionChip, TagChips, Time } from '../components.tsx';
import { outletName, type WebCtx } from '../context.ts';
import { counted, displayTitle } from '../format.ts';
import { cacheFor } from '../http/cache.ts';
import { escapeHtml, safeHttpUrl } from '../sanitize.ts';
import type { AppEnv } from '../types.ts';
import { ENTITY_TYPES, render, topEntities, topTags } from '../views.ts';
import type { ViewEnv } from './parts.tsx';

/** Plain text to paragraphs (the article's `text` separates them by blank lines, some feeds by one newline). */
export function paragraphsHtml(text: string): string {
  return text
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');
}

const PLATFORMS: Record<string, string> = {
  twitter: 'منشور على إكس',
  x: 'منشور على إكس',
  facebook: 'منشور على فيسبوك',
  instagram: 'منشور على إنستغرام',
  youtube: 'فيديو على يوتيوب',
};

const QuoteCard: FC<{ q: Quote; tz: string }> = ({ q, tz }) => {
  const url = safeHttpUrl(q.url);
  const who = [q.author, q.handle ? `@${q.handle.replace(/^@/, '')}` : ''].filter(Boolean).join(' ');
  return (
    <blockquote class="quote-card">
      <p>{q.text}</p>
      <footer>
        {PLATFORMS[q.platform.toLowerCase()] ?? `منشور على ${q.platform}`}
        {who ? (
          <>
            {' '}
            — <bdi>{who}</bdi>
          </>
        ) : null}
        {q.date ? (
          <>
            {' '}
            · <DateOnly iso={q.date} tz={tz} />
          </>
        ) : null}
        {url ? (
          <>
            {' '}
            ·{' '}
            <a href={url} rel="noopener nofollow ugc">
              المنشور الأصلي
            </a>
          </>
        ) : null}
      </footer>
    </blockquote>
  );
};

const Provenance: FC<{ v: ArticleView; env: ViewEnv }> = ({ v, env }) => {
  const a = v.stored.article;
  const name = (id: string) => outletName(env.sources, id);
  const lines = [];
  if (v.original) {
    lines.push(
      <p>
        نقلاً عن <strong>{name(v.original.article.sourceId)}</strong>: هذا النص نُشر أولاً هناك{' '}
        <Time iso={v.original.sortTime} now={env.now} tz={env.tz} /> —{' '}
        <a href={`/article/${encodeURIComponent(v.original.article.id)}`}>التقرير الأصلي</a>
      </p>,
    );
  }
  if (v.quotedSources.length > 0) lines.push(<p>ينقل النص عن: {v.quotedSources.join('، ')}</p>);
  if (a.sourceLine) lines.push(<p>يذكر الناشر: «{a.sourceLine}»</p>);
  if (v.firstReport) {
    lines.push(
      <p>
        أول من نشر الخبر: <strong>{name(v.firstReport.article.sourceId)}</strong>{' '}
        <Time iso={v.firstReport.sortTime} now={env.now} tz={env.tz} /> —{' '}
        <a href={`/article/${encodeURIComponent(v.firstReport.article.id)}`}>
          {displayTitle(v.firstReport.article.title)}
        </a>
      </p>,
    );
  } else if (v.story && !v.original) {
    lines.push(<p>هذا أول تقرير عن الخبر بين المصادر التي نتابعها.</p>);
  }
  if (v.copies.length > 0) {
    lines.push(
      <p>
        نُشر أيضاً في:{' '}
        {v.copies.map((cp, k) => (
          <>
            {k > 0 ? '، ' : ''}
            <a href={`/article/${encodeURIComponent(cp.article.id)}`}>{name(cp.article.sourceId)}</a>
          </>
        ))}
      </p>,
    );
  }
  if (lines.length === 0) return null;
  return (
    <section class="provenance" aria-label="مصدر الخبر">
      {lines}
    </section>
  );
};

const Related: FC<{ r: RelatedView; env: ViewEnv }> = ({ r, env }) => {
  if (!r.available) {
    return <p class="muted">المقالات المشابهة غير متاحة الآن (فهرس المقالات ذات الصلة لم يُبنَ بعد).</p>;
  }
  if (r.similar.length === 0) return <p class="muted">لم نجد مقالات مشابهة من قصص أخرى.</p>;
  return (
    <ul>
      {r.similar.map((p) => (
        <li>
          <a href={`/article/${encodeURIComponent(p.id)}`}>{displayTitle(p.title)}</a>
          <br />
          <span class="meta">
            <span>{outletName(env.sources, p.sourceId)}</span>
            <DateOnly iso={p.published} tz={env.tz} />
          </span>
        </li>
      ))}
    </ul>
  );
};

export function articlePage(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const id = c.req.param('id')!;
    const v = await articleView(ctx, id);
    if (!v) throw new HTTPException(404, { message: 'article not found' });
    const [related, sources] = await Promise.all([relatedView(ctx, v), ctx.sources()]);
    const env: ViewEnv = { now: ctx.now(), tz: ctx.timeZone, sources };
    const a = v.stored.article;
    const analysis = v.stored.analysis;
    const tags = topTags([v.stored], 12);
    const entities = topEntities([v.stored], 12);
    const link = safeHttpUrl(a.canonicalUrl ?? a.url) ?? safeHttpUrl(a.url);
    const bodyHtml = a.html ? ctx.sanitizedHtml(a.id, a.html, link ?? undefined) : '';
    const body = bodyHtml || paragraphsHtml(a.text);
    cacheFor(c, 'page', a.modified ?? v.stored.sortTime);
    return render(
      c,
      <Layout
        meta={{
          title: displayTitle(a.title),
          path: c.req.path,
          theme: c.get('theme'),
          tab: analysis?.section ?? undefined,
          description: a.text.slice(0, 160),
        }}
      >
        <div class="with-aside">
          <article class="article">
            <header>
              <h1>{displayTitle(a.title)}</h1>
              <p class="meta">
                <a href={`/source/${encodeURIComponent(a.sourceId)}`}>{outletName(sources, a.sourceId)}</a>
                <Time iso={v.stored.sortTime} now={env.now} tz={env.tz} absolute />
                {a.author ? <span>{a.author}</span> : null}
                {link ? (
                  <a href={link} rel="noopener nofollow">
                    المقال على موقع الناشر
                  </a>
                ) : null}
              </p>
              <div class="chips">
                <SectionChip id={analysis?.section} />
                {v.story ? (
                  <a class="chip" href={`/story/${encodeURIComponent(v.story.id)}`}>
                    القصة كاملة
                  </a>
                ) : null}
              </div>
            </header>
            <Provenance v={v} env={env} />
            <div class="body">{raw(body)}</div>
            {(a.quotes ?? []).map((q) => (
              <QuoteCard q={q} tz={env.tz} />
            ))}
            {related.readAlso ? (
              <p class="read-also">
                <strong>اقرأ أيضاً</strong>
                <a href={`/article/${encodeURIComponent(related.readAlso.id)}`}>
                  {displayTitle(related.readAlso.title)}
                </a>{' '}
                <span class="meta">
                  <span>{outletName(sources, related.readAlso.sourceId)}</span>
                  <DateOnly iso={related.readAlso.published} tz={env.tz} />
                </span>
              </p>
            ) : null}
            <section aria-labelledby="tags-h">
              <h2 id="tags-h">الوسوم</h2>
              {!analysis ? (
                <Notice>لم يُحلَّل هذا المقال بعد، فلا وسوم ولا قسم له.</Notice>
              ) : tags.length > 0 ? (
                <TagChips tags={tags} />
              ) : (
                <p class="muted">لا وسوم لهذا المقال.</p>
              )}
              {entities.length > 0 ? <h3 class="subhead">الأسماء الواردة</h3> : null}
              {entities.length > 0 ? (
                <ul class="chips" aria-label="الأسماء الواردة">
                  {entities.map((e) => (
                    <li>
                      <a href={`/entity/${encodeURIComponent(e.key)}`} title={ENTITY_TYPES[e.type] ?? e.type}>
                        {e.text}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
          </article>
          <aside>
            <section aria-labelledby="similar-h">
              <h2 id="similar-h">مقالات مشابهة</h2>
              <Related r={related} env={env} />
            </section>
            <section aria-labelledby="coverage-h">
              <h2 id="coverage-h">تغطيات أخرى لهذا الخبر</h2>
              {!v.story ? (
                <p class="muted">لم يُضم هذا المقال إلى قصة بعد.</p>
              ) : v.otherCoverage.length === 0 ? (
                <p class="muted">لم ينشر مصدر آخر تقريراً مستقلاً عن هذا الخبر.</p>
              ) : (
                <ul>
                  {v.otherCoverage.map((o) => (
                    <li>
                      <a href={`/article/${encodeURIComponent(o.report.article.id)}`}>
                        {displayTitle(o.report.article.title)}
                      </a>
                      <br />
                      <span class="meta">
                        <span>{outletName(sources, o.report.article.sourceId)}</span>
                        <DateOnly iso={o.report.sortTime} tz={env.tz} />
                        {o.copies.length > 0 ? <span>{`و${counted(o.copies.length, 'copy')}`}</span> : null}
                      </span>
                    </li>
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
