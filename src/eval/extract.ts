/**
 * Main-text extraction quality, scored exactly like the ScrapingHub article-extraction-benchmark
 * (`evaluate.py`): word 4-gram shingles as multisets, tp/fp/fn normalised per page so that long pages do not
 * weigh more, precision and recall averaged over pages (macro), F1 = harmonic mean of the two averages.
 */

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extract } from '../ingest/extract/index.ts';
import type { Article } from '../model.ts';

/** tp, fp, fn of one page, normalised so that they sum to 1 (all zero when both texts are empty). */
export type TpFpFn = readonly [tp: number, fp: number, fn: number];

export interface ExtractionScore {
  precision: number;
  recall: number;
  f1: number;
  /** Share of pages whose token sequence equals the gold one. */
  accuracy: number;
  pages: number;
}

// Python's `\w` with re.UNICODE: str.isalnum() characters (letters L*, numbers N*) and '_'. Combining
// marks (Arabic harakat) are NOT word characters there, so they split words; we keep that on purpose.
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;

/** The benchmark's tokenizer: runs of word characters, case kept. */
export function benchmarkTokens(text: string): string[] {
  return text ? (text.match(TOKEN_RE) ?? []) : [];
}

/** Word n-grams as the benchmark builds them: a text shorter than n gives one short shingle, empty gives none. */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = benchmarkTokens(text);
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const gram = tokens.slice(i, i + n);
    if (gram.length === 0) continue;
    // U+0001 cannot occur inside a token, so joined keys are unambiguous.
    const key = gram.join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Multiset overlap of the 4-gram shingles of gold and predicted text (`string_shingle_matching`). */
export function shingleMatching(truth: string, pred: string, n = 4): TpFpFn {
  const t = shingles(truth, n);
  const p = shingles(pred, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, tc] of t) {
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fn += Math.max(0, tc - pc);
  }
  for (const [key, pc] of p) fp += Math.max(0, pc - (t.get(key) ?? 0));
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [0, 0, 0];
}

export function precisionScore([tp, fp, fn]: TpFpFn): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

export function recallScore([tp, fp, fn]: TpFpFn): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

/** `get_accuracy`: 1 when both token sequences are identical. */
export function exactMatch(truth: string, pred: string): number {
  const a = benchmarkTokens(truth);
  const b = benchmarkTokens(pred);
  return a.length === b.length && a.every((t, i) => t === b[i]) ? 1 : 0;
}

const SCALE_BITS = 1074n;
const DECIMALS = 1080;
const DECIMAL_FACTOR = 5n ** SCALE_BITS * 10n ** BigInt(DECIMALS - Number(SCALE_BITS));

/** A finite double as an exact integer count of 2^-1074 (the smallest subnormal). */
function toUnits(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const units = exp === 0 ? frac : ((1n << 52n) | frac) << BigInt(exp - 1);
  return hi >>> 31 ? -units : units;
}

/**
 * The mean rounded once, from the exact sum, as Python's `statistics.mean` does (it sums exact fractions):
 * the figures then match the benchmark's to the last bit, not just to the printed digits. The exact quotient
 * goes through a decimal string with 1080 places and a sticky digit, which V8 parses with correct rounding;
 * no rounding midpoint of a double needs more than 1075 places, so the sticky digit cannot cross one.
 */
function mean(values: readonly number[]): number {
  // statistics.mean raises on no data; an empty run scores 0 rather than crashing the report.
  if (values.length === 0) return 0;
  let sum = 0n;
  for (const v of values) sum += toUnits(v);
  const negative = sum < 0n;
  const scaled = (negative ? -sum : sum) * DECIMAL_FACTOR;
  const n = BigInt(values.length);
  const q = scaled / n;
  const sticky = scaled % n === 0n ? '' : '1';
  const value = Number(`${q}${sticky}e-${DECIMALS + sticky.length}`);
  return negative ? -value : value;
}

/**
 * `metrics_from_tp_fp_fns`: precision averaged over pages that predicted something or had gold
 * (tp + fp > 0; an empty prediction does not count against precision), recall over pages with gold
 * (tp + fn > 0), F1 from the two averages.
 */
export function aggregate(perPage: readonly TpFpFn[], accuracies: readonly number[] = []): ExtractionScore {
  const precision = mean(perPage.filter(([tp, fp]) => tp + fp > 0).map(precisionScore));
  const recall = mean(perPage.filter(([tp, , fn]) => tp + fn > 0).map(recallScore));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, accuracy: mean(accuracies), pages: perPage.length };
}

/** Scores predicted bodies against gold bodies, page by page; a missing prediction counts as empty. */
export function scoreExtraction(
  gold: ReadonlyMap<string, string>,
  predicted: ReadonlyMap<string, string>,
): ExtractionScore {
  const perPage: TpFpFn[] = [];
  const accuracies: number[] = [];
  for (const [id, truth] of gold) {
    const pred = predicted.get(id) ?? '';
    perPage.push(shingleMatching(truth, pred));
    accuracies.push(exactMatch(truth, pred));
  }
  return aggregate(perPage, accuracies);
}

/**
 * The article content naba extracted, as the benchmark's gold writes it: body text, then each embedded
 * post (kept apart in `quotes`, but part of what the article shows) with its attribution line.
 */
export function articleContent(article: Article | null): string {
  if (!article) return '';
  const quotes = (article.quotes ?? []).map((q) => {
    const by = [q.author, q.handle ? `(${q.handle})` : '', q.date].filter(Boolean).join(' ');
    return by ? `${q.text}\n\n— ${by}` : q.text;
  });
  return [article.text, ...quotes].filter(Boolean).join('\n\n');
}

/** naba's prediction for one page; a crash on one page is an empty prediction, not a failed run. */
export function predictNaba(html: string, url: string, withQuotes = true): string {
  try {
    const article = extract(html, url);
    return withQuotes ? articleContent(article) : (article?.text ?? '');
  } catch {
    return '';
  }
}

/** The peer: plain Readability over linkedom, its textContent as is, no naba processing. */
export function predictReadability(html: string): string {
  try {
    const { document } = parseHTML(html);
    return new Readability(document as unknown as Document).parse()?.textContent ?? '';
  } catch {
    return '';
  }
}
