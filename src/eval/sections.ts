/**
 * `naba eval sections`: accuracy, macro-F1 and the confusion matrix of the section classifier on a labelled
 * Article JSONL file whose `category` labels are mapped onto the taxonomy by the declared tables.
 */
import { readFileSync } from 'node:fs';
import { detectScheme, LABEL_TABLES, type LabelScheme, mapLabel } from '../analyze/sections/mapping.ts';
import type { LabelledArticle, SectionModel } from '../analyze/sections/model.ts';
import { predictSection } from '../analyze/sections/model.ts';
import { isHeldOut } from '../analyze/sections/split.ts';

export interface LabelledRow {
  id: string;
  title: string;
  text: string;
  category: string;
}

/** Reads an Article JSONL file with a `category` label; a bad line is an error naming file and line. */
export function readLabelledJsonl(path: string): LabelledRow[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`sections: cannot read ${path}: ${(error as Error).message}`);
  }
  const rows: LabelledRow[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line);
    } catch {
      throw new Error(`sections: ${path}:${i + 1}: not JSON`);
    }
    const category = o.category ?? o.label ?? o.section;
    if (typeof category !== 'string') throw new Error(`sections: ${path}:${i + 1}: no string \`category\``);
    rows.push({
      id: String(o.id ?? i + 1),
      title: typeof o.title === 'string' ? o.title : '',
      text: typeof o.text === 'string' ? o.text : '',
      category,
    });
  }
  return rows;
}

export interface MappedRows {
  scheme: LabelScheme;
  examples: LabelledArticle[];
  /** Labels dropped by declaration, with counts. */
  dropped: Record<string, number>;
}

export type SplitPart = 'all' | 'train' | 'holdout';

/**
 * Maps corpus labels through the declared table (detected from the labels unless given) and keeps one part
 * of the deterministic split. A label the table does not know is an error: mappings are declared, never guessed.
 */
export function mapRows(
  rows: readonly LabelledRow[],
  part: SplitPart = 'all',
  scheme?: LabelScheme,
): MappedRows {
  const chosen = scheme ?? detectScheme(rows.map((r) => r.category));
  const table = LABEL_TABLES[chosen];
  const examples: LabelledArticle[] = [];
  const dropped: Record<string, number> = {};
  const unknown = new Set<string>();
  for (const r of rows) {
    if (part !== 'all' && isHeldOut(r) !== (part === 'holdout')) continue;
    const section = mapLabel(table, r.category);
    if (section === undefined) unknown.add(r.category);
    else if (section === null) dropped[r.category] = (dropped[r.category] ?? 0) + 1;
    else examples.push({ title: r.title, text: r.text, section });
  }
  if (unknown.size > 0) {
    throw new Error(`sections: labels not in the ${chosen} mapping: ${[...unknown].sort().join(', ')}`);
  }
  return { scheme: chosen, examples, dropped };
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface SectionScores {
  accuracy: number;
  /** Mean F1 over the classes present in the gold labels. */
  macro_f1: number;
  n: number;
  classes: string[];
  /** confusion[gold][predicted] over `classes`. */
  confusion: number[][];
  perClass: Record<string, ClassMetrics>;
}

/** Scores gold/predicted label pairs; classes are the union of both, in first-seen order unless given. */
export function scoreLabels(
  gold: readonly string[],
  predicted: readonly string[],
  order?: readonly string[],
): SectionScores {
  if (gold.length !== predicted.length) throw new Error('sections: gold and predicted lengths differ');
  const classes = [...(order ?? [])];
  for (const l of [...gold, ...predicted]) if (!classes.includes(l)) classes.push(l);
  const index = new Map(classes.map((c, i) => [c, i]));
  const confusion = classes.map(() => new Array<number>(classes.length).fill(0));
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    confusion[index.get(gold[i]!)!]![index.get(predicted[i]!)!]! += 1;
    if (gold[i] === predicted[i]) correct++;
  }
  const perClass: Record<string, ClassMetrics> = {};
  let f1Sum = 0;
  let present = 0;
  classes.forEach((c, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((a, row) => a + row[i]!, 0);
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[c] = { precision, recall, f1, support };
    if (support > 0) {
      f1Sum += f1;
      present++;
    }
  });
  return {
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    macro_f1: present === 0 ? 0 : f1Sum / present,
    n: gold.length,
    classes,
    confusion,
    perClass,
  };
}

export function evaluateModel(model: SectionModel, examples: readonly LabelledArticle[]): SectionScores {
  const gold = examples.map((e) => e.section);
  const predicted = examples.map((e) => predictSection(model, e).section);
  return scoreLabels(gold, predicted, model.classes);
}

/** The confusion matrix as text: rows gold, columns predicted, only classes that occur in either. */
export function formatConfusion(s: SectionScores): string {
  const used = s.classes.filter(
    (_, i) => s.confusion[i]!.some((v) => v > 0) || s.confusion.some((row) => row[i]! > 0),
  );
  const ids = used.map((c) => s.classes.indexOf(c));
  const width = Math.max(6, ...used.map((c) => c.length)) + 1;
  const pad = (v: string) => v.padStart(width);
  const lines = [`${'gold \\ pred'.padEnd(width + 2)}${used.map(pad).join('')}`];
  for (const i of ids) {
    lines.push(
      `${s.classes[i]!.padEnd(width + 2)}${ids.map((j) => pad(String(s.confusion[i]![j]))).join('')}`,
    );
  }
  lines.push('');
  lines.push(`${'class'.padEnd(width + 2)}${['prec', 'recall', 'f1', 'n'].map(pad).join('')}`);
  for (const c of used) {
    const m = s.perClass[c]!;
    lines.push(
      `${c.padEnd(width + 2)}${[m.precision.toFixed(3), m.recall.toFixed(3), m.f1.toFixed(3), String(m.support)].map(pad).join('')}`,
    );
  }
  return lines.join('\n');
}
