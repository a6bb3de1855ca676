/**
 * Snippets for search results: a window of the publisher's own text around the passage that best matches
 * the query, with highlight ranges in the snippet's coordinates. Matching is on analyzer stems (the
 * index's view), display is on the original characters (`analyze` keeps offsets into the input), so a
 * query typed `وزیر` highlights `الوزير` as the publisher wrote it.
 */
import { type AnalyzedToken, analyze } from '../text/analyzer.ts';

export type Range = [start: number, end: number];

export interface Highlighted {
  text: string;
  highlights: Range[];
}

/** What to highlight: loose stems and phrases (stem sequences as the index sees them). */
export interface MatchSpec {
  stems: ReadonlySet<string>;
  phrases: readonly (readonly string[])[];
  /** Match stopword tokens too (the query was only stopwords). */
  withStopwords: boolean;
}

export const SNIPPET_CHARS = 220;

type Hit = { start: number; end: number; key: string; weight: number };

const SENTENCE_END = new Set(['\n', '.', '!', '?', '؟', '۔']);
const SPACE = /\s/u;

function isTerm(t: AnalyzedToken, withStopwords: boolean): boolean {
  return (
    (t.kind === 'word' || t.kind === 'number' || t.kind === 'hashtag') &&
    t.stem !== '' &&
    (withStopwords || !t.stop)
  );
}

/** The index's term sequence of a text: stems of non-stop words, numbers and hashtags, as `terms()` gives. */
export function termSequence(tokens: readonly AnalyzedToken[], withStopwords = false): string[] {
  const out: string[] = [];
  for (const t of tokens) if (isTerm(t, withStopwords)) out.push(t.stem);
  return out;
}

/** True when `phrase` occurs as consecutive items of `seq`. */
export function containsSequence(seq: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return true;
  outer: for (let i = 0; i + phrase.length <= seq.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (seq[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}

/** Matches of the spec in analyzed tokens, by start offset; a phrase is one hit over all its words. */
function findHits(tokens: readonly AnalyzedToken[], spec: MatchSpec): Hit[] {
  const seq = tokens.filter((t) => isTerm(t, spec.withStopwords));
  const covered = new Uint8Array(seq.length);
  const hits: Hit[] = [];
  spec.phrases.forEach((phrase, p) => {
    if (phrase.length === 0) return;
    outer: for (let i = 0; i + phrase.length <= seq.length; i++) {
      for (let k = 0; k < phrase.length; k++) if (seq[i + k]!.stem !== phrase[k]) continue outer;
      const last = seq[i + phrase.length - 1]!;
      hits.push({ start: seq[i]!.start, end: last.end, key: `"${p}`, weight: 2 * phrase.length });
      covered.fill(1, i, i + phrase.length);
      i += phrase.length - 1;
    }
  });
  seq.forEach((t, i) => {
    if (covered[i] === 0 && spec.stems.has(t.stem))
      hits.push({ start: t.start, end: t.end, key: t.stem, weight: 1 });
  });
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * The run of hits within `width` chars that covers the most weight of distinct terms (then the most hits).
 * Two pointers with per-key counts: linear in the number of hits.
 */
function bestCluster(hits: readonly Hit[], width: number): { from: number; to: number } {
  const counts = new Map<string, number>();
  let weight = 0;
  let best = { from: 0, to: 0, score: -1 };
  let r = 0;
  for (let l = 0; l < hits.length; l++) {
    if (r < l) r = l;
    while (r < hits.length && hits[r]!.end - hits[l]!.start <= width) {
      const h = hits[r]!;
      const n = counts.get(h.key) ?? 0;
      if (n === 0) weight += h.weight;
      counts.set(h.key, n + 1);
      r++;
    }
    // A single hit longer than the window (a very long phrase) still forms a cluster of its own.
    const to = Math.max(r, l + 1);
    const score = weight * 1000 + (to - l);
    if (score > best.score) best = { from: l, to, score };
    if (r > l) {
      const h = hits[l]!;
      const n = counts.get(h.key)!;
      if (n === 1) weight -= h.weight;
      counts.set(h.key, n - 1);
    }
  }
  return best;
}

/** Start of the window: the sentence start when it is near enough, else the next word start after `min`. */
function windowStart(text: string, min: number, clusterStart: number): number {
  if (min <= 0) return 0;
  for (let k = clusterStart - 1; k >= min; k--) if (SENTENCE_END.has(text[k]!)) return k + 1;
  let k = min;
  while (k < clusterStart && !SPACE.test(text[k - 1]!)) k++;
  return k;
}

function windowEnd(text: string, max: number, clusterEnd: number): number {
  if (max >= text.length) return text.length;
  let k = max;
  while (k > clusterEnd && !SPACE.test(text[k]!)) k--;
  return Math.max(k, clusterEnd);
}

/** text[start, end) with whitespace runs collapsed to one space and trimmed; hits moved to its coordinates. */
function cut(text: string, start: number, end: number, hits: readonly Hit[]): Highlighted {
  const map = new Int32Array(end - start + 1);
  let out = '';
  let pendingSpace = false;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (SPACE.test(c)) {
      pendingSpace = out.length > 0;
      map[i - start] = out.length;
      continue;
    }
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    map[i - start] = out.length;
    out += c;
  }
  const highlights: Range[] = [];
  for (const h of hits) {
    if (h.start < start || h.end > end) continue;
    highlights.push([map[h.start - start]!, map[h.end - 1 - start]! + 1]);
  }
  return { text: out, highlights };
}

/** A window of about `width` chars of `text` around its best match, with the matches highlighted. */
export function snippet(
  text: string,
  spec: MatchSpec,
  width = SNIPPET_CHARS,
  tokens: readonly AnalyzedToken[] = analyze(text),
): Highlighted {
  const hits = findHits(tokens, spec);
  if (hits.length === 0) return cut(text, 0, windowEnd(text, width, 0), []);
  const { from, to } = bestCluster(hits, width);
  const clusterStart = hits[from]!.start;
  const clusterEnd = hits[to - 1]!.end;
  // Lead in with a third of the spare room so the match reads in context rather than at the very edge.
  const spare = Math.max(0, width - (clusterEnd - clusterStart));
  const start = windowStart(text, clusterStart - Math.floor(spare / 3), clusterStart);
  const end = windowEnd(text, Math.max(start + width, clusterEnd), clusterEnd);
  return cut(text, start, end, hits);
}

/** All matches of the spec in a short text (a title), shown whole and as it is. */
export function highlightAll(
  text: string,
  spec: MatchSpec,
  tokens: readonly AnalyzedToken[] = analyze(text),
): Highlighted {
  return { text, highlights: findHits(tokens, spec).map((h): Range => [h.start, h.end]) };
}
