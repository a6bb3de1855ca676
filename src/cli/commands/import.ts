/** `naba import FILE`: load article JSONL (plain or .gz) into the store; the work is in `store/import.ts`. */
import cliProgress from 'cli-progress';
import { loadConfig } from '../../config.ts';
import { formatImportSummary, type ImportProgress, importJsonl } from '../../store/import.ts';
import { describeStore, openStore, storeTarget } from '../../store/open.ts';
import { printJson } from '../io.ts';
import type { RegisterCommand } from './index.ts';

const SHOWN_BAD_LINES = 20;
const PLAIN_PROGRESS_EVERY_MS = 5000;

interface ImportCommandOptions {
  db?: string;
  sourceDefault: string;
  batchSize: string;
  json?: boolean;
}

function progressReporter(): { update(p: ImportProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format:
          'import |{bar}| {percentage}% | {lines} lines | {inserted} new, {updated} updated | {bad} bad',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        if (!started) {
          bar.start(p.totalBytes, 0, p);
          started = true;
        }
        bar.update(p.bytesRead, p);
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let last = Date.now();
  return {
    update(p) {
      if (Date.now() - last < PLAIN_PROGRESS_EVERY_MS) return;
      last = Date.now();
      const percent = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
      process.stderr.write(
        `import: ${p.lines} lines (${percent}%), ${p.inserted} inserted, ${p.updated} updated, ${p.bad} bad\n`,
      );
    },
    stop() {},
  };
}

export const register: RegisterCommand = (program) => {
  program
    .command('import')
    .description('import article JSONL (.jsonl or .jsonl.gz) into the store; safe to re-run')
    .argument('<file>', 'article JSONL: id, source, url, published, title, author, text per line')
    .option('--db <path>', 'SQLite file (default: $NABA_DB or ./naba.db)')
    .option('--source-default <id>', 'source id for lines without one', 'unknown')
    .option('--batch-size <n>', 'articles per transaction', '1000')
    .option('--json', 'print the summary as one JSON object on the last line')
    .action(async (file: string, opts: ImportCommandOptions) => {
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new Error(`import: --batch-size must be a positive integer, got ${opts.batchSize}`);
      }
      const target = storeTarget(loadConfig(), opts.db);
      const dbPath = describeStore(target);
      const store = await openStore(target);
      const progress = progressReporter();
      try {
        const summary = await importJsonl(store, file, {
          sourceDefault: opts.sourceDefault,
          batchSize,
          onProgress: (p) => progress.update(p),
        });
        progress.stop();
        for (const { line, reason } of summary.badLines.slice(0, SHOWN_BAD_LINES)) {
          process.stderr.write(`import: line ${line}: ${reason}\n`);
        }
        if (summary.bad > SHOWN_BAD_LINES) {
          process.stderr.write(`import: … and ${summary.bad - SHOWN_BAD_LINES} more bad lines\n`);
        }
        if (summary.createdSources.length > 0) {
          process.stderr.write(`import: created sources ${summary.createdSources.join(', ')}\n`);
        }
        process.stdout.write(`${formatImportSummary(summary)}\n`);
        if (opts.json) {
          const { badLines, ...rest } = summary;
          printJson({ db: dbPath, file, ...rest, badLines: badLines.slice(0, SHOWN_BAD_LINES) });
        }
      } finally {
        progress.stop();
        await store.close();
      }
    });
};
