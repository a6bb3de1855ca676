/** `naba demo`: the offline demo (replay the demo corpus as 14 outlets' sites, crawl it into the store). */
import { loadConfig } from '../../config.ts';
import { formatDemoSummary, runDemo } from '../../demo/run.ts';
import { describeStore, openStore, storeTarget } from '../../store/open.ts';
import { printJson } from '../io.ts';
import { createPipelineHook, progressLine } from './crawl.ts';
import type { RegisterCommand } from './index.ts';

interface DemoCommandOptions {
  db?: string;
  port: string;
  limit?: string;
  concurrency: string;
  corpus?: string;
  analyze?: boolean;
  ifEmpty?: boolean;
  json?: boolean;
}

function intOption(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`demo: ${name} must be an integer ≥ ${min}, got ${value}`);
  return n;
}

export const register: RegisterCommand = (program) => {
  program
    .command('demo')
    .description(
      'offline demo: serve the SaudiNewsNet corpus as 14 outlets on loopback and crawl it into the database',
    )
    .option('--db <path>', 'SQLite file (default: $NABA_DB or ./naba.db)')
    .option('--port <n>', 'first port of the replay servers (0: ephemeral)', '0')
    .option('--limit <n>', 'publish only the most recent N articles')
    .option('--concurrency <n>', 'article pages fetched and extracted at once', '16')
    .option(
      '--corpus <file>',
      'article JSONL to replay (default: $NABA_DATA_DIR/stream/saudinewsnet.jsonl.gz)',
    )
    .option('--no-analyze', 'store the articles only, without analysis and placement')
    .option('--if-empty', 'do nothing when the database already holds articles (npm start)')
    .option('--json', 'print the summary as one JSON object on the last line')
    .action(async (opts: DemoCommandOptions) => {
      const config = loadConfig();
      const port = intOption('--port', opts.port, 0);
      const concurrency = intOption('--concurrency', opts.concurrency, 1);
      const limit = opts.limit === undefined ? undefined : intOption('--limit', opts.limit, 1);
      const target = storeTarget(config, opts.db);
      const dbPath = describeStore(target);
      const store = await openStore(target);
      if (opts.ifEmpty) {
        const stored = await store.countArticles();
        if (stored > 0) {
          process.stdout.write(`demo: ${dbPath} already holds ${stored} articles; replay skipped\n`);
          await store.close();
          return;
        }
      }
      const progress = progressLine('demo');
      try {
        const log = (line: string) => {
          progress.stop();
          process.stderr.write(`${line}\n`);
        };
        const pipeline = opts.analyze === false ? undefined : await createPipelineHook(store, log);
        const summary = await runDemo({
          store,
          dataDir: config.dataDir,
          ...(opts.corpus ? { corpusPath: opts.corpus } : {}),
          port,
          ...(limit !== undefined ? { limit } : {}),
          concurrency,
          userAgent: config.userAgent,
          ...(pipeline ? { pipeline } : {}),
          onProgress: (p) => progress.update(p),
          log,
        });
        progress.stop();
        for (const line of formatDemoSummary(summary)) process.stdout.write(`${line}\n`);
        process.stdout.write(`demo: database ready at ${dbPath}\n`);
        if (opts.json) printJson({ db: dbPath, ...summary });
      } finally {
        progress.stop();
        await store.close();
      }
    });
};
