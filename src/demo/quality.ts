/** A quick extraction check for the demo: how much of the publisher's text came back, as token F1. */

const TOKEN = /[\p{L}\p{N}]+/gu;

function tokens(s: string): string[] {
  return s.normalize('NFC').toLowerCase().match(TOKEN) ?? [];
}

/**
 * Bag-of-words F1 of `extracted` against `original` (each token counted as often as it occurs): 1 when
 * the same words came back, lower for words lost (recall) or boilerplate kept (precision). Both empty: 1.
 */
export function tokenF1(extracted: string, original: string): number {
  const got = tokens(extracted);
  const want = tokens(original);
  if (got.length === 0 && want.length === 0) return 1;
  if (got.length === 0 || want.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of want) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of got) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      overlap++;
      counts.set(t, c - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / got.length;
  const recall = overlap / want.length;
  return (2 * precision * recall) / (precision + recall);
}

export interface F1Summary {
  compared: number;
  mean: number;
  median: number;
  /** Share of articles with F1 ≥ 0.9. */
  good: number;
}

export function summarizeF1(scores: number[]): F1Summary {
  if (scores.length === 0) return { compared: 0, mean: 0, median: 0, good: 0 };
  const sorted = [...scores].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    compared: scores.length,
    mean: scores.reduce((s, x) => s + x, 0) / scores.length,
    median: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    good: scores.filter((x) => x >= 0.9).length / scores.length,
  };
}
