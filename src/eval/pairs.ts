/**
 * `naba eval pairs`: ingest labelled articles through the normal pipeline (store, analysis, dedup,
 * stories) and measure, per labelled pair, "same duplicate group" against COPY, "same story" against
 * COPY|SAME_STORY, and the related score: ROC AUC (RELATED vs UNRELATED; SAME_STORY+RELATED vs
 * UNRELATED) and, for SemEval-style `overall` scores, Pearson and Spearman against −overall.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { shippedDocFreq } from '../analyze/docfreq.ts';
import type { Article } from '../model.ts';
import { createAnalyzer, Pipeline, placementTime } from '../pipeline.ts';
import { articleFromRecord } from '../store/import.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';

export type PairLabel = 'COPY' | 'SAME_STORY' | 'RELATED' | 'UNRELATED';

export interface LabelledPair {
  a: string;
  b: string;
  label?: PairLabel;
  /** SemEval: 1 = same story … 4 = unrelated. */
  overall?: number;
}

export interface PairJudgement {
  sameGroup: boolean;
  sameStory: boolean;
  score: number;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface PairsResult {
  copy?: Prf;
  story?: Prf;
  related_auc?: number;
  related_auc_any?: number;
  pearson?: number;
  spearman?: number;
  pairs: number;
}

/** Precision, recall and F1 of boolean predictions; an empty class gives 0 rather than NaN. */
export function prf(predicted: readonly boolean[], gold: readonly boolean[]): Prf {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i] && gold[i]) tp++;
    else if (predicted[i]) fp++;
    else if (gold[i]) fn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Average ranks (1-based), ties sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]![1]] = rank;
    i = j + 1;
  }
  return out;
}

/** ROC AUC: the chance a random positive scores above a random negative (ties count half). */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  const r = ranks([...positives, ...negatives]);
  let sum = 0;
  for (let i = 0; i < positives.length; i++) sum += r[i]!;
  const n = positives.length;
  return (sum - (n * (n + 1)) / 2) / (n * negatives.length);
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(ranks(x), ranks(y));
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const roundPrf = (p: Prf): Prf => ({
  precision: round(p.precision),
  recall: round(p.recall),
  f1: round(p.f1),
});

/** The figures a pairs file can measure, from one judgement per pair (pairs with unknown ids left out). */
export function scorePairs(
  pairs: readonly LabelledPair[],
  judge: (p: LabelledPair) => PairJudgement | null,
): PairsResult {
  const labelled: { label: PairLabel; j: PairJudgement }[] = [];
  const graded: { overall: number; j: PairJudgement }[] = [];
  for (const p of pairs) {
    const j = judge(p);
    if (!j) continue;
    if (p.label) labelled.push({ label: p.label, j });
    else if (typeof p.overall === 'number') graded.push({ overall: p.overall, j });
  }
  const result: PairsResult = { pairs: labelled.length + graded.length };
  if (labelled.length > 0) {
    result.copy = roundPrf(
      prf(
        labelled.map((x) => x.j.sameGroup),
        labelled.map((x) => x.label === 'COPY'),
      ),
    );
    result.story = roundPrf(
      prf(
        labelled.map((x) => x.j.sameStory),
        labelled.map((x) => x.label === 'COPY' || x.label === 'SAME_STORY'),
      ),
    );
    const scores = (labels: PairLabel[]) =>
      labelled.filter((x) => labels.includes(x.label)).map((x) => x.j.score);
    const unrelated = scores(['UNRELATED']);
    const auc = rocAuc(scores(['RELATED']), unrelated);
    const aucAny = rocAuc(scores(['SAME_STORY', 'RELATED']), unrelated);
    if (!Number.isNaN(auc)) result.related_auc = round(auc);
    if (!Number.isNaN(aucAny)) result.related_auc_any = round(aucAny);
  }
  if (graded.length > 1) {
    const s = graded.map((x) => x.j.score);
    const target = graded.map((x) => -x.overall);
    const p = pearson(s, target);
    const sp = spearman(s, target);
    if (!Number.isNaN(p)) result.pearson = round(p);
    if (!Number.isNaN(sp)) result.spearman = round(sp);
  }
  return result;
}

// Files

function readLines(path: string): string[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`eval pairs: cannot read ${path}: ${(error as Error).message}`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** Articles of a JSONL file (gzip allowed); bad lines are skipped and counted. */
export function readArticles(path: string, fetchedAt: string): { articles: Article[]; bad: number } {
  const articles: Article[] = [];
  let bad = 0;
  for (const line of readLines(path)) {
    try {
      articles.push(articleFromRecord(JSON.parse(line), 'unknown', fetchedAt));
    } catch {
      bad++;
    }
  }
  return { articles, bad };
}

export function readPairs(path: string): LabelledPair[] {
  const out: LabelledPair[] = [];
  for (const [i, line] of readLines(path).entries()) {
    const r = JSON.parse(line) as LabelledPair;
    if (typeof r.a !== 'string' || typeof r.b !== 'string')
      throw new Error(`eval pairs: ${path} line ${i + 1} has no a/b ids`);
    out.push(r);
  }
  return out;
}

export interface PairsRunOptions {
  articles: string;
  pairs: string;
  /** Extra unlabelled articles ingested with them (realistic df and story competition). */
  background?: string;
  entities?: boolean;
  /** Start from the shipped document frequencies (default true), as a new deployment does. */
  priorDf?: boolean;
}

/**
 * Ingest the articles (and background) into a fresh temporary SQLite store through the pipeline, in
 * order of publication (a feed's order), then judge every pair.
 */
export async function runPairsEval(options: PairsRunOptions): Promise<PairsResult & { ingested: number }> {
  const fetchedAt = new Date().toISOString();
  const byId = new Map<string, Article>();
  if (options.background)
    for (const a of readArticles(options.background, fetchedAt).articles) byId.set(a.id, a);
  for (const a of readArticles(options.articles, fetchedAt).articles) byId.set(a.id, a);
  const now = Date.parse(fetchedAt);
  const ordered = [...byId.values()]
    .map((a, i) => ({ a, i, t: placementTime(a, now) }))
    .sort((x, y) => x.t - y.t || x.i - y.i)
    .map((x) => x.a);
  const pairs = readPairs(options.pairs);

  const dir = mkdtempSync(join(tmpdir(), 'naba-eval-pairs-'));
  const store = await openSqliteStore(join(dir, 'eval.db'));
  try {
    const pipeline = new Pipeline(store, {
      analyze: await createAnalyzer({ entities: options.entities }),
      corpusParams: options.priorDf === false ? {} : { priorDf: shippedDocFreq() },
    });
    for (let i = 0; i < ordered.length; i += 500) await pipeline.ingest(ordered.slice(i, i + 500));
    const corpus = pipeline.corpus;
    const result = scorePairs(pairs, (p) => {
      const a = corpus.placementOf(p.a);
      const b = corpus.placementOf(p.b);
      if (!a || !b) return null;
      const groupA = a.duplicateOf ?? p.a;
      const groupB = b.duplicateOf ?? p.b;
      return {
        sameGroup: groupA === groupB,
        sameStory: a.storyId === b.storyId,
        score: corpus.relatedScore(p.a, p.b),
      };
    });
    return { ...result, ingested: corpus.size };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
