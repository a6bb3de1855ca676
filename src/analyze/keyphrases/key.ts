/**
 * The identity of a tag: the stems of its non-stop words joined by a space. Two spellings with the same key
 * are one tag (`وزير الخارجية` / `وزیر الخارجیة`, `للصراعات الفكرية` / `الصراعات الفكرية`).
 */
import { type AnalyzedToken, analyze } from '../../text/analyzer.ts';
import { fold, normalize, normalizeLetters } from '../../text/normalize.ts';
import { stem } from '../../text/stem.ts';

const FATHATAN = '\u064B';

/**
 * The analyzer's stem, except that an accusative ending written with tanween (`اتصالاً هاتفياً`) is dropped
 * first, so it is the same tag as `اتصال هاتفي`. Without the diacritic the final alef is left alone: it is
 * part of many words (سوريا، أمريكا).
 */
export function tokenStem(t: Pick<AnalyzedToken, 'text' | 'norm' | 'stem'>): string {
  if (t.norm.length > 3 && t.norm.endsWith('ا') && t.text.includes(FATHATAN)) {
    const letters = normalizeLetters(t.text);
    if (letters.endsWith('ا')) return normalize(fold(stem(letters.slice(0, -1))));
  }
  return t.stem;
}

/** The key of a phrase given as text: how gold keyphrases and tags are compared. */
export function phraseKey(phrase: string): string {
  const stems: string[] = [];
  for (const t of analyze(phrase)) {
    if ((t.kind === 'word' || t.kind === 'number') && !t.stop && t.stem !== '') stems.push(tokenStem(t));
  }
  return stems.join(' ');
}
