/** `naba eval pairs`: duplicate groups, stories and related scores against labelled article pairs. */
import { runPairsEval } from '../../eval/pairs.ts';
import { printJson } from '../io.ts';
import type { RegisterSubcommand } from './eval.ts';

export const register: RegisterSubcommand = (parent) => {
  parent
    .command('pairs')
    .description('copy / story P-R-F1 and related-score AUC (or Pearson/Spearman) on labelled article pairs')
    .requiredOption('--articles <file>', 'article JSONL (gzip allowed)')
    .requiredOption(
      '--pairs <file>',
      'pairs JSONL: a, b and label (COPY|SAME_STORY|RELATED|UNRELATED) or overall',
    )
    .option(
      '--background <file>',
      'unlabelled article JSONL ingested too (realistic df and story competition)',
    )
    .option('--no-entities', 'place without entity features')
    .option('--no-prior-df', 'start from empty document frequencies instead of the shipped ones')
    .option('--json', 'print the figures as JSON on the last line')
    .action(
      async (opts: {
        articles: string;
        pairs: string;
        background?: string;
        entities: boolean;
        priorDf: boolean;
        json?: boolean;
      }) => {
        const started = performance.now();
        const { ingested, ...result } = await runPairsEval(opts);
        if (opts.json) {
          printJson(result);
          return;
        }
        const f = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(4));
        const lines = [`${opts.pairs}: ${result.pairs} pairs, ${ingested} articles placed`];
        if (result.copy)
          lines.push(
            `copy   P ${f(result.copy.precision)}  R ${f(result.copy.recall)}  F1 ${f(result.copy.f1)}`,
          );
        if (result.story)
          lines.push(
            `story  P ${f(result.story.precision)}  R ${f(result.story.recall)}  F1 ${f(result.story.f1)}`,
          );
        if (result.related_auc !== undefined)
          lines.push(`related AUC ${f(result.related_auc)}  (any: ${f(result.related_auc_any)})`);
        if (result.pearson !== undefined)
          lines.push(`pearson ${f(result.pearson)}  spearman ${f(result.spearman)}`);
        lines.push(`${((performance.now() - started) / 1000).toFixed(1)} s`);
        process.stdout.write(`${lines.join('\n')}\n`);
      },
    );
};
