/** `naba train entities`: trains the PER/LOC/ORG tagger on CoNLL files and writes the shipped model. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { buildClusters, CLUSTER_DEFAULTS } from '../../analyze/entities/clusters.ts';
import {
  formatConll,
  isDev,
  isHeldOut,
  parseConll,
  type Sentence,
  splitHeldOut,
} from '../../analyze/entities/conll.ts';
import { tagDocument } from '../../analyze/entities/document.ts';
import { SHIPPED_MODEL_PATH } from '../../analyze/entities/load.ts';
import { glueClitics, keepAligned } from '../../analyze/entities/newsfane.ts';
import { tokenize } from '../../analyze/entities/text.ts';
import { TRAIN_DEFAULTS, trainTagger } from '../../analyze/entities/train.ts';
import { buildUsage } from '../../analyze/entities/usage.ts';
import { scoreEntities } from '../../eval/entities.ts';
import { printJson } from '../io.ts';
import type { RegisterSubcommand } from './eval.ts';

/** Defaults, as paths from the project root. */
export const DEFAULT_ENTITY_TRAIN = '../shared/data/entities/anercorp-clean-train.conll';
export const DEFAULT_ENTITY_UNLABELLED = ['../shared/data/stream/saudinewsnet.jsonl.gz'];

function readText(path: string, stage: string): string {
  try {
    const raw = readFileSync(path);
    return path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  } catch (error) {
    throw new Error(`${stage}: cannot read ${path} (${(error as Error).message})`);
  }
}

/** Word sequences of the `title` and `text` of Article JSONL files. */
function unlabelledWords(files: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const file of files) {
    for (const line of readText(file, 'train entities').split('\n')) {
      if (!line.trim()) continue;
      let row: { title?: unknown; text?: unknown };
      try {
        row = JSON.parse(line);
      } catch {
        continue;
      }
      const text = `${typeof row.title === 'string' ? row.title : ''}\n${typeof row.text === 'string' ? row.text : ''}`;
      out.push(
        tokenize(text)
          .filter((t) => t.kind === 'word')
          .map((t) => t.text),
      );
    }
  }
  return out;
}

