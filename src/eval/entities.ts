/**
 * Entity-level scores, CoNLL convention: a predicted entity counts only if its span and type match a gold
 * entity exactly. MISC is dropped from gold and predictions alike; only PER, LOC and ORG are scored.
 */
import type { EntityType } from '../analyze/entities/conll.ts';
import { spansOf } from '../analyze/entities/conll.ts';

export type Scores = {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  predicted: number;
  correct: number;
};
export type EntityReport = { micro: Scores; per_type: Record<EntityType, Scores> };

const TYPES: EntityType[] = ['PER', 'LOC', 'ORG'];

function scores(correct: number, gold: number, predicted: number): Scores {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, gold, predicted, correct };
}

/** Scores predicted IOB2 tag sequences against gold ones (same tokens, sentence by sentence). */
export function scoreEntities(
  gold: readonly (readonly string[])[],
  pred: readonly (readonly string[])[],
): EntityReport {
  if (gold.length !== pred.length) {
    throw new Error(`eval entities: ${gold.length} gold sentences but ${pred.length} predicted`);
  }
  const counts = Object.fromEntries(TYPES.map((t) => [t, { gold: 0, predicted: 0, correct: 0 }])) as Record<
    EntityType,
    { gold: number; predicted: number; correct: number }
  >;
  gold.forEach((g, s) => {
    const p = pred[s]!;
    if (g.length !== p.length) {
      throw new Error(`eval entities: sentence ${s + 1} has ${g.length} gold tags but ${p.length} predicted`);
    }
    const goldSpans = spansOf(g).filter((x) => x.type !== 'MISC');
    const predSpans = spansOf(p).filter((x) => x.type !== 'MISC');
    const goldKeys = new Set(goldSpans.map((x) => `${x.type}:${x.start}:${x.end}`));
    for (const x of goldSpans) counts[x.type as EntityType].gold++;
    for (const x of predSpans) {
      const c = counts[x.type as EntityType];
      c.predicted++;
      if (goldKeys.has(`${x.type}:${x.start}:${x.end}`)) c.correct++;
    }
  });
  const per_type = Object.fromEntries(
    TYPES.map((t) => [t, scores(counts[t].correct, counts[t].gold, counts[t].predicted)]),
  ) as Record<EntityType, Scores>;
  const sum = (k: 'gold' | 'predicted' | 'correct') => TYPES.reduce((acc, t) => acc + counts[t][k], 0);
  return { micro: scores(sum('correct'), sum('gold'), sum('predicted')), per_type };
}

/** A plain-text table of the report. */
export function formatEntityReport(report: EntityReport): string {
  const pct = (x: number) => (x * 100).toFixed(1).padStart(6);
  const row = (name: string, s: Scores) =>
    `${name.padEnd(6)}${pct(s.precision)}${pct(s.recall)}${pct(s.f1)}${String(s.gold).padStart(7)}${String(s.predicted).padStart(7)}`;
  return [
    `${'type'.padEnd(6)}${'P'.padStart(6)}${'R'.padStart(6)}${'F1'.padStart(6)}${'gold'.padStart(7)}${'pred'.padStart(7)}`,
    ...TYPES.map((t) => row(t, report.per_type[t])),
    row('micro', report.micro),
  ].join('\n');
}
