/**
 * NewsFANE as extra training data. Its text is ANERcorp's own newswire, re-annotated and segmented (و ف ب ك ل
 * and pronoun suffixes are separate tokens). Two things follow:
 * - tokens are glued back into words as printed, so its sentences look like run-time input;
 * - only sentences that match a sentence of our training split are kept. NewsFANE also holds ANERcorp
 *   sentences that are not in the shared training file (most likely the official test split), and those
 *   must never be trained on.
 */
import type { Sentence } from './conll.ts';

const PREFIXES = new Set(['و', 'ف', 'ب', 'ل', 'ك']);
const SUFFIXES = new Set(['ه', 'ها', 'هم', 'هما', 'هن', 'ك', 'كم', 'كما', 'نا', 'ي', 'ني']);

/** Glues separated clitics back onto their word; the word's tag wins over the clitic's. */
export function glueClitics(s: Sentence): Sentence {
  const tokens: string[] = [];
  const tags: string[] = [];
  let pending = '';
  let pendingTag = '';
  for (let i = 0; i < s.tokens.length; i++) {
    const tok = s.tokens[i]!;
    const tag = s.tags[i]!;
    const next = s.tokens[i + 1];
    const isWord = (t: string | undefined) => t !== undefined && /^[\u0621-\u064A]{2,}/.test(t);
    if (PREFIXES.has(tok) && isWord(next)) {
      pending += tok;
      if (!pendingTag) pendingTag = tag;
      continue;
    }
    if (
      SUFFIXES.has(tok) &&
      pending === '' &&
      tokens.length > 0 &&
      /[\u0621-\u064A]$/.test(tokens[tokens.length - 1]!)
    ) {
      tokens[tokens.length - 1] += tok;
      continue;
    }
    tokens.push(pending + tok);
    // The word's tag decides: `و` + `B-LOC` is a place with a conjunction, `و` + `I-ORG` continues a name.
    tags.push(tag);
    pending = '';
    pendingTag = '';
  }
  if (pending) {
    tokens.push(pending);
    tags.push(pendingTag);
  }
  return { tokens, tags };
}

const matchKey = (s: string) =>
  s
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱءؤئ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[^\u0621-\u064Aa-zA-Z0-9]/g, '');

function grams(tokens: readonly string[]): Set<string> {
  const text = tokens.map(matchKey).join('');
  const out = new Set<string>();
  for (let i = 0; i + 6 <= text.length; i++) out.add(text.slice(i, i + 6));
  return out;
}

/** Keeps the sentences of `extra` whose text is, for the most part, that of a sentence in `allowed`. */
export function keepAligned(extra: readonly Sentence[], allowed: readonly Sentence[]): Sentence[] {
  const index = new Map<string, number[]>();
  allowed.forEach((s, i) => {
    for (const g of grams(s.tokens)) {
      let list = index.get(g);
      if (!list) {
        list = [];
        index.set(g, list);
      }
      list.push(i);
    }
  });
  return extra.filter((s) => {
    const gs = grams(s.tokens);
    const hits = new Map<number, number>();
    for (const g of gs) {
      const list = index.get(g);
      // Very common 6-grams say nothing about which sentence this is.
      if (!list || list.length > 50) continue;
      for (const i of list) hits.set(i, (hits.get(i) ?? 0) + 1);
    }
    let best = 0;
    for (const n of hits.values()) best = Math.max(best, n);
    return gs.size > 0 && best / gs.size > 0.5;
  });
}
