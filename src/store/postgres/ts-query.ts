/**
 * Building `tsquery` expressions from analyzed terms. Every word travels as a bound parameter through
 * `phraseto_tsquery('simple', …)`, which never reads operators, so `|`, `!`, `:*` or quotes in a term
 * stay text; the `simple` configuration splits and lowercases the query exactly as it did the index.
 */
import { type RawBuilder, sql } from 'kysely';

// A word with no letter or digit yields no lexeme; PostgreSQL would only log a notice and match nothing.
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

/** The searchable words of `terms` (each may hold several space-separated words). */
export function searchWords(terms: readonly string[]): string[] {
  return terms
    .flatMap((t) => (typeof t === 'string' ? t.split(/\s+/u) : []))
    .filter((w) => HAS_WORD_CHAR.test(w));
}

/** The tsquery of one word (a phrase of its parts when the parser splits it). */
export function wordQuery(word: string): RawBuilder<string> {
  return sql<string>`phraseto_tsquery('simple', ${word})`;
}

/**
 * The tsquery for terms: all of them (default), any of them, or one phrase in order. A word the
 * parser splits (`a-b`, `x_y`) becomes a phrase of its parts, as an FTS5 string literal does.
 * Null when nothing searchable is left.
 */
export function tsQuery(
  terms: readonly string[],
  options: { phrase?: boolean; match?: 'all' | 'any' } = {},
): RawBuilder<string> | null {
  const words = searchWords(terms);
  if (words.length === 0) return null;
  if (options.phrase) return sql<string>`phraseto_tsquery('simple', ${words.join(' ')})`;
  const parts = words.map(wordQuery);
  return sql<string>`(${sql.join(parts, sql.raw(options.match === 'any' ? ' || ' : ' && '))})`;
}
