/**
 * How a tag is shown: in the publisher's spelling, without the proclitic glued to its first word
 * (`والعراق` → `العراق`, `للصراعات` → `الصراعات`, `وسوريا` → `سوريا`). Only the first word: inner words
 * keep theirs (`وزير الخارجية والمغتربين`).
 */
import { normalizeLetters } from '../../text/normalize.ts';

const ALEF = 'ا';

/** Index in `word` just after its first `letters` letters (diacritics and tatweel do not count as letters). */
function afterLetters(word: string, letters: number): number {
  let seen = 0;
  let i = 0;
  while (i < word.length && seen < letters) {
    if (normalizeLetters(word[i]!) !== '') seen++;
    i++;
  }
  while (i < word.length && normalizeLetters(word[i]!) === '') i++;
  return i;
}

/**
 * `word` (as printed) without its leading conjunction or preposition. `known(letters)` says whether a word
 * (after `normalizeLetters`) occurs standalone in the article: a bare و ف ب ل ك is only dropped when what is
 * left is such a word (`بغداد` stays: `غداد` is not one).
 */
export function displayFirstWord(word: string, known: (letters: string) => boolean): string {
  const w = normalizeLetters(word);
  // وال بال كال فال وبال فبال وكال + a word of 3+ letters: drop what precedes ال.
  const article = /^(و|ف)?(ب|ك|ل)?ال/.exec(w);
  if (article && article[0].length > 2 && w.length - article[0].length >= 3) {
    return word.slice(afterLetters(word, article[0].length - 2));
  }
  // لل = ل + ال with the alef dropped: للصراعات → الصراعات.
  const lil = /^(و|ف)?لل/.exec(w);
  if (lil && w.length - lil[0].length >= 3) {
    return ALEF + word.slice(afterLetters(word, lil[0].length - 1));
  }
  const first = w[0];
  // A bare و ف ب ل ك: only when the rest stands alone elsewhere in the article (وسوريا → سوريا), since many
  // words and names start with these letters (فاروق, وفاء, بغداد).
  if (w.length >= 4 && (first === 'و' || first === 'ف' || first === 'ب' || first === 'ل' || first === 'ك')) {
    if (known(w.slice(1))) return word.slice(afterLetters(word, 1));
  }
  return word;
}
