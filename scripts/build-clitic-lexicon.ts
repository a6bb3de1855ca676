/**
 * Builds src/text/clitic-lexicon.ts from the unlabelled news stream:
 * `npx tsx scripts/build-clitic-lexicon.ts [../shared/data/stream/saudinewsnet.jsonl.gz]`.
 * A lone ب ك ل ف is a clitic only when the rest of the word is attested on its own (bare or with ال) more
 * often than the whole form; `لل` before a ل-initial word keeps that ل (للبنان = ل + لبنان) when the
 * ل-word is better attested than the word without it; a و or ف is a conjunction unless the word is a
 * frequent و/ف-word whose rest is not a word of its own; an ال-initial word keeps its ال when the stream
 * writes it behind ل without merging the two into لل (لألمانيا, لإلغاء: ل + ال would be للمانيا) and
 * its rest hardly occurs on its own (إلغاء, التزام, ألمانيا; not الباب, whose باب is a word). A word
 * that only looks like a clitic + ال (كاليفورنيا, بالتيمور, والدة, والي) keeps its letters when the
 * stream knows the word but never the rest with ال (اليفورنيا, التيمور, الدة, الي).
 * Deterministic: sorted output, no timestamps.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { normalizeLetters } from '../src/text/normalize.ts';

const LONE = ['ب', 'ك', 'ل', 'ف'];
/** Endings of a word's family, to tell whether the rest after ال lives on its own (مانيا, تزام do not). */
const FAMILY_ENDINGS = ['', 'ي', 'ية', 'يه', 'يا', 'يين', 'يون', 'ه', 'ها', 'هم', 'ات', 'ين', 'ون', 'ة', 'ا'];
/** At most this share of an ال-root word's sightings may be its rest on its own (typos, foreign spellings). */
const AL_ROOT_REST = 0.1;
/** Fewer sightings than this decide nothing: unseen and rare forms keep their letter. */
const MIN_ATTESTED = 3;
/** Forms the article family already covers (بالـ كالـ فالـ للـ) never reach the lone-letter rule. */
const ARTICLE_FORMS = ['بال', 'كال', 'فال', 'لل', 'فبال', 'فكال', 'فلل'];
/**
 * Frequent idioms (بشكل, لمدة, بسبب) outnumber their bare noun, but a preposition form never takes ال
 * while a noun with a root ب/ك/ل/ف mostly does (الكامل, البحرية, الفيصل): without ال, a tenth is enough.
 */
const IDIOM_RATIO = 0.1;
const AL_NOISE = 0.02;
/** Clitic + ال forms: their article reading must be attested (ال + the rest), or the letters are the word's. */
const ARTICLE_CLITIC_FORMS = ['وبال', 'فبال', 'وكال', 'فكال', 'وال', 'فال', 'بال', 'كال'];
/** At most this share of a word's sightings for its article reading (ال + rest, or the rest alone). */
const ARTICLE_READING_NOISE = 0.05;
const WORD_PREFIXES = ['ال', 'ب', 'ل', 'و', 'ف', 'ك', 'وب', 'ول', 'لل'];

