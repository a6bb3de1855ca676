/**
 * The replayed outlets' HTML: home pages, article pages in a few templates, robots.txt. Pure functions of
 * the site model; every piece of article data is escaped, since corpus text is data, never markup.
 */
import { type CorpusArticle, paragraphs } from './corpus.ts';
import type { OutletProfile } from './outlets.ts';

/** One published article on a replayed site. */
export interface SiteArticle {
  article: CorpusArticle;
  /** Path and query on the outlet's origin. */
  path: string;
  /** Sequence number within the outlet (stable across runs of the same corpus). */
  n: number;
  /** Publication day in the outlet's own time zone, `YYYY-MM-DD`. */
  day: string;
}

export interface SiteModel {
  profile: OutletProfile;
  origin: string;
  /** Oldest first. */
  articles: SiteArticle[];
  /** Days with at least one article, oldest first. */
  days: string[];
  feeds: { main: string; archives: { day: string; url: string }[] };
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const MONTHS_AR = [
  'يناير',
  'فبراير',
  'مارس',
  'أبريل',
  'مايو',
  'يونيو',
  'يوليو',
  'أغسطس',
  'سبتمبر',
  'أكتوبر',
  'نوفمبر',
  'ديسمبر',
];
const WEEKDAYS_AR = ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'];
const RELATIVE = ['منذ ساعتين', 'منذ 3 ساعات', 'منذ ساعة', 'منذ 45 دقيقة', 'منذ يوم'];

/** `الخميس 6 أغسطس 2015` from the day part of an ISO date. */
export function arabicDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS_AR[weekday]} ${d} ${MONTHS_AR[m - 1]} ${y}`;
}

/** A few words of the title as the outlet's tag list (publishers' tags are as crude). */
function tagsOf(title: string): string[] {
  const words = title.split(/\s+/).filter((w) => w.length >= 4);
  return [...new Set(words.sort((a, b) => b.length - a.length).slice(0, 3))];
}

function teaserText(a: CorpusArticle): string {
  const first = paragraphs(a.text)[0] ?? '';
  const words = first.split(' ');
  return words.length > 18 ? `${words.slice(0, 18).join(' ')}…` : first;
}

function headerNav(): string {
  const sections = ['الرئيسية', 'محليات', 'اقتصاد', 'رياضة', 'دولي', 'ثقافة', 'مقالات', 'اتصل بنا'];
  return `<nav class="main-nav"><ul>${sections
    .map((s, i) => `<li><a href="${i === 0 ? '/' : `/section/${i}`}">${s}</a></li>`)
    .join('')}</ul></nav>`;
}

function shareRow(url: string): string {
  const u = encodeURIComponent(url);
  return `<div class="share"><span>شارك:</span> <a href="https://twitter.com/intent/tweet?url=${u}">تويتر</a> <a href="https://www.facebook.com/sharer.php?u=${u}">فيسبوك</a> <a href="whatsapp://send?text=${u}">واتساب</a> <a href="#print">طباعة</a></div>`;
}

function readAlso(other: SiteArticle | undefined): string {
  if (!other) return '';
  return `<div class="read-also"><strong>اقرأ أيضاً</strong><a href="${escapeHtml(other.path)}"><h4>${escapeHtml(other.article.title || 'خبر ذو صلة')}</h4><p>${escapeHtml(teaserText(other.article))}</p></a></div>`;
}

function moreList(picks: SiteArticle[]): string {
  if (picks.length === 0) return '';
  return `<aside class="more"><h3>المزيد</h3><ul>${picks
    .map((p) => `<li><a href="${escapeHtml(p.path)}">${escapeHtml(p.article.title || 'خبر')}</a></li>`)
    .join('')}</ul></aside>`;
}

function tagList(title: string): string {
  const tags = tagsOf(title);
  if (tags.length === 0) return '';
  return `<div class="tags"><span>كلمات دلالية:</span> ${tags
    .map((t) => `<a href="/tag/${encodeURIComponent(t)}" rel="tag">${escapeHtml(t)}</a>`)
    .join(' ')}</div>`;
}

function footer(site: SiteModel): string {
  const year = site.days.at(-1)?.slice(0, 4) ?? '2015';
  return `<footer class="site-footer"><ul><li><a href="/about">من نحن</a></li><li><a href="/ads">أعلن معنا</a></li><li><a href="/privacy">سياسة الخصوصية</a></li></ul><p>جميع الحقوق محفوظة © ${year} ${escapeHtml(site.profile.name)}</p></footer>`;
}

function bodyParagraphs(a: CorpusArticle, insertAfter: number, insert: string): string {
  const ps = paragraphs(a.text).map((p) => `<p>${escapeHtml(p)}</p>`);
  // A page without text is a cartoon or a gallery: an image, and no teaser between paragraphs.
  if (ps.length === 0)
    return `<figure class="cartoon"><img src="/img/cartoon.jpg" alt="${escapeHtml(a.title)}"></figure>`;
  if (insert) ps.splice(Math.min(insertAfter, ps.length), 0, insert);
  return ps.join('\n');
}

/** Neighbours used for teasers: the previous article and a few before it, never the page itself. */
function neighbours(site: SiteModel, index: number, count: number): SiteArticle[] {
  const out: SiteArticle[] = [];
  for (let i = index - 1; i >= 0 && out.length < count; i--) out.push(site.articles[i]!);
  for (let i = index + 1; i < site.articles.length && out.length < count; i++) out.push(site.articles[i]!);
  return out;
}

function ogMeta(site: SiteModel, s: SiteArticle, url: string): string {
  const a = s.article;
  return [
    `<meta property="og:site_name" content="${escapeHtml(site.profile.name)}">`,
    `<meta property="og:type" content="article">`,
    `<meta property="og:title" content="${escapeHtml(a.title)}">`,
    `<meta property="og:url" content="${escapeHtml(url)}">`,
    a.published ? `<meta property="article:published_time" content="${escapeHtml(a.published)}">` : '',
  ].join('\n');
}

function jsonLd(site: SiteModel, s: SiteArticle, url: string): string {
  const a = s.article;
  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    mainEntityOfPage: url,
    publisher: { '@type': 'Organization', name: site.profile.name },
  };
  if (a.published) ld.datePublished = a.published;
  if (a.author) ld.author = { '@type': 'Person', name: a.author };
  // `<` inside a script would let article text end the element early.
  return `<script type="application/ld+json">${JSON.stringify(ld).replace(/</g, '\\u003c')}</script>`;
}

/** The article page in the outlet's template. `index` is the article's position in `site.articles`. */
export function renderArticle(site: SiteModel, index: number): string {
  const s = site.articles[index]!;
  const a = s.article;
  const url = site.origin + s.path;
  const title = escapeHtml(a.title);
  const siteName = escapeHtml(site.profile.name);
  const near = neighbours(site, index, 6);
  const [related, ...others] = near;
  const author = a.author ? escapeHtml(a.author) : '';
  const charsetMeta = site.profile.windows1256
    ? '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    : '<meta charset="utf-8">';
  const head = (extra: string) =>
    `<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head>${charsetMeta}<title>${title} - ${siteName}</title><link rel="canonical" href="${escapeHtml(url)}">${extra}</head>`;
  switch (site.profile.template) {
    case 'classic':
      return `${head(ogMeta(site, s, url))}<body><header class="masthead"><a class="logo" href="/">${siteName}</a>${headerNav()}</header>
