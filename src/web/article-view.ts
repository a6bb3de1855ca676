/**
 * Everything the article page and `/api/articles/:id` show about one article: its original and copies,
 * its story's first report and other coverage, and related picks made safe to show. The related service
 * already leaves out copies and same-story siblings; we check again here, because a wrong pick (the same
 * story twice, the "read also" repeated in the list, a copy as "similar") is exactly the fault we replace.
 */
import type { Pick } from '../corpus/corpus.ts';
import type { StoredArticle, Story } from '../store/store.ts';
import type { WebCtx } from './context.ts';
import { timeMs } from './format.ts';
import { timelineOf } from './views.ts';

export interface PickView {
  id: string;
  title: string;
  sourceId: string;
  published: string;
  why: Pick['why'];
}

export interface RelatedView {
  /** False when no related service answered: the page says so instead of showing nothing as if none existed. */
  available: boolean;
  readAlso: PickView | null;
  similar: PickView[];
}

export interface ArticleView {
  stored: StoredArticle;
  /** The article this one is a copy of. */
  original: StoredArticle | null;
  /** Other copies of the same text (of this article, or of its original), oldest first. */
  copies: StoredArticle[];
  story: Story | null;
  /** The story's first original report, when it is not this article (or its original). */
  firstReport: StoredArticle | null;
  /** Other outlets' own reports of the same story, oldest first, each with its copies. */
  otherCoverage: { report: StoredArticle; copies: StoredArticle[] }[];
  /** Names the text credits (`واس`, `وحسب شبكة …`), deduplicated. */
  quotedSources: string[];
}

export async function articleView(ctx: WebCtx, id: string): Promise<ArticleView | null> {
  const stored = await ctx.store.getArticle(id);
  if (!stored) return null;
  const storyId = stored.placement?.storyId ?? null;
  const story = storyId ? await ctx.store.getStory(storyId) : null;
  const members = story ? await ctx.storyArticles(story) : [];
  const originalId = stored.placement?.duplicateOf ?? null;
  // A copy joins its original's story, so the original is usually among the members already read.
  const original = originalId
    ? (members.find((m) => m.article.id === originalId) ?? (await ctx.store.getArticle(originalId)))
    : null;
  const rootId = original ? original.article.id : id;
  const copies = (await ctx.store.listCopies(rootId)).filter((a) => a.article.id !== id);
  const timeline = timelineOf(members);
  const first = timeline[0]?.original ?? null;
  const firstReport = first && first.article.id !== id && first.article.id !== rootId ? first : null;
  const otherCoverage = timeline
    .filter((e) => e.original.article.id !== id && e.original.article.id !== rootId)
    .map((e) => ({ report: e.original, copies: e.copies }));
  const quotedSources = [...new Set((stored.analysis?.quotedSources ?? []).map((q) => q.name.trim()))].filter(
    Boolean,
  );
  return { stored, original, copies, story, firstReport, otherCoverage, quotedSources };
}

function toView(p: Pick): PickView {
  return { id: p.id, title: p.title, sourceId: p.sourceId, published: p.published, why: p.why };
}

/**
 * Related picks for an article, checked: never the article, its original or its copies, nothing from its
 * own story, at most one pick per story and per duplicate group, "read also" not repeated in the list,
 * and never an undated pick.
 */
export async function relatedView(ctx: WebCtx, view: ArticleView, limit = 6): Promise<RelatedView> {
  const id = view.stored.article.id;
  const result = await ctx.related(id);
  if (!result) return { available: false, readAlso: null, similar: [] };
  const candidates = [...(result.readAlso ? [result.readAlso] : []), ...result.similar];
  const loaded = new Map(
    (await ctx.store.getArticlesByIds(candidates.map((p) => p.id))).map((a) => [a.article.id, a]),
  );
  const banned = new Set([id, ...view.copies.map((a) => a.article.id)]);
  if (view.original) banned.add(view.original.article.id);
  const ownStory = view.stored.placement?.storyId ?? null;
  const storiesSeen = new Set<string>(ownStory ? [ownStory] : []);
  const groupsSeen = new Set<string>([view.original?.article.id ?? id]);
  const accept = (p: Pick): boolean => {
    if (banned.has(p.id) || timeMs(p.published) === null) return false;
    const a = loaded.get(p.id);
    if (!a) return false; // not in the store (any more): nothing to link to
    const story = a.placement?.storyId;
    const group = a.placement?.duplicateOf ?? a.article.id;
    if ((story && storiesSeen.has(story)) || groupsSeen.has(group)) return false;
    if (story) storiesSeen.add(story);
    groupsSeen.add(group);
    banned.add(p.id);
    return true;
  };
  const readAlso = result.readAlso && accept(result.readAlso) ? toView(result.readAlso) : null;
  const similar: PickView[] = [];
  for (const p of result.similar) {
    if (similar.length >= limit) break;
    if (accept(p)) similar.push(toView(p));
  }
  return { available: true, readAlso, similar };
}
