/**
 * Entity keys: one stable spelling per name so mentions link across articles.
 *
 * The scheme: every word is `normalize`d (letters normalized, ة/ى folded, Latin lowercased); the first word
 * loses its proclitic conjunction and preposition (و ف, then ب ك ل; لل + X reads as ال + X) but KEEPS the
 * article: `والعراق`, `بالعراق`, `للعراق` → `العراق`; `لسوريا`, `وسوريا` → `سوريا`; `لبنان` stays `لبنان`.
 * Whether a leading letter is a clitic or the name's own (لبنان, بيروت, فرنسا) is decided by how often each
 * reading was seen as a name word in training, once the text stemmer's stream-attested clitic lexicon has
 * not already said the letter is the word's own; unseen words lose a clitic only when what remains starts
 * with ال (`وكاراكاس` keeps its و, `والكاراكاس` does not).
 */
import { normalizeLetters } from '../../text/normalize.ts';
import { stripClitics } from '../../text/stem.ts';
import { matchForm } from './lexicon.ts';

type Candidate = { form: string; dropped: number };

const CONJ = new Set(['و', 'ف']);
const PREP = new Set(['ب', 'ك', 'ل']);

function candidates(word: string): Candidate[] {
  const out: Candidate[] = [{ form: word, dropped: 0 }];
  const push = (form: string, dropped: number) => {
    if (form.length >= 2) out.push({ form, dropped });
  };
  let rest = word;
  let dropped = 0;
  if (CONJ.has(rest[0]!) && rest.length >= 3) {
    rest = rest.slice(1);
    dropped = 1;
    push(rest, dropped);
  }
  if (PREP.has(rest[0]!) && rest.length >= 3) {
    // لل + X is ل + ال + X with the alef dropped in writing; -1 marks "not a plain prefix of the original".
    if (rest[0] === 'ل' && rest[1] === 'ل' && rest.length >= 4) push(`ا${rest.slice(1)}`, -1);
    push(rest.slice(1), dropped + 1);
  }
  return out;
}

/**
 * The key form of a name's first word and how many leading letters of the word it drops
 * (`-1` when the key is not a plain suffix of the word, as with لل → ال).
 */
export function keyWord(word: string, nameWords: ReadonlyMap<string, number>): Candidate {
  const norm = matchForm(word);
  // When the news stream attests the leading letter as the word's own (بسام, بيروت, فيصل), no count of
  // shorter name words may strip it: `بسام` is not ب + `سام`.
  const letters = normalizeLetters(word);
  if (stripClitics(letters).length === letters.length) return { form: norm, dropped: 0 };
  const all = candidates(norm);
  let best: Candidate | undefined;
  let bestCount = 0;
  for (const c of all) {
    const n = nameWords.get(c.form) ?? 0;
    // Ties go to the less stripped reading (candidates come in that order).
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  if (best) return best;
  for (const c of all) {
    if (c.dropped !== 0 && c.form.startsWith('ال') && c.form.length >= 4) return c;
  }
  return all[0]!;
}

const nameKeyWords = new WeakMap<ReadonlyMap<string, number>, Map<string, Readonly<Candidate>>>();
const NAME_KEY_WORDS_LIMIT = 20_000;

/**
 * `keyWord` of a word of a found name, kept: the same names come back article after article, and each
 * mention asks for its first word's key two or three times (its text, its key, its link). Bounded: emptied
 * when full. The result is shared, so it is read-only.
 */
export function nameKeyWord(word: string, nameWords: ReadonlyMap<string, number>): Readonly<Candidate> {
  let known = nameKeyWords.get(nameWords);
  if (!known) {
    known = new Map();
    nameKeyWords.set(nameWords, known);
  }
  let key = known.get(word);
  if (key === undefined) {
    key = keyWord(word, nameWords);
    if (known.size >= NAME_KEY_WORDS_LIMIT) known.clear();
    known.set(word, key);
  }
  return key;
}

/** The key of a name given as its words. */
export function entityKey(words: readonly string[], nameWords: ReadonlyMap<string, number>): string {
  if (words.length === 0) return '';
  return [nameKeyWord(words[0]!, nameWords).form, ...words.slice(1).map(matchForm)].join(' ');
}
