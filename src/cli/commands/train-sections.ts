/** `naba train sections`: trains the section classifier on labelled JSONL files and writes the shipped model. */
import { resolve } from 'node:path';
import { type Algorithm, DEFAULT_TRAIN } from '../../analyze/sections/linear.ts';
import { LABEL_TABLES, type LabelScheme } from '../../analyze/sections/mapping.ts';
import { type LabelledArticle, trainSectionModel } from '../../analyze/sections/model.ts';
import { SHIPPED_MODEL_PATH, saveSectionModel } from '../../analyze/sections/model-file.ts';
import { mapRows, readLabelledJsonl } from '../../eval/sections.ts';
import { printJson } from '../io.ts';
import type { RegisterSubcommand } from './eval.ts';

/** The corpora the shipped model is trained on (paths from the project root). */
export const DEFAULT_SECTION_DATA = [
  '../shared/data/categories/ant/train.jsonl',
  '../shared/data/categories/asnd/train.jsonl',
];

export const register: RegisterSubcommand = (parent) => {
  parent
    .command('sections')
    .description(
      'train the section classifier; by default on the nine tenths of each file outside the held-out split, ' +
        'so `naba eval sections --holdout` stays honest for the shipped model',
    )
    .option('--data <files...>', 'labelled Article JSONL files (`category` label)', DEFAULT_SECTION_DATA)
    .option(
      '--labels <scheme>',
      `label table for every file: ${Object.keys(LABEL_TABLES).join('|')} (default: detected per file)`,
    )
    .option('--all', 'also train on the held-out tenth (then no held-out figure is honest for this model)')
    .option('--algorithm <name>', 'svm | softmax | perceptron | cnb', DEFAULT_TRAIN.algorithm)
    .option(
      '--epochs <n>',
      'passes over the data (svm: at most; softmax, perceptron)',
      String(DEFAULT_TRAIN.epochs),
    )
    .option('--cost <c>', 'svm: cost of a margin violation (C)', String(DEFAULT_TRAIN.cost))
    .option('--out <path>', 'model file to write', SHIPPED_MODEL_PATH)
    .option('--json', 'print a JSON summary as the last line')
    .action(
      (opts: {
        data: string[];
        labels?: string;
        all?: boolean;
        algorithm: string;
        epochs: string;
        cost: string;
        out: string;
        json?: boolean;
      }) => {
        if (opts.labels && !(opts.labels in LABEL_TABLES))
          throw new Error(`train sections: unknown --labels ${opts.labels}`);
        if (!['svm', 'softmax', 'perceptron', 'cnb'].includes(opts.algorithm)) {
          throw new Error(`train sections: unknown --algorithm ${opts.algorithm}`);
        }
        const epochs = Number.parseInt(opts.epochs, 10);
        if (!(epochs > 0))
          throw new Error(`train sections: --epochs must be a positive integer, got ${opts.epochs}`);
        const cost = Number(opts.cost);
        if (!(cost > 0))
          throw new Error(`train sections: --cost must be a positive number, got ${opts.cost}`);
        const started = Date.now();
        const examples: LabelledArticle[] = [];
        const files: Record<string, unknown>[] = [];
        for (const file of opts.data) {
          const mapped = mapRows(
            readLabelledJsonl(file),
            opts.all ? 'all' : 'train',
            opts.labels as LabelScheme | undefined,
          );
          examples.push(...mapped.examples);
          files.push({ file, scheme: mapped.scheme, used: mapped.examples.length, dropped: mapped.dropped });
          const dropped =
            Object.entries(mapped.dropped)
              .map(([l, n]) => `${l} ${n}`)
              .join(', ') || 'none';
          process.stderr.write(
            `train sections: ${file} (${mapped.scheme}): ${mapped.examples.length} used, dropped: ${dropped}\n`,
          );
        }
        if (examples.length === 0) throw new Error('train sections: no labelled examples');
        const model = trainSectionModel(
          examples,
          { train: { ...DEFAULT_TRAIN, algorithm: opts.algorithm as Algorithm, epochs, cost } },
          { files, part: opts.all ? 'all' : 'train', trained: new Date().toISOString().slice(0, 10) },
        );
        const out = resolve(opts.out);
        const bytes = saveSectionModel(model, out);
        const seconds = (Date.now() - started) / 1000;
        const summary = { model: out, examples: examples.length, bytes, seconds };
        if (opts.json) printJson(summary);
        else
          process.stdout.write(
            `trained on ${examples.length} articles in ${seconds.toFixed(1)} s → ${out} (${(bytes / 1e6).toFixed(2)} MB)\n`,
          );
      },
    );
};
