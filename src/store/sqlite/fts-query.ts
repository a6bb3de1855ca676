/** Building FTS5 MATCH expressions from analyzed terms without letting any term act as syntax. */

// A term with no letter or digit would become an empty phrase once FTS5 tokenizes it.
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

/** Each word as an FTS5 string literal: `"` doubled, so `OR`, `NEAR`, `*`, `:` and quotes stay literal. */
export function quoteFtsTerm(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/**
 * The MATCH expression for terms: all of them (default), any of them, or one phrase in order.
 * Null when nothing searchable is left, so callers return no hits instead of sending an empty query.
 */
export function ftsMatchExpression(
  terms: readonly string[],
  options: { phrase?: boolean; match?: 'all' | 'any' } = {},
): string | null {
  const words = terms.flatMap((t) => t.split(/\s+/u)).filter((w) => HAS_WORD_CHAR.test(w));
  if (words.length === 0) return null;
  const quoted = words.map(quoteFtsTerm);
  if (options.phrase) return quoted.join(' + ');
  return quoted.join(options.match === 'any' ? ' OR ' : ' AND ');
}