export const register: RegisterSubcommand = (parent) => {
  parent
    .command('entities')
    .description(
      'train the named-entity tagger (structured perceptron); by default on ANERcorp outside our held-out ' +
        'split (every tenth block of 100 sentences), so `naba eval entities --holdout` stays honest',
    )
    .option('--train <files...>', 'CoNLL files (token … TAG, IOB2)', [DEFAULT_ENTITY_TRAIN])
    .option(
      '--newsfane <file>',
      'add NewsFANE (4-column CoNLL) sentences that re-annotate our training sentences (measured: it hurts)',
    )
    .option('--all', 'also train on the held-out split (then no held-out figure is honest for this model)')
    .option(
      '--unlabelled <files...>',
      'Article JSONL(.gz) for word clusters and word usage profiles',
      DEFAULT_ENTITY_UNLABELLED,
    )
    .option('--no-clusters', 'train without word clusters (faster, lower F1: see docs/entities.md)')
    .option('--no-usage', 'train without word usage profiles (lower F1: see docs/entities.md)')
    .option('--epochs <n>', 'perceptron passes', String(TRAIN_DEFAULTS.epochs))
    .option(
      '--dev',
      'also keep our dev split out of training (blocks 4, 14, … of 100 sentences) and score it after each epoch',
    )
    .option('--write-heldout <file>', 'also write the held-out sentences as CoNLL')
    .option('--out <path>', 'model file to write', fileURLToPath(SHIPPED_MODEL_PATH))
    .option('--json', 'print a JSON summary as the last line')
    .action(
      (opts: {
        train: string[];
        newsfane?: string;
        all?: boolean;
        unlabelled: string[];
        clusters: boolean;
        usage: boolean;
        epochs: string;
        dev?: boolean;
        writeHeldout?: string;
        out: string;
        json?: boolean;
      }) => {
        const epochs = Number.parseInt(opts.epochs, 10);
        if (!(epochs > 0))
          throw new Error(`train entities: --epochs must be a positive integer, got ${opts.epochs}`);
        const started = Date.now();
        const log = (line: string) => process.stderr.write(`${line}\n`);
        const train: Sentence[] = [];
        const heldOut: Sentence[] = [];
        const dev: Sentence[] = [];
        for (const file of opts.train) {
          const sentences = parseConll(readText(file, 'train entities'));
          const split = splitHeldOut(sentences);
          sentences.forEach((s, i) => {
            if (opts.dev && isDev(i)) dev.push(s);
            else if (opts.all || !isHeldOut(i)) train.push(s);
          });
          heldOut.push(...split.test);
          log(`train entities: ${file}: ${sentences.length} sentences, ${split.test.length} held out`);
        }
        if (opts.newsfane) {
          const extra = parseConll(readText(opts.newsfane, 'train entities')).map(glueClitics);
          const kept = keepAligned(extra, train);
          log(
            `train entities: ${opts.newsfane}: ${kept.length} of ${extra.length} sentences match training ones`,
          );
          train.push(...kept);
        }
        if (train.length === 0) throw new Error('train entities: no labelled sentences');
        if (opts.writeHeldout) {
          writeFileSync(opts.writeHeldout, formatConll(heldOut));
          log(`train entities: held-out split → ${opts.writeHeldout}`);
        }
        let clusters = new Map<string, number[]>();
        let usage = new Map<string, number>();
        if (opts.clusters || opts.usage) {
          // Unlabelled words: the stream, plus the training text (its words, never its tags).
          const words = unlabelledWords(opts.unlabelled);
          words.push(...train.map((s) => s.tokens));
          if (opts.clusters) {
            clusters = buildClusters(words, CLUSTER_DEFAULTS);
            log(`train entities: ${clusters.size} words clustered`);
          }
          if (opts.usage) {
            usage = buildUsage(words);
            log(`train entities: ${usage.size} word usage profiles`);
          }
        }
        const devScores: { epoch: number; f1: number; PER: number; LOC: number; ORG: number }[] = [];
        const { file } = trainTagger(
          train,
          {
            ...TRAIN_DEFAULTS,
            epochs,
            log,
            onEpochModel:
              dev.length > 0
                ? (epoch, model) => {
                    // Read as the run time reads articles: ten sentences at a time, like `eval --context 10`.
                    const predicted: string[][] = [];
                    for (let k = 0; k < dev.length; k += 10) {
                      predicted.push(
                        ...tagDocument(
                          model,
                          dev.slice(k, k + 10).map((s) => s.tokens),
                        ),
                      );
                    }
                    const r = scoreEntities(
                      dev.map((s) => s.tags),
                      predicted,
                    );
                    const pct = (x: number) => Math.round(x * 1000) / 10;
                    const row = {
                      epoch,
                      f1: pct(r.micro.f1),
                      PER: pct(r.per_type.PER.f1),
                      LOC: pct(r.per_type.LOC.f1),
                      ORG: pct(r.per_type.ORG.f1),
                    };
                    devScores.push(row);
                    log(
                      `train entities: dev epoch ${epoch}: F1 ${row.f1} (PER ${row.PER}, LOC ${row.LOC}, ORG ${row.ORG})`,
                    );
                  }
                : undefined,
            trainedOn: `${opts.train.join(', ')}${opts.all ? '' : ' (held-out split excluded)'}${
              opts.dev ? ' (dev split excluded)' : ''
            }${opts.newsfane ? ` + ${opts.newsfane}` : ''}`,
          },
          { clusters, usage },
        );
        const out = resolve(opts.out);
        mkdirSync(dirname(out), { recursive: true });
        const json = JSON.stringify(file);
        const bytes = out.endsWith('.gz') ? gzipSync(json, { level: 9 }) : Buffer.from(json);
        writeFileSync(out, bytes);
        const seconds = (Date.now() - started) / 1000;
        const summary = {
          model: out,
          sentences: train.length,
          features: file.features.length,
          bytes: bytes.length,
          seconds,
          ...(devScores.length > 0 ? { dev: devScores } : {}),
        };
        if (opts.json) printJson(summary);
        else
          process.stdout.write(
            `trained on ${train.length} sentences in ${seconds.toFixed(1)} s → ${out} (${(bytes.length / 1e6).toFixed(2)} MB, ${file.features.length} features)\n`,
          );
      },
    );
};
