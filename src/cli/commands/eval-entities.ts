/** `naba eval entities`: entity-level precision, recall and F1 (PER, LOC, ORG) on a CoNLL file. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConll, splitHeldOut } from '../../analyze/entities/conll.ts';
import { tagDocument } from '../../analyze/entities/document.ts';
import { readModelFile, SHIPPED_MODEL_PATH } from '../../analyze/entities/load.ts';
import { formatEntityReport, scoreEntities } from '../../eval/entities.ts';
import { printJson } from '../io.ts';
import type { RegisterSubcommand } from './eval.ts';

export const register: RegisterSubcommand = (parent) => {
  parent
    .command('entities')
    .description('named entities: exact-span micro P/R/F1 over PER, LOC, ORG (MISC ignored) on a CoNLL file')
    .requiredOption('--test <file>', 'CoNLL file (token … TAG, IOB2; the last column is the tag)')
    .option('--holdout', 'score only our held-out split of the file (every tenth block of 100 sentences)')
    .option(
      '--context <n>',
      'sentences read together as one article (names found once are found again in it); 1 = each alone',
      '10',
    )
    .option('--model <path>', 'model file to evaluate', fileURLToPath(SHIPPED_MODEL_PATH))
    .option('--json', 'print the figures as JSON on the last line')
    .action((opts: { test: string; holdout?: boolean; context: string; model: string; json?: boolean }) => {
      const context = Number.parseInt(opts.context, 10);
      if (!(context > 0))
        throw new Error(`eval entities: --context must be a positive integer, got ${opts.context}`);
      let text: string;
      try {
        text = readFileSync(opts.test, 'utf8');
      } catch (error) {
        throw new Error(`eval entities: cannot read ${opts.test} (${(error as Error).message})`);
      }
      const all = parseConll(text);
      const sentences = opts.holdout ? splitHeldOut(all).test : all;
      if (sentences.length === 0) throw new Error(`eval entities: no sentences in ${opts.test}`);
      const before = process.memoryUsage().heapUsed;
      const model = readModelFile(opts.model);
      const heapMb = (process.memoryUsage().heapUsed - before) / 1e6;
      const started = performance.now();
      const predicted: string[][] = [];
      for (let k = 0; k < sentences.length; k += context) {
        predicted.push(
          ...tagDocument(
            model,
            sentences.slice(k, k + context).map((s) => s.tokens),
          ),
        );
      }
      const seconds = (performance.now() - started) / 1000;
      const tokens = sentences.reduce((n, s) => n + s.tokens.length, 0);
      const report = scoreEntities(
        sentences.map((s) => s.tags),
        predicted,
      );
      const round = (x: number) => Math.round(x * 10000) / 10000;
      const brief = (s: { precision: number; recall: number; f1: number }) => ({
        precision: round(s.precision),
        recall: round(s.recall),
        f1: round(s.f1),
      });
      process.stderr.write(
        `eval entities: ${sentences.length} sentences, ${tokens} tokens, ${Math.round(tokens / seconds)} tokens/s, model heap ≈ ${heapMb.toFixed(0)} MB\n`,
      );
      if (opts.json) {
        printJson({
          micro: brief(report.micro),
          per_type: {
            PER: brief(report.per_type.PER),
            LOC: brief(report.per_type.LOC),
            ORG: brief(report.per_type.ORG),
          },
        });
      } else process.stdout.write(`${formatEntityReport(report)}\n`);
    });
};
