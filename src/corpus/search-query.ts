/**
 * Parsing a reader's search box into analyzed terms. The words go through the same analyzer as indexing
 * (`analyze`), so every spelling the index folds together (Persian ی/ک, diacritics, tatweel, hamza forms,
 * clitics و/ب/ل/ال) folds the same way in the query.
 *
 * Syntax: words; `"quoted phrases"` (also “…” and «…»); `-word` and `-"phrase"` to exclude; filters
 * `source:` `section:` `tag:` `entity:` `from:` `to:` (a value may be quoted: `tag:"كرة القدم"`).
 */
import { analyze } from '../text/analyzer.ts';

/** Longer input is cut before analysis: no real query is longer, and it keeps the work bounded. */
export const MAX_QUERY_CHARS = 2000;
/** Positive terms (words plus phrase words) kept; an FTS AND of more terms only slows the engine down. */
export const MAX_QUERY_TERMS = 32;
export const MAX_EXCLUDED = 8;

export interface QueryFilters {
  source?: string;
  section?: string;
  tag?: string;
  entity?: string;
  from?: string;
  to?: string;
}

export interface ParsedQuery {
  /** Stems of the loose words, deduplicated, in query order. */
  words: string[];
  /** Each phrase as its stems in order (two or more; a one-word phrase becomes a word). */
  phrases: string[][];
  /** Excluded units: one stem for a word, several for a phrase. */
  excluded: string[][];
  filters: QueryFilters;
  /** True when the query was only stopwords, so they were kept as terms. */
  stopwordsOnly: boolean;
  /** True when characters or terms were dropped to stay within the limits. */
  truncated: boolean;
}

const FILTER_FIELDS = new Set(['source', 'section', 'tag', 'entity', 'from', 'to']);
const OPEN_QUOTES: Record<string, string> = { '"': '"', '“': '”', '«': '»', '„': '“', '”': '”' };
const CLOSE_QUOTES = new Set(['"', '”', '»', '“']);
const SPACE = /\s/u;

type Chunk = { kind: 'word' | 'phrase'; text: string; negated: boolean };
type Term = { stem: string; stop: boolean };

function readQuoted(s: string, i: number): { text: string; next: number } {
  const close = OPEN_QUOTES[s[i]!]!;
  let j = i + 1;
  // Any closing quote ends the phrase: readers mix “…" and «…" freely.
  while (j < s.length && s[j] !== close && !CLOSE_QUOTES.has(s[j]!)) j++;
  return { text: s.slice(i + 1, j), next: j + 1 };
}

/** Splits the raw query into words, phrases and filters; no analysis yet. */
function scan(s: string, filters: QueryFilters): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    let negated = false;
    if (c === '-' && i + 1 < s.length && !SPACE.test(s[i + 1]!)) {
      negated = true;
      i++;
    }
    if (OPEN_QUOTES[s[i]!] !== undefined) {
      const { text, next } = readQuoted(s, i);
      chunks.push({ kind: 'phrase', text, negated });
      i = next;
      continue;
    }
    let j = i;
    while (j < s.length && !SPACE.test(s[j]!) && OPEN_QUOTES[s[j]!] === undefined) j++;
    const word = s.slice(i, j);
    const colon = word.indexOf(':');
    const field = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    if (!negated && FILTER_FIELDS.has(field)) {
      let value = word.slice(colon + 1);
      if (value === '' && j < s.length && OPEN_QUOTES[s[j]!] !== undefined) {
        const quoted = readQuoted(s, j);
        value = quoted.text;
        j = quoted.next;
      }
      value = value.trim();
      if (value !== '') filters[field as keyof QueryFilters] = value;
    } else {
      chunks.push({ kind: 'word', text: word, negated });
    }
    i = j;
  }
  return chunks;
}

function termsOf(text: string): Term[] {
  const out: Term[] = [];
  for (const t of analyze(text)) {
    if (t.kind !== 'word' && t.kind !== 'number' && t.kind !== 'hashtag') continue;
    if (t.stem !== '') out.push({ stem: t.stem, stop: t.stop });
  }
  return out;
}

/** Parse a search query; never throws, and a query with nothing searchable has no words and no phrases. */
export function parseQuery(raw: string): ParsedQuery {
  let truncated = false;
  let s = raw;
  if (s.length > MAX_QUERY_CHARS) {
    s = s.slice(0, MAX_QUERY_CHARS);
    truncated = true;
  }
  const filters: QueryFilters = {};
  const chunks = scan(s, filters).map((c) => ({ ...c, terms: termsOf(c.text) }));
  const positive = chunks.filter((c) => !c.negated);
  // The index leaves stopwords out, so they are dropped from the query too, unless nothing else is left.
  const stopwordsOnly =
    positive.some((c) => c.terms.length > 0) && positive.every((c) => c.terms.every((t) => t.stop));
  const keep = (terms: Term[]) => terms.filter((t) => stopwordsOnly || !t.stop).map((t) => t.stem);

  const words: string[] = [];
  const seen = new Set<string>();
  const phrases: string[][] = [];
  let budget = MAX_QUERY_TERMS;
  const addWord = (stem: string) => {
    if (seen.has(stem)) return;
    if (budget === 0) {
      truncated = true;
      return;
    }
    seen.add(stem);
    words.push(stem);
    budget--;
  };
  for (const chunk of positive) {
    const stems = keep(chunk.terms);
    if (chunk.kind === 'word') {
      for (const stem of stems) addWord(stem);
    } else if (stems.length === 1) {
      addWord(stems[0]!);
    } else if (stems.length > 1) {
      const phrase = stems.slice(0, budget);
      if (phrase.length < stems.length) truncated = true;
      if (phrase.length === 1) addWord(phrase[0]!);
      else if (phrase.length > 1) {
        phrases.push(phrase);
        budget -= phrase.length;
      }
    }
  }

  const excluded: string[][] = [];
  for (const chunk of chunks) {
    if (!chunk.negated) continue;
    const stems = chunk.terms.filter((t) => !t.stop).map((t) => t.stem);
    if (stems.length === 0) continue;
    if (excluded.length === MAX_EXCLUDED) {
      truncated = true;
      break;
    }
    excluded.push(stems.slice(0, MAX_QUERY_TERMS));
  }
  return { words, phrases, excluded, filters, stopwordsOnly, truncated };
}

/** Every positive stem of the query, deduplicated: the terms all results must contain. */
export function positiveStems(q: ParsedQuery): string[] {
  return [...new Set([...q.words, ...q.phrases.flat()])];
}
