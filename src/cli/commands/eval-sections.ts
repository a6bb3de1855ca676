/** `naba eval sections`: accuracy, macro-F1 and confusion of the section classifier on a labelled file. */

import { LABEL_TABLES, type LabelScheme } from '../../analyze/sections/mapping.ts';
import { trainSectionModel } from '../../analyze/sections/model.ts';
import { loadSectionModel, SHIPPED_MODEL_PATH } from '../../analyze/sections/model-file.ts';
import { evaluateModel, formatConfusion, mapRows, readLabelledJsonl } from '../../eval/sections.ts';
import { printJson } from '../io.ts';
import type { RegisterSubcommand } from './eval.ts';

export const register: RegisterSubcommand = (parent) => {
  parent
    .command('sections')
    .description(
      'section classification: accuracy and macro-F1 (over sections present in the gold) on a labelled file',
    )
    .requiredOption(
      '--data <file>',
      'labelled Article JSONL (`category` label, mapped by the declared tables)',
    )
    .option('--train <file>', 'train a fresh model on this file first instead of using the shipped model')
    .option(
      '--holdout',
      'evaluate on the held-out tenth of --data only, and train (--train) only on the other nine tenths',
    )
    .option('--labels <scheme>', `label table: ${Object.keys(LABEL_TABLES).join('|')} (default: detected)`)
    .option('--model <path>', 'model file to evaluate', SHIPPED_MODEL_PATH)
    .option('--json', 'print the figures as JSON on the last line')
    .action(
      (opts: {
        data: string;
        train?: string;
        holdout?: boolean;
        labels?: string;
        model: string;
        json?: boolean;
      }) => {
        if (opts.labels && !(opts.labels in LABEL_TABLES))
          throw new Error(`eval sections: unknown --labels ${opts.labels}`);
        const scheme = opts.labels as LabelScheme | undefined;
        const gold = mapRows(readLabelledJsonl(opts.data), opts.holdout ? 'holdout' : 'all', scheme);
        let model: ReturnType<typeof loadSectionModel>;
        if (opts.train) {
          const train = mapRows(readLabelledJsonl(opts.train), opts.holdout ? 'train' : 'all', scheme);
          model = trainSectionModel(train.examples, {}, { files: [opts.train] });
        } else {
          model = loadSectionModel(opts.model);
        }
        const scores = evaluateModel(model, gold.examples);
        const result = { accuracy: scores.accuracy, macro_f1: scores.macro_f1, n: scores.n };
        if (!opts.json) {
          const dropped =
            Object.entries(gold.dropped)
              .map(([l, n]) => `${l} ${n}`)
              .join(', ') || 'none';
          process.stdout.write(
            `${opts.data} (${gold.scheme} labels${opts.holdout ? ', held-out tenth' : ''}); dropped: ${dropped}\n\n`,
          );
          process.stdout.write(`${formatConfusion(scores)}\n\n`);
          process.stdout.write(
            `accuracy ${result.accuracy.toFixed(4)}  macro-F1 ${result.macro_f1.toFixed(4)}  n ${result.n}\n`,
          );
        } else {
          const round = (x: number) => Math.round(x * 10000) / 10000;
          printJson({ accuracy: round(result.accuracy), macro_f1: round(result.macro_f1), n: result.n });
        }
      },
    );
};
