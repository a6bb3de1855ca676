/** The page frame and the small pieces every page uses. Server-rendered only: no script anywhere. */
import type { Child, FC } from 'hono/jsx';
import type { Range } from '../corpus/search-snippet.ts';
import { absoluteTime, relativeTime, SECTIONS, sectionName, shortDate } from './format.ts';
import { staticVersion } from './static.ts';
import type { Theme } from './types.ts';

export interface FeedLink {
  title: string;
  rss: string;
  atom: string;
}

export interface PageMeta {
  title: string;
  /** Path and query of this page (the theme switch comes back here). */
  path: string;
  theme: Theme;
  /** Current tab: a section id, 'home', or nothing. */
  tab?: string;
  description?: string;
  feed?: FeedLink;
  query?: string;
  /** Keep search engines out (admin, search results). */
  noindex?: boolean;
}

const THEMES: { id: Theme; label: string }[] = [
  { id: 'auto', label: 'تلقائي' },
  { id: 'light', label: 'فاتح' },
  { id: 'dark', label: 'داكن' },
];

export const Layout: FC<{ meta: PageMeta; children?: Child }> = ({ meta, children }) => {
  const back = encodeURIComponent(meta.path);
  return (
    <html lang="ar" dir="rtl" {...(meta.theme === 'auto' ? {} : { 'data-theme': meta.theme })}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title === 'نبأ' ? 'نبأ' : `${meta.title} · نبأ`}</title>
        {meta.description ? <meta name="description" content={meta.description} /> : null}
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={`/static/style.css?v=${staticVersion()}`} />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link
          rel="preload"
          href="/static/fonts/naskh-400.woff2"
          as="font"
          type="font/woff2"
          crossorigin="anonymous"
        />
        {meta.feed ? (
          <>
            <link rel="alternate" type="application/rss+xml" title={meta.feed.title} href={meta.feed.rss} />
            <link rel="alternate" type="application/atom+xml" title={meta.feed.title} href={meta.feed.atom} />
          </>
        ) : null}
      </head>
      <body>
        <a class="skip" href="#main">
          انتقل إلى المحتوى
        </a>
        <header class="site-header">
          <div class="wrap bar">
            <a class="brand" href="/">
              نبأ<small>كل خبر مرة واحدة، ومن نشره أولاً</small>
            </a>
            <form class="search-box" action="/search" method="get">
              <input
                type="search"
                name="q"
                value={meta.query ?? ''}
                placeholder="ابحث في الأخبار"
                aria-label="ابحث في الأخبار"
              />
              <button type="submit">بحث</button>
            </form>
            <nav class="theme" aria-label="المظهر">
              {THEMES.map((t) => (
                <a
                  href={`/theme?set=${t.id}&back=${back}`}
                  rel="nofollow"
                  aria-current={meta.theme === t.id ? 'true' : undefined}
                >
                  {t.label}
                </a>
              ))}
            </nav>
          </div>
          <nav class="tabs" aria-label="الأقسام">
            <ul class="wrap">
              <li>
                <a href="/" aria-current={meta.tab === 'home' ? 'page' : undefined}>
                  الرئيسية
                </a>
              </li>
              {SECTIONS.map((s) => (
                <li>
                  <a href={`/section/${s.id}`} aria-current={meta.tab === s.id ? 'page' : undefined}>
                    {s.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" class="wrap">
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <ul>
              {meta.feed ? (
                <>
                  <li>
                    <a href={meta.feed.rss}>RSS</a>
                  </li>
                  <li>
                    <a href={meta.feed.atom}>Atom</a>
                  </li>
                </>
              ) : null}
              <li>
                <a href="/sources">المصادر</a>
              </li>
              <li>
                <a href="/api/openapi.json">واجهة البرمجة (API)</a>
              </li>
              <li>نبأ: مجمّع أخبار عربي مفتوح المصدر. النصوص ملك ناشريها.</li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
};

const RELATIVE_MAX_MS = 7 * 86_400_000;

/** `<time>` with the relative form shown and the absolute one as its title. */
export const Time: FC<{ iso: string | null | undefined; now: number; tz: string; absolute?: boolean }> = ({
  iso,
  now,
  tz,
  absolute,
}) => {
  if (!iso) return <span class="muted">وقت النشر غير معروف</span>;
  const abs = absoluteTime(iso, tz);
  if (!abs) return <span class="muted">وقت النشر غير معروف</span>;
  const ms = Date.parse(new Date(Date.parse(iso)).toISOString());
  // Past a week, "قبل 11 سنة" tells less than the day itself.
  const near = now - ms < RELATIVE_MAX_MS ? relativeTime(iso, now) : shortDate(iso, tz);
  return (
    <time datetime={new Date(ms).toISOString()} title={abs}>
      {absolute ? `${abs} (${relativeTime(iso, now)})` : near}
    </time>
  );
};

/** A date for lists of older items: always the day, so nothing looks current that is not. */
export const DateOnly: FC<{ iso: string; tz: string }> = ({ iso, tz }) => {
  const day = shortDate(iso, tz);
  return day ? <time datetime={new Date(Date.parse(iso)).toISOString()}>{day}</time> : null;
};

/** Text with `<mark>` over the given ranges (snippet coordinates). */
export const Highlighted: FC<{ text: string; ranges: readonly Range[] }> = ({ text, ranges }) => {
  const parts: Child[] = [];
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start || end > text.length) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
};

export const SectionChip: FC<{ id: string | null | undefined }> = ({ id }) => {
  const name = sectionName(id);
  return name ? (
    <a class="chip section" href={`/section/${id}`}>
      {name}
    </a>
  ) : null;
};

export const TagChips: FC<{ tags: readonly string[]; label?: string }> = ({ tags, label }) =>
  tags.length === 0 ? null : (
    <ul class="chips" aria-label={label ?? 'وسوم'}>
      {tags.map((t) => (
        <li>
          <a href={`/tag/${encodeURIComponent(t)}`}>{t}</a>
        </li>
      ))}
    </ul>
  );

export const Pager: FC<{ next: string | null; base: string; first?: boolean }> = ({ next, base, first }) => {
  if (!next && first !== false) return null;
  const sep = base.includes('?') ? '&' : '?';
  return (
    <nav class="pager" aria-label="الصفحات">
      {first === false ? <a href={base}>→ الأحدث</a> : <span />}
      {next ? <a href={`${base}${sep}cursor=${encodeURIComponent(next)}`}>الأقدم ←</a> : <span />}
    </nav>
  );
};

export const Notice: FC<{ children?: Child }> = ({ children }) => (
  <p class="notice" role="note">
    {children}
  </p>
);

/** The CSRF token every admin form posts back (`_csrf`). */
export const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;