<div class="breadcrumb"><a href="/">الرئيسية</a> › <a href="/section/1">محليات</a></div>
<main><article class="post"><h1 class="post-title">${title}</h1>
<div class="meta">${author ? `<span class="by">${author}</span> · ` : ''}<time>${RELATIVE[s.n % RELATIVE.length]}</time></div>
${shareRow(url)}
<div class="post-body">
${bodyParagraphs(a, 2, readAlso(related))}
</div>
${tagList(a.title)}
${shareRow(url)}
</article>${moreList(others)}</main>${footer(site)}</body></html>`;
    case 'portal':
      return `${head(ogMeta(site, s, url))}<body><div id="top-bar"><span>${arabicDate(s.day)}</span> <a href="/login">دخول</a></div><header><h2 class="brand"><a href="/">${siteName}</a></h2>${headerNav()}</header>
<div class="wrap"><div class="col-main"><div class="news-item"><h1>${title}</h1><div class="date">${arabicDate(s.day)}</div>
<div class="news-text">
${bodyParagraphs(a, 1, readAlso(related))}
</div>${author ? `<div class="writer">${author}</div>` : ''}${tagList(a.title)}</div></div>
<div class="col-side"><div class="widget"><h3>الأكثر قراءة</h3><ol>${others
        .slice(0, 4)
        .map((o) => `<li><a href="${escapeHtml(o.path)}">${escapeHtml(o.article.title || 'خبر')}</a></li>`)
        .join('')}</ol></div><div class="ad">إعلان</div></div></div>${footer(site)}</body></html>`;
    case 'modern':
      return `${head(jsonLd(site, s, url))}<body><header class="site-header"><a href="/" class="logo">${siteName}</a>${headerNav()}<form action="/search"><input name="q" placeholder="بحث"></form></header>
