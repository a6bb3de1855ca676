/**
 * How a word is used in unlabelled news, as evidence of whether it is a name. Arabic has no capital letters,
 * but names behave differently from common words in their morphology:
 * - a foreign name (`كولكول`, `تشوانتشو`) never takes the article; a common noun or adjective takes it some of
 *   the time and a name such as `العراق` always;
 * - a name almost never takes a possessive or object pronoun (`كتابه`, `حكومتها`, `قالها` are common words);
 * - a name is rarely among the most frequent words.
 * These hold for words the labelled data never saw, which is where the tagger needs help.
 */
import { fold, normalizeLetters, stripClitics } from './text.ts';

/** Bare word → packed profile (see `profileOf`). Only words seen at least `minCount` times are kept. */
export type Usage = Map<string, number>;

type Counts = { n: number; al: number };

const PRONOUNS = ['ه', 'ها', 'هم', 'هما', 'هن', 'كم', 'نا'];

/** The word's bare form and whether it carried the article (`والعراق` → عراق, article). */
function parse(token: string): { bare: string; article: boolean } {
  const raw = normalizeLetters(token).toLowerCase();
  const stripped = stripClitics(raw);
  const prefix = raw.endsWith(stripped) ? raw.slice(0, raw.length - stripped.length) : raw.slice(0, 2);
  return { bare: fold(stripped), article: prefix.endsWith('ال') || prefix.endsWith('لل') };
}

/** Whether some pronoun-suffixed form of `bare` occurs (a ة-final noun takes it as ت: `حكومته`). */
function takesPronoun(bare: string, counts: ReadonlyMap<string, Counts>): boolean {
  const stem = bare.endsWith('ه') ? `${bare.slice(0, -1)}ت` : bare;
  for (const p of PRONOUNS) if ((counts.get(stem + p)?.n ?? 0) > 0) return true;
  return false;
}

function frequencyBucket(n: number): number {
  // 3–4, 5–9, 10–29, 30–99, 100–299, 300–999, 1000+.
  const edges = [5, 10, 30, 100, 300, 1000];
  let b = 0;
  while (b < edges.length && n >= edges[b]!) b++;
  return b;
}

function articleBucket(al: number, n: number): number {
  const r = al / n;
  if (r === 0) return 0;
  if (r < 0.1) return 1;
  if (r < 0.5) return 2;
  if (r < 0.95) return 3;
  return 4;
}

/** Profile = frequency bucket (0–6) + 8 × article bucket (0–4) + 64 × takes a pronoun (0/1). */
export function buildUsage(sentences: Iterable<readonly string[]>, minCount = 3): Usage {
  const counts = new Map<string, Counts>();
  for (const tokens of sentences) {
    for (const t of tokens) {
      const { bare, article } = parse(t);
      if (bare.length < 2) continue;
      let c = counts.get(bare);
      if (!c) {
        c = { n: 0, al: 0 };
        counts.set(bare, c);
      }
      c.n++;
      if (article) c.al++;
    }
  }
  const usage: Usage = new Map();
  for (const [bare, c] of counts) {
    if (c.n < minCount) continue;
    const pronoun = takesPronoun(bare, counts) ? 1 : 0;
    usage.set(bare, frequencyBucket(c.n) + 8 * articleBucket(c.al, c.n) + 64 * pronoun);
  }
  return usage;
}

/** A profile's parts as feature values, and all three together (`use`). */
export type Profile = { freq: string; article: string; pronoun: string; use: string };

const RARE: Profile = { freq: 'rare', article: '?', pronoun: '?', use: 'rare??' };
// Made once per code (there are at most 128): a new word's features then build no strings.
const PROFILES: Profile[] = [];

/** The profile's parts as feature values: frequency, article use, pronoun use. */
export function profileOf(code: number | undefined): Profile {
  if (code === undefined) return RARE;
  let p = PROFILES[code];
  if (!p) {
    const freq = String(code & 7);
    const article = String((code >> 3) & 7);
    const pronoun = String((code >> 6) & 1);
    p = { freq, article, pronoun, use: `${freq}${article}${pronoun}` };
    PROFILES[code] = p;
  }
  return p;
}
