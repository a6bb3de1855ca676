/**
 * One article at a time: a name the tagger found once is found again where the tagger missed it
 * (`وأضاف السوداني` after `محمد شياع السوداني`). Only tokens tagged O or MISC change (a surname such as
 * `السوداني` reads as an adjective on its own), and only to a name (or a person's surname) already tagged
 * in the same document.
 */
import type { SpanType } from './conll.ts';
import { spansOf } from './conll.ts';
import { keyWord } from './key.ts';
import type { TaggerModel } from './model.ts';
import { tagTokens } from './model.ts';
import { normalizeLetters } from './text.ts';

/** Words that sit inside names without being one (`بن`, `أبو`, `عبد`). */
const PARTICLES = new Set([
  'بن',
  'ابن',
  'بنت',
  'ابو',
  'ابي',
  'ابا',
  'ام',
  'عبد',
  'ال',
  'دي',
  'دو',
  'فان',
  'فون',
]);

const free = (tag: string) => tag === 'O' || tag.endsWith('-MISC');

const NISBA = /^ال[\u0621-\u064A]{2,}ي$/;

/**
 * A family name shaped like an adjective of origin (`السوداني`, `العراقي`) right after a person's name is
 * part of it: the tagger, having seen such words mostly as nationalities (MISC), tends to cut it off.
 */
function absorbNisba(tokens: readonly string[], tags: string[]): string[] {
  for (let i = 1; i < tokens.length; i++) {
    const prev = tags[i - 1]!;
    if (tags[i] === 'B-MISC' && tags[i + 1] !== 'I-MISC' && (prev === 'B-PER' || prev === 'I-PER')) {
      if (NISBA.test(normalizeLetters(tokens[i]!))) tags[i] = 'I-PER';
    }
  }
  return tags;
}

/** Tags each sentence of a document, then fills in repeated mentions of the names found. */
export function tagDocument(model: TaggerModel, sentences: readonly (readonly string[])[]): string[][] {
  const tagged = sentences.map((s) => absorbNisba(s, tagTokens(model, s)));
  const form = (w: string) => keyWord(w, model.lexicon.nameWords).form;
  const names = new Map<string, SpanType>();
  const surnames = new Map<string, SpanType | null>();
  sentences.forEach((tokens, k) => {
    for (const span of spansOf(tagged[k]!)) {
      if (span.type === 'MISC') continue;
      const words = tokens.slice(span.start, span.end).map(form);
      const key = words.join(' ');
      if (names.has(key) && names.get(key) !== span.type) continue;
      names.set(key, span.type);
      const last = words[words.length - 1]!;
      if (span.type === 'PER' && words.length > 1 && last.length >= 3 && !PARTICLES.has(last)) {
        surnames.set(last, surnames.has(last) && surnames.get(last) !== 'PER' ? null : 'PER');
      }
    }
  });
  if (names.size === 0) return tagged;
  let longest = 1;
  // Capped so a run-away span cannot make the scan quadratic.
  for (const key of names.keys()) longest = Math.min(8, Math.max(longest, key.split(' ').length));
  sentences.forEach((tokens, k) => {
    const tags = tagged[k]!;
    const forms = tokens.map(form);
    for (let i = 0; i < tokens.length; i++) {
      if (!free(tags[i]!)) continue;
      for (let len = Math.min(longest, tokens.length - i); len >= 1; len--) {
        let open = true;
        for (let j = i; j < i + len; j++) if (!free(tags[j]!)) open = false;
        // A name may not run into a following name's continuation.
        if (!open || (tags[i + len]?.startsWith('I-') && tags[i + len] !== 'I-MISC')) continue;
        const key = forms.slice(i, i + len).join(' ');
        const type = names.get(key) ?? (len === 1 ? surnames.get(key) : undefined);
        if (!type) continue;
        for (let j = i; j < i + len; j++) tags[j] = `${j === i ? 'B' : 'I'}-${type}`;
        if (tags[i + len] === 'I-MISC') tags[i + len] = 'B-MISC';
        i += len - 1;
        break;
      }
    }
  });
  return tagged;
}