<main class="container"><article itemscope itemtype="https://schema.org/NewsArticle"><header><h1 itemprop="headline">${title}</h1><p class="byline">${author ? `بقلم: ${author} | ` : ''}<time datetime="${escapeHtml(a.published)}">${arabicDate(s.day)}</time></p></header>
<figure class="lead-image"><img src="/img/${s.n}.jpg" alt=""><figcaption>صورة أرشيفية</figcaption></figure>
<section class="article-body" itemprop="articleBody">
${bodyParagraphs(a, 0, '')}
</section>
${shareRow(url)}
${readAlso(related)}
${tagList(a.title)}
</article>${moreList(others)}</main>${footer(site)}</body></html>`;
    case 'legacy':
      return `${head('')}<body><table width="100%" class="layout"><tr><td colspan="2" class="banner"><a href="/"><img src="/images/logo.gif" alt="${siteName}"></a></td></tr>
<tr><td class="menu" width="180">${headerNav()}</td><td class="content">
<span class="ArticleTitle"><h1>${title}</h1></span><br><span class="ArticleDate">${arabicDate(s.day)}</span><br>
<div class="ArticleBody">
${bodyParagraphs(a, 3, readAlso(related))}
</div>${author ? `<div class="ArticleWriter">${author}</div>` : ''}
${moreList(others.slice(0, 3))}
</td></tr><tr><td colspan="2">${footer(site)}</td></tr></table></body></html>`;
    case 'wire':
      return `${head(ogMeta(site, s, url))}<body><header><a href="/">${siteName}</a>${headerNav()}</header>
<div class="story"><h1 class="story-title">${title}</h1><div class="story-date">${arabicDate(s.day)}</div>
<div class="story-body">
${bodyParagraphs(a, 0, '')}
</div><div class="story-end">انتهى</div></div>${moreList(others.slice(0, 5))}${footer(site)}</body></html>`;
  }
}

/** The outlet's home page: the latest headlines and `<link rel=alternate>` to each feed it offers. */
export function renderHome(site: SiteModel): string {
  const name = escapeHtml(site.profile.name);
  const feedType = {
    rss: 'application/rss+xml',
    'rss-full': 'application/rss+xml',
    atom: 'application/atom+xml',
    json: 'application/feed+json',
    'news-sitemap': '',
  }[site.profile.feed];
  const links = feedType
    ? [
        `<link rel="alternate" type="${feedType}" title="${name}" href="${escapeHtml(site.feeds.main)}">`,
        ...site.feeds.archives.map(
          (f) =>
            `<link rel="alternate" type="${feedType}" title="${name}: أرشيف ${f.day}" href="${escapeHtml(f.url)}">`,
        ),
      ].join('\n')
    : '';
  const latest = site.articles.slice(-20).reverse();
  return `<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>${name}</title>${links}</head><body><header><h1>${name}</h1>${headerNav()}</header><main><ul class="latest">${latest
    .map((s) => `<li><a href="${escapeHtml(s.path)}">${escapeHtml(s.article.title || 'خبر')}</a></li>`)
    .join('')}</ul></main>${footer(site)}</body></html>`;
}

export function renderRobots(site: SiteModel): string {
  const lines = ['User-agent: *', 'Disallow: /admin/', 'Disallow: /search', ''];
  if (site.profile.feed === 'news-sitemap') lines.push(`Sitemap: ${site.origin}/sitemap_index.xml`);
  return `${lines.join('\n')}\n`;
}
