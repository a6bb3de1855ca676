/** What both stores check and hash about an incoming article: one recipe, so the two can never drift apart. */
import { createHash } from 'node:crypto';
import type { Article } from '../model.ts';
import type { CopyChanges } from './store.ts';

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
