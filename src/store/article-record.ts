/** What both stores check and hash about an incoming article: one recipe, so the two can never drift apart. */
import { createHash } from 'node:crypto';
import type { Article } from '../model.ts';
import type { CopyChanges, PlacementRound, Story } from './store.ts';

/** Reject an article the store cannot keep, naming its place in the batch and the missing field. */
export function validateArticle(a: Article, index: number): void {
  const where = `article #${index}${typeof a?.id === 'string' ? ` "${a.id}"` : ''}`;
  if (typeof a !== 'object' || a === null) throw new Error(`store: ${where} is not an object`);
  if (typeof a.id !== 'string' || a.id === '') throw new Error(`store: ${where} has no id`);
  if (typeof a.sourceId !== 'string' || a.sourceId === '') throw new Error(`store: ${where} has no sourceId`);
  for (const field of ['url', 'title', 'text'] as const) {
    if (typeof a[field] !== 'string') throw new Error(`store: ${where} has no ${field} string`);
  }
}

/**
 * The fields re-ingest may change; a change of any of them makes the stored analysis stale. Both stores
 * use this recipe: `naba migrate-store` copies the hashes, and another recipe would mark every migrated
 * article changed on its next re-ingest.
 */
export function contentHash(a: Article): string {
  const fields = [
    a.sourceId,
    a.url,
    a.canonicalUrl,
    a.title,
    a.text,
    a.html,
    a.author,
    a.published,
    a.modified,
    a.image,
    a.language,
    a.section,
    a.publisherTags,
    a.sourceLine,
    a.quotes,
  ];
  return createHash('sha1').update(JSON.stringify(fields)).digest('base64');
}

/**
 * A copy's changes as the JSON both stores keep, with only the known fields, after checking their types:
 * what goes in is what a page shows back.
 */
export function copyChangesJson(c: CopyChanges | null): string | null {
  if (c === null) return null;
  const ok =
    typeof c === 'object' &&
    typeof c.of === 'string' &&
    typeof c.titleChanged === 'boolean' &&
    typeof c.leadChanged === 'boolean' &&
    Number.isInteger(c.added) &&
    Number.isInteger(c.cut) &&
    Number.isFinite(c.similarity);
  if (!ok)
    throw new Error('store: copy changes need of, titleChanged, leadChanged, added, cut and similarity');
  const { of, titleChanged, leadChanged, added, cut, similarity } = c;
  return JSON.stringify({ of, titleChanged, leadChanged, added, cut, similarity });
}

/** The `articles` columns a round changes for one article (absent: left as it is). */
export interface PlacementColumns {
  duplicate_of?: string | null;
  story_id?: string | null;
  copy_changes?: string | null;
}

/** A placement round checked and folded: what each store writes, and the ids it must find. */
export interface PlannedRound {
  /** The last state of each story, in order of first mention. */
  stories: Story[];
  /** Per placed article, its placements applied in order. */
  columns: Map<string, PlacementColumns>;
  /** Articles named as originals, each with the first article that named it (for the error). */
  originals: Map<string, string>;
  /** Stories named by placements, each with the first article placed in it. */
  storyRefs: Map<string, string>;
}

/**
 * Check a round's fields and fold it: both stores write the result the same way, so a story given twice
 * or an article placed twice (placed, then re-pointed to a new original) ends the same on both.
 */
export function planPlacements(round: PlacementRound): PlannedRound {
  const stories = new Map<string, Story>();
  for (const story of round.stories ?? []) {
    if (typeof story?.id !== 'string' || story.id === '') throw new Error('store: story has no id');
    stories.set(story.id, story);
  }
  const columns = new Map<string, PlacementColumns>();
  const originals = new Map<string, string>();
  const storyRefs = new Map<string, string>();
  for (const { articleId, placement } of round.placements ?? []) {
    if (typeof articleId !== 'string' || articleId === '')
      throw new Error('store: placement has no article id');
    const set = columns.get(articleId) ?? {};
    if (placement.duplicateOf !== undefined) {
      if (placement.duplicateOf === articleId)
        throw new Error(`store: article "${articleId}" cannot copy itself`);
      if (placement.duplicateOf !== null && !originals.has(placement.duplicateOf)) {
        originals.set(placement.duplicateOf, articleId);
      }
      set.duplicate_of = placement.duplicateOf;
    }
    if (placement.storyId !== undefined) {
      if (placement.storyId !== null && !storyRefs.has(placement.storyId))
        storyRefs.set(placement.storyId, articleId);
      set.story_id = placement.storyId;
    }
    if (placement.copyChanges !== undefined) set.copy_changes = copyChangesJson(placement.copyChanges);
    // An article placed as no copy loses the changes it had as one.
    if (placement.duplicateOf === null) set.copy_changes = null;
    columns.set(articleId, set);
  }
  return { stories: [...stories.values()], columns, originals, storyRefs };
}

/**
 * The errors of a planned round given which of its ids the store has (`knownArticles` covers the placed
 * articles and the originals, `knownStories` the stories named, the round's own included): the first
 * problem found, in the words `savePlacement` always used.
 */
export function checkPlanned(
  plan: PlannedRound,
  knownArticles: Set<string>,
  knownStories: Set<string>,
): void {
  for (const id of plan.columns.keys()) {
    if (!knownArticles.has(id)) throw new Error(`store: cannot place unknown article "${id}"`);
  }
  for (const [original, by] of plan.originals) {
    if (!knownArticles.has(original)) {
      throw new Error(`store: "${by}" is placed as a copy of unknown article "${original}"`);
    }
  }
  for (const [story, by] of plan.storyRefs) {
    if (!knownStories.has(story)) {
      throw new Error(`store: "${by}" is placed in unknown story "${story}" (upsert it first)`);
    }
  }
}
