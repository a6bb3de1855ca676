/** `naba migrate-store --from sqlite:./naba.db --to postgres://…`: the work is in `store/migrate.ts`. */
import { loadConfig } from '../../config.ts';
import { formatMigrateSummary, type MigrateProgress, migrateSqliteToPostgres } from '../../store/migrate.ts';
import { printJson } from '../io.ts';
import type { RegisterCommand } from './index.ts';

const PROGRESS_EVERY_MS = 2000;

interface MigrateStoreOptions {
  from?: string;
  to?: string;
  schema?: string;
  batchSize: string;
  json?: boolean;
}

/** `sqlite:PATH` (or a bare path) → the file path; anything else is refused with the accepted forms. */
export function sqlitePathOf(spec: string): string {
  if (/^postgres(?:ql)?:\/\//.test(spec)) {
    throw new Error(
      'migrate-store: --from must be a SQLite store (sqlite:PATH); PostgreSQL → SQLite is not supported',
    );
  }
  const path = spec.startsWith('sqlite:') ? spec.slice('sqlite:'.length) : spec;
  if (path === '') throw new Error('migrate-store: --from needs a path, e.g. sqlite:./naba.db');
  return path;
}

function progressReporter(): (p: MigrateProgress) => void {
  let last = 0;
  let lastStep = '';
  return (p) => {
    const now = Date.now();
    const finished = p.done >= p.total;
    if (p.step === lastStep && !finished && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    lastStep = p.step;
    process.stderr.write(`migrate-store: ${p.step} ${p.done}/${p.total}\n`);
  };
}

export const register: RegisterCommand = (program) => {
  program
    .command('migrate-store')
    .description('copy a SQLite store into PostgreSQL and verify counts and checksums; safe to re-run')
    .option('--from <sqlite:path>', 'SQLite store to read (default: sqlite:$NABA_DB)')
    .option('--to <url>', 'PostgreSQL URL to write (default: $DATABASE_URL)')
    .option('--schema <name>', "PostgreSQL schema for the tables (default: the connection's current schema)")
    .option('--batch-size <n>', 'rows per read and write', '1000')
    .option('--json', 'print the summary as one JSON object on the last line')
    .action(async (opts: MigrateStoreOptions) => {
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new Error(`migrate-store: --batch-size must be a positive integer, got ${opts.batchSize}`);
      }
      const config = loadConfig();
      const from = sqlitePathOf(opts.from ?? `sqlite:${config.dbPath}`);
      const to = opts.to ?? config.databaseUrl;
      if (!to) throw new Error('migrate-store: give --to postgres://… (or set DATABASE_URL)');
      const summary = await migrateSqliteToPostgres(from, to, {
        batchSize,
        onProgress: progressReporter(),
        postgres: opts.schema ? { schema: opts.schema } : {},
      });
      process.stdout.write(`${formatMigrateSummary(summary)}\n`);
      if (opts.json) printJson(summary);
      if (!summary.ok) process.exitCode = 1;
    });
};
