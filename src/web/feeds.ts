/** Outgoing feeds (RSS 2.0 and Atom) for the home page, each section, tag and story. */
import type { Context, Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { StoredArticle } from '../store/store.ts';
import { outletName, type WebCtx } from './context.ts';
import { type FeedDoc, type FeedItem, renderAtom, renderRss } from './feeds-xml.ts';
import { counted, sectionName } from './format.ts';
import { cacheFor } from './http/cache.ts';
import { taggedArticles } from './pages/tag.tsx';
import type { AppEnv } from './types.ts';
import { latestTime, listOriginals, timelineOf, topStories } from './views.ts';

const ITEMS = 30;
const SUMMARY_CHARS = 300;

type Format = 'rss' | 'atom';

function origin(ctx: WebCtx, c: Context): string {
  return (ctx.deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
}

function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= SUMMARY_CHARS ? t : `${t.slice(0, SUMMARY_CHARS).replace(/\s+\S*$/, '')}…`;
}

function send(c: Context, format: Format, feed: FeedDoc) {
  cacheFor(c, 'feed', feed.items.length > 0 ? feed.updated : null);
  return format === 'rss'
    ? c.body(renderRss(feed), 200, { 'content-type': 'application/rss+xml; charset=utf-8' })
    : c.body(renderAtom(feed), 200, { 'content-type': 'application/atom+xml; charset=utf-8' });
}

function articleItem(base: string, a: StoredArticle, source: string): FeedItem {
  return {
    id: a.article.id,
    title: a.article.title || 'بلا عنوان',
    link: `${base}/article/${encodeURIComponent(a.article.id)}`,
    published: a.sortTime,
    summary: clip(a.article.text),
    author: source,
    ...(a.analysis?.tags?.length ? { categories: a.analysis.tags.slice(0, 5) } : {}),
  };
}

function newest(items: FeedItem[], fallback: string): string {
  return latestTime(items.map((i) => i.published)) || fallback;
}

export function homeFeed(ctx: WebCtx, format: Format): Handler<AppEnv> {
  return async (c) => {
    const base = origin(ctx, c);
    const [stories, sources] = await Promise.all([topStories(ctx, ITEMS), ctx.sources()]);
    const items: FeedItem[] = stories.map((s) => ({
      id: s.story.id,
      title: s.story.headline,
      link: `${base}/story/${encodeURIComponent(s.story.id)}`,
      published: s.story.firstSeen,
      summary: [
        s.first ? `أول من نشر: ${outletName(sources, s.first.article.sourceId)}` : '',
        counted(s.outlets, 'outlet'),
        s.first ? clip(s.first.article.text) : '',
      ]
        .filter(Boolean)
        .join(' · '),
      ...(s.first ? { author: outletName(sources, s.first.article.sourceId) } : {}),
      categories: s.tags,
    }));
    return send(c, format, {
      title: 'نبأ: أهم الأخبار',
      link: `${base}/`,
      self: `${base}/feed.${format}`,
      description: 'أهم القصص الآن، كل خبر مرة واحدة مع من نشره أولاً',
      updated: latestTime(stories.map((s) => s.story.lastUpdate)) || new Date(0).toISOString(),
      items,
    });
  };
}

export function sectionFeed(ctx: WebCtx, format: Format): Handler<AppEnv> {
  return async (c) => {
    const id = c.req.param('id')!;
    const name = sectionName(id);
    if (!name) throw new HTTPException(404, { message: 'no such section' });
    const base = origin(ctx, c);
    const [page, sources] = await Promise.all([
      listOriginals(ctx, { section: id, limit: ITEMS }),
      ctx.sources(),
    ]);
    const items = page.items.map((a) => articleItem(base, a, outletName(sources, a.article.sourceId)));
    return send(c, format, {
      title: `نبأ: ${name}`,
      link: `${base}/section/${id}`,
      self: `${base}/section/${id}/feed.${format}`,
      description: `أحدث أخبار ${name}`,
      updated: newest(items, new Date(0).toISOString()),
      items,
    });
  };
}

export function tagFeed(ctx: WebCtx, format: Format): Handler<AppEnv> {
  return async (c) => {
    const tag = (c.req.param('tag') ?? '').trim();
    if (!tag || tag.length > 200) throw new HTTPException(404, { message: 'no such tag' });
    const base = origin(ctx, c);
    const [result, sources] = await Promise.all([
      taggedArticles(ctx, 'tag', tag, { limit: ITEMS }),
      ctx.sources(),
    ]);
    const items: FeedItem[] = result.items.map((i) => ({
      id: i.id,
      title: i.title,
      link: `${base}/article/${encodeURIComponent(i.id)}`,
      published: i.published,
      summary: i.snippet.text,
      author: outletName(sources, i.sourceId),
    }));
    const path = `/tag/${encodeURIComponent(tag)}`;
    return send(c, format, {
      title: `نبأ: ${tag}`,
      link: `${base}${path}`,
      self: `${base}${path}/feed.${format}`,
      description: `مقالات بوسم ${tag}`,
      updated: newest(items, new Date(0).toISOString()),
      items,
    });
  };
}

export function storyFeed(ctx: WebCtx, format: Format): Handler<AppEnv> {
  return async (c) => {
    const story = await ctx.store.getStory(c.req.param('id')!);
    if (!story) throw new HTTPException(404, { message: 'story not found' });
    const base = origin(ctx, c);
    const [articles, sources] = await Promise.all([ctx.storyArticles(story), ctx.sources()]);
    const items = timelineOf(articles)
      .reverse()
      .slice(0, ITEMS)
      .map((e) => articleItem(base, e.original, outletName(sources, e.original.article.sourceId)));
    const path = `/story/${encodeURIComponent(story.id)}`;
    return send(c, format, {
      title: `نبأ: ${story.headline}`,
      link: `${base}${path}`,
      self: `${base}${path}/feed.${format}`,
      description: `تقارير المصادر عن: ${story.headline}`,
      updated: story.lastUpdate,
      items,
    });
  };
}
