/**
 * `naba eval keyphrases`: precision, recall and F1 at k of the tags against annotated keyphrases.
 *
 * Matching rule: a tag and a gold phrase match when their stem sequences are equal: both sides go through the
 * same analyzer (letters normalized, diacritics dropped, proclitics و ف ب ك ل ال stripped, light stem, ة/ى
 * folded), stopwords are left out, and the stems joined by a space must be identical (`للصراعات الفكرية` =
 * `الصراعات الفكرية`; `الفكرية` ≠ `الصراعات الفكرية`: no partial credit).
 *
 * Per document: the top k tags against the head (first k) of the gold list, each side deduplicated by key.
 * Precision = matched tags / tags shown (at most k; 0 when none), recall = matched gold / gold head,
 * F1 their harmonic mean. The figures are macro-averages over documents (F1 is the mean of per-document F1).
 *
 * Honest figures need documents the weights were not tuned on. AKEC ships a single file of 100 documents, so
 * it is split in two by a hash of each document's text (`keyphrasePart`): tune on the dev half, report the
 * held-out half.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { phraseKey, tokenStem } from '../analyze/keyphrases/key.ts';
import { splitKey } from '../analyze/sections/split.ts';
import { analyze } from '../text/analyzer.ts';

export { phraseKey };

export type KeyphraseDoc = { id: string; title: string; text: string; keyphrases: string[] };

export type KeyphraseScores = { precision: number; recall: number; f1: number; k: number; n: number };

/** Which part of a file a document is in: `dev` for tuning, `holdout` for reporting. */
export type KeyphrasePart = 'dev' | 'holdout';

/**
 * The part of a document, from a hash of its text (the sections split's `splitKey`: letters only, so a
 * repost with other punctuation or links falls on the same side). Half and half, not the sections' tenth:
 * a tenth of AKEC is 13 documents, too few for a figure (one document moves F1@10 by several points).
 */
export function keyphrasePart(doc: { title?: string; text?: string }): KeyphrasePart {
  const digest = createHash('sha1').update(splitKey(doc)).digest();
  return (digest[0]! & 1) === 1 ? 'holdout' : 'dev';
}

function distinctKeys(phrases: readonly string[], limit: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of phrases) {
    if (out.length >= limit) break;
    const key = phraseKey(p);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(key);
  }
  return out;
}

/** Precision, recall and F1 of one document's tags (top k) against its gold head (top k). */
export function scoreDocument(
  predicted: readonly string[],
  gold: readonly string[],
  k: number,
): { precision: number; recall: number; f1: number } {
  const p = distinctKeys(predicted, k);
  const g = distinctKeys(gold, k);
  const goldSet = new Set(g);
  let hits = 0;
  for (const key of p) if (goldSet.has(key)) hits++;
  const precision = p.length === 0 ? 0 : hits / p.length;
  const recall = g.length === 0 ? 0 : hits / g.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Macro-averages over documents; `tagsOf` gives a document's tags, best first. */
export function evaluateKeyphrases(
  docs: readonly KeyphraseDoc[],
  tagsOf: (doc: KeyphraseDoc) => string[],
  k = 10,
): KeyphraseScores {
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  for (const doc of docs) {
    const s = scoreDocument(tagsOf(doc), doc.keyphrases, k);
    precision += s.precision;
    recall += s.recall;
    f1 += s.f1;
  }
  const n = docs.length;
  return n === 0
    ? { precision: 0, recall: 0, f1: 0, k, n }
    : { precision: precision / n, recall: recall / n, f1: f1 / n, k, n };
}

/** Gold phrases of one length (in words, 4 = four or more): how many, how many the text holds, how many were tagged. */
export type DiagnosisRow = { gold: number; inText: number; tagged: number };

/**
 * Where the misses are, over the gold heads: a gold phrase the text never writes (as a run of stems, stopwords
 * aside) is out of any extractor's reach, one written but not tagged is a ranking or candidate miss. By length.
 */
export function diagnoseKeyphrases(
  docs: readonly KeyphraseDoc[],
  tagsOf: (doc: KeyphraseDoc) => string[],
  k = 10,
): Record<string, DiagnosisRow> {
  const rows: Record<string, DiagnosisRow> = {};
  for (const doc of docs) {
    const tagged = new Set(distinctKeys(tagsOf(doc), k));
    const runs = stemRuns(`${doc.title}\n${doc.text}`);
    for (const key of distinctKeys(doc.keyphrases, k)) {
      const words = key.split(' ').length;
      const length = words >= 4 ? '4+' : String(words);
      const row = rows[length] ?? { gold: 0, inText: 0, tagged: 0 };
      rows[length] = row;
      row.gold++;
      if (runs.includes(` ${key} `)) row.inText++;
      if (tagged.has(key)) row.tagged++;
    }
  }
  return rows;
}

/** The stems of a text's words and numbers (stopwords left out, as in `phraseKey`), space-delimited. */
function stemRuns(text: string): string {
  let out = ' ';
  for (const t of analyze(text)) {
    if (t.kind !== 'word' && t.kind !== 'number') {
      if (t.kind === 'punct') out += '| ';
      continue;
    }
    if (!t.stop && t.stem !== '') out += `${tokenStem(t)} `;
  }
  return out;
}

/** Reads Article JSONL with a `keyphrases` list; a bad line is an error naming file and line. */
export function readKeyphraseJsonl(path: string): KeyphraseDoc[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`eval keyphrases: cannot read ${path}: ${(error as Error).message}`);
  }
  const docs: KeyphraseDoc[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line);
    } catch {
      throw new Error(`eval keyphrases: ${path}:${i + 1}: not JSON`);
    }
    const kp = o.keyphrases;
    if (!Array.isArray(kp) || !kp.every((x) => typeof x === 'string')) {
      throw new Error(`eval keyphrases: ${path}:${i + 1}: no string list \`keyphrases\``);
    }
    docs.push({
      id: String(o.id ?? i + 1),
      title: typeof o.title === 'string' ? o.title : '',
      text: typeof o.text === 'string' ? o.text : '',
      keyphrases: kp as string[],
    });
  }
  return docs;
}
