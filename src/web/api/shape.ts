/** The JSON shapes of the API: plain objects, stable field names, times as ISO 8601. */
import type { Source } from '../../model.ts';
import type { StoredArticle } from '../../store/store.ts';
import { outletName } from '../context.ts';

export interface ArticleSummary {
  id: string;
  title: string;
  sourceId: string;
  source: string;
  url: string;
  /** The time the article is ordered by: its own publication time, else when it was fetched. */
  published: string;
  section: string | null;
  tags: string[];
  duplicateOf: string | null;
  storyId: string | null;
}

export function summary(a: StoredArticle, sources: Map<string, Source>): ArticleSummary {
  return {
    id: a.article.id,
    title: a.article.title,
    sourceId: a.article.sourceId,
    source: outletName(sources, a.article.sourceId),
    url: a.article.canonicalUrl ?? a.article.url,
    published: a.sortTime,
    section: a.analysis?.section ?? null,
    tags: a.analysis?.tags ?? [],
    duplicateOf: a.placement?.duplicateOf ?? null,
    storyId: a.placement?.storyId ?? null,
  };
}
