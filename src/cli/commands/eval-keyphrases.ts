/** `naba eval keyphrases`: precision, recall and F1 at k of the tags on a file with annotated keyphrases. */
import { analyzeArticle } from '../../analyze/index.ts';
import {
  diagnoseKeyphrases,
  evaluateKeyphrases,
  type KeyphraseDoc,
  keyphrasePart,
  readKeyphraseJsonl,
} from '../../eval/keyphrases.ts';
import { printJson } from '../io.ts';
import type { RegisterSubcommand } from './eval.ts';

type Options = { data: string; k: string; show: string; part?: string; diagnose?: boolean; json?: boolean };

export const register: RegisterSubcommand = (parent) => {
  parent
    .command('keyphrases')
    .description(
      'tags: precision/recall/F1 at k against the head (top k) of each document’s `keyphrases`, ' +
        'exact match of stem sequences, macro-averaged over documents',
    )
    .requiredOption('--data <file>', 'Article JSONL with a `keyphrases` list (most agreed first)')
    .option('--k <n>', 'tags and gold phrases compared per document', '10')
    .option('--show <n>', 'print tags and gold of the first n documents', '0')
    .option('--part <part>', 'only the held-out half of --data (`holdout`) or the half to tune on (`dev`)')
    .option(
      '--diagnose',
      'also print, by phrase length, how many gold phrases the text holds and how many were tagged',
    )
    .option('--json', 'print the figures as JSON on the last line')
    .action((opts: Options) => {
      const k = Number.parseInt(opts.k, 10);
      if (!(k > 0)) throw new Error(`eval keyphrases: --k must be a positive integer, got ${opts.k}`);
      const part = opts.part;
      if (part !== undefined && part !== 'dev' && part !== 'holdout') {
        throw new Error(`eval keyphrases: --part must be dev or holdout, got ${part}`);
      }
      const show = Number.parseInt(opts.show, 10) || 0;
      const docs = readKeyphraseJsonl(opts.data).filter(
        (d) => part === undefined || keyphrasePart(d) === part,
      );
      let shown = 0;
      const tagsByDoc = new Map<KeyphraseDoc, string[]>();
      const scores = evaluateKeyphrases(
        docs,
        (doc) => {
          const tags = analyzeArticle({ title: doc.title, text: doc.text }).tags;
          tagsByDoc.set(doc, tags);
          if (shown++ < show) {
            process.stdout.write(
              `${doc.id}\n  tags: ${tags.join(' | ')}\n  gold: ${doc.keyphrases.slice(0, k).join(' | ')}\n`,
            );
          }
          return tags;
        },
        k,
      );
      if (opts.diagnose) {
        const rows = diagnoseKeyphrases(docs, (doc) => tagsByDoc.get(doc) ?? [], k);
        process.stdout.write('words  gold  in text  tagged\n');
        for (const [words, r] of Object.entries(rows).sort()) {
          process.stdout.write(
            `${words.padEnd(5)}  ${String(r.gold).padStart(4)}  ${String(r.inText).padStart(7)}  ${String(r.tagged).padStart(6)}\n`,
          );
        }
      }
      // Rounded like the other evals' JSON: 0.334, not 0.33399999999999996.
      const round = (x: number) => Math.round(x * 10000) / 10000;
      if (opts.json)
        printJson({
          ...scores,
          precision: round(scores.precision),
          recall: round(scores.recall),
          f1: round(scores.f1),
        });
      else {
        process.stdout.write(
          `${opts.data}${part ? ` (${part})` : ''}: P@${k} ${scores.precision.toFixed(4)}  R@${k} ${scores.recall.toFixed(4)}  ` +
            `F1@${k} ${scores.f1.toFixed(4)}  n ${scores.n}\n`,
        );
      }
    });
};
