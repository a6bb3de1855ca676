/**
 * The deterministic held-out split of a labelled file: one article in ten, chosen by a hash of its text
 * (not its id) so that reposts of the same text (ASND has about 1,300 among 7,243) fall on the same side and
 * the held-out figure is not inflated by copies seen in training.
 */
import { normalizeLite } from './tokens.ts';

const URL_MENTION = /https?:\/\/\S+|\bRT\b|@[\w_]+|#/g;
const NON_LETTER = /[^\p{L}]+/gu;

/** The text that identifies a repost: letters only, without links, mentions and retweet marks. */
export function splitKey(article: { title?: string; text?: string }): string {
  const raw = `${article.title ?? ''} ${article.text ?? ''}`;
  return normalizeLite(raw.replace(URL_MENTION, ' ')).replace(NON_LETTER, '').slice(0, 200);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** True for the held-out tenth (never trained on by default). */
export function isHeldOut(article: { title?: string; text?: string }): boolean {
  return fnv1a(splitKey(article)) % 10 === 0;
}
