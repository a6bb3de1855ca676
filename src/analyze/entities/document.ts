/**
 * One article at a time: a name the tagger found once is found again where the tagger missed it
 * (`وأضاف السوداني` after `محمد شياع السوداني`). Only tokens tagged O or MISC change (a surname such as
 * `السوداني` reads as an adjective on its own), and only to a name (or a person's surname) already tagged
 * in the same document.
 */
import type { TokenIds } from '../../text/analyzer.ts';
import type { SpanType } from './conll.ts';
import { spansOf } from './conll.ts';
import type { Word } from './features.ts';
import { keyWord } from './key.ts';
import type { TaggerModel } from './model.ts';
import { tagSentence } from './model.ts';
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

/**
 * Tags each sentence of a document, then fills in repeated mentions of the names found. `ids`: each
 * sentence's analyzer memo numbers, when the caller has them.
 */
export function tagDocument(
  model: TaggerModel,
  sentences: readonly (readonly string[])[],
  ids?: readonly TokenIds[],
): string[][] {
  const words: Word[][] = [];
  const tagged = sentences.map((s, k) => {
    const sentence = tagSentence(model, s, ids?.[k]);
    words.push(sentence.words);
    return absorbNisba(s, sentence.tags);
  });
  // The key form of each word, kept on the word: most tokens of an article were seen before.
  const form = (w: Word) => {
    w.keyForm ??= keyWord(w.token, model.lexicon.nameWords).form;
    return w.keyForm;
  };
  const names = new Map<string, SpanType>();
  const surnames = new Map<string, SpanType | null>();
  // First word of a name or surname → the most words a name starting with it has: most tokens start none.
  const starts = new Map<string, number>();
  tagged.forEach((tags, k) => {
    for (const span of spansOf(tags)) {
      if (span.type === 'MISC') continue;
      const parts = words[k]!.slice(span.start, span.end).map(form);
      starts.set(parts[0]!, Math.max(starts.get(parts[0]!) ?? 0, parts.length));
      const key = parts.join(' ');
      if (names.has(key) && names.get(key) !== span.type) continue;
      names.set(key, span.type);
      const last = parts[parts.length - 1]!;
      if (span.type === 'PER' && parts.length > 1 && last.length >= 3 && !PARTICLES.has(last)) {
        surnames.set(last, surnames.has(last) && surnames.get(last) !== 'PER' ? null : 'PER');
        starts.set(last, Math.max(starts.get(last) ?? 0, 1));
      }
    }
  });
  if (names.size === 0) return tagged;
  sentences.forEach((tokens, k) => {
    const tags = tagged[k]!;
    const forms = words[k]!.map(form);
    for (let i = 0; i < tokens.length; i++) {
      if (!free(tags[i]!)) continue;
      const most = starts.get(forms[i]!);
      if (most === undefined) continue;
      // Capped so a run-away span cannot make the scan quadratic.
      for (let len = Math.min(most, 8, tokens.length - i); len >= 1; len--) {
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