export function countWords(lines: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line) as { title?: string; text?: string };
    const text = normalizeLetters(`${rec.title ?? ''} ${rec.text ?? ''}`);
    for (const m of text.matchAll(/[\u0621-\u064A]+/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  return counts;
}

export function decide(counts: Map<string, number>): {
  strip: string[];
  lamWords: string[];
  conjRootWords: string[];
  alRootWords: string[];
  articleRootWords: string[];
} {
  const attested = (x: string) => (counts.get(x) ?? 0) + (counts.get(`ال${x}`) ?? 0);
  const isClitic = (w: string) => {
    const rest = attested(w.slice(1));
    const bare = counts.get(w) ?? 0;
    const neverDefinite = (counts.get(`ال${w}`) ?? 0) <= AL_NOISE * bare;
    return rest >= MIN_ATTESTED && neverDefinite && rest >= IDIOM_RATIO * bare;
  };
  const strip: string[] = [];
  const conjRootWords: string[] = [];
  const lamWords: string[] = [];
  for (const [w, n] of counts) {
    if (w.length < 4 || ARTICLE_FORMS.some((p) => w.startsWith(p))) continue;
    if (LONE.includes(w[0] as string) && isClitic(w)) strip.push(w);
    // و and ف are conjunctions by default; only frequent words whose و/ف is a root letter are listed.
    if (
      (w[0] === 'و' || w[0] === 'ف') &&
      !w.startsWith('وال') &&
      !w.startsWith('فال') &&
      n >= MIN_ATTESTED &&
      !isClitic(w)
    )
      conjRootWords.push(w);
  }
  const stripSet = new Set(strip);
  for (const w of counts.keys()) {
    if (w.length < 4 || !w.startsWith('لل')) continue;
    const lamWord = w.slice(1);
    const a = attested(lamWord);
    // A ل-word that is itself ل + word (لكرة, لتدعيم) is the article reading: للكرة = ل + الكرة.
    if (
      a >= MIN_ATTESTED &&
      a > 2 * attested(w.slice(2)) &&
      !stripSet.has(lamWord) &&
      !lamWord.startsWith('لل')
    )
      lamWords.push(lamWord);
  }
  const count = (x: string) => counts.get(x) ?? 0;
  const alRootWords: string[] = [];
  for (const [w, n] of counts) {
    if (w.length < 5 || !w.startsWith('ال')) continue;
    const rest = w.slice(2);
    // Behind ل, وال, ال or بال the ال stayed written: it belongs to the word (الالتزام, لإلغاء).
    const rootReadings = count(`ل${w}`) + count(`ال${w}`) + count(`وال${w}`) + count(`بال${w}`);
    let restAlone = 0;
    for (const e of FAMILY_ENDINGS) restAlone += count(rest + e);
    if (
      rootReadings >= 2 &&
      rootReadings > 2 * count(`لل${rest}`) &&
      restAlone <= AL_ROOT_REST * (n + rootReadings)
    )
      alRootWords.push(w);
  }
  const articleRootWords: string[] = [];
  for (const [w, n] of counts) {
    if (n < MIN_ATTESTED) continue;
    const p = ARTICLE_CLITIC_FORMS.find((f) => w.startsWith(f));
    // The stemmer strips only when at least 2 letters remain.
    if (!p || w.length - p.length < 2) continue;
    const rest = w.slice(p.length);
    // Another clitic or ال before the whole (بكاليفورنيا, الوالدة, لوالده) shows the letters are the word's:
    // a second ال or a ب before بال cannot be the article.
    const wordReadings = WORD_PREFIXES.reduce((sum, q) => sum + count(q + w), 0);
    if (wordReadings >= 1 && count(`ال${rest}`) + count(rest) <= ARTICLE_READING_NOISE * n) {
      articleRootWords.push(w);
    }
  }
  return {
    strip: strip.sort(),
    lamWords: lamWords.sort(),
    conjRootWords: conjRootWords.sort(),
    alRootWords: alRootWords.sort(),
    articleRootWords: articleRootWords.sort(),
  };
}

function main() {
  const path = process.argv[2] ?? '../shared/data/stream/saudinewsnet.jsonl.gz';
  const counts = countWords(gunzipSync(readFileSync(path)).toString('utf8').split('\n'));
  const { strip, lamWords, conjRootWords, alRootWords, articleRootWords } = decide(counts);
  const out = `// Generated by scripts/build-clitic-lexicon.ts from the SaudiNewsNet stream; do not edit by hand.
/** Words whose first ب ك ل ف is a clitic: the rest is attested on its own more often than the whole. */
export const LONE_CLITIC_WORDS: string =
  '${strip.join(' ')}';
/** ل-initial words that keep their ل after لل (للبنان = ل + لبنان, not ل + ال + بنان). */
export const LAM_INITIAL_WORDS: string =
  '${lamWords.join(' ')}';
/** Frequent و/ف-initial words whose first letter is part of the word (الوزير, فيلم: ال precedes, or the rest is rare). */
export const ROOT_CONJ_WORDS: string =
  '${conjRootWords.join(' ')}';
/** ال-initial words whose ال is part of the word (إلغاء, التزام, ألمانيا): written لإلغاء, not للغاء. */
export const AL_ROOT_WORDS: string =
  '${alRootWords.join(' ')}';
/** Words that look like a clitic + ال but are words of their own (كاليفورنيا, بالتيمور, والدة): kept whole. */
export const ARTICLE_ROOT_WORDS: string =
  '${articleRootWords.join(' ')}';
`;
  writeFileSync('src/text/clitic-lexicon.ts', out);
  console.log(
    `${strip.length} lone-clitic, ${lamWords.length} lam-initial, ${conjRootWords.length} root و/ف, ${alRootWords.length} root ال words, ${articleRootWords.length} clitic-looking words, ${out.length} chars`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
