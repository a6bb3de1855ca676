/** `naba sources …`: add (with feed autodiscovery), list with health, import/export OPML, pause, resume, remove. */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createFetcher } from '../../ingest/fetch/index.ts';
import { addSource, exportOpml, importOpml } from '../../ingest/sources.ts';
import { openStore, storeTarget } from '../../store/open.ts';
import type { Store } from '../../store/store.ts';
import { printJson } from '../io.ts';
import type { RegisterCommand } from './index.ts';

interface DbOption {
  db?: string;
  json?: boolean;
}

async function withStore<T>(opts: DbOption, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeTarget(loadConfig(), opts.db));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const dbOption = (cmd: Command) =>
  cmd
    .option('--db <path>', 'SQLite file (default: $NABA_DB or ./naba.db)')
    .option('--json', 'print the result as one JSON object on the last line');

export const register: RegisterCommand = (program) => {
  const sources = program.command('sources').description('the sources naba follows');

  dbOption(
    sources
      .command('add')
      .description('add a source from a feed URL or a page that announces its feeds')
      .argument('<url>', 'feed or page URL')
      .option('--id <id>', 'source id (default: from the host name)')
      .option('--name <name>', 'display name (default: the page or feed title)')
      .option('--language <code>', 'BCP 47 language the outlet writes in', undefined),
  ).action(async (url: string, opts: DbOption & { id?: string; name?: string; language?: string }) => {
    const config = loadConfig();
    // User-given URLs: private and loopback addresses only where NABA_ALLOW_PRIVATE allows.
    const fetcher = createFetcher({ userAgent: config.userAgent, allowPrivate: config.allowPrivate });
    try {
      await withStore(opts, async (store) => {
        const r = await addSource({ store, fetcher }, url, {
          ...(opts.id ? { id: opts.id } : {}),
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.language ? { language: opts.language } : {}),
        });
        process.stdout.write(
          `sources: ${r.created ? 'added' : 'updated'} ${r.source.id} (${r.source.name}) with ${r.source.feeds.length} feeds found via ${r.discovery}\n`,
        );
        for (const f of r.source.feeds) process.stdout.write(`  ${f}\n`);
        if (opts.json) printJson(r);
      });
    } finally {
      await fetcher.close();
    }
  });

  dbOption(sources.command('list').description('sources with their health')).action(
    async (opts: DbOption) => {
      await withStore(opts, async (store) => {
        const rows = [];
        for (const s of await store.listSources()) {
          const state = await store.getSourceState(s.id);
          rows.push({ ...s, state });
          const health = state?.lastFetchAt
            ? `last fetch ${state.lastFetchAt}, last success ${state.lastSuccessAt ?? 'never'}, ` +
              `${state.consecutiveFailures} failures, next ${state.nextFetchAt ?? 'now'}`
            : 'never fetched';
          process.stdout.write(
            `${s.id}${s.paused ? ' [paused]' : ''}\t${s.name}\t${s.feeds.length} feeds\t${health}` +
              `${state?.lastError ? `\tlast error: ${state.lastError}` : ''}\n`,
          );
        }
        if (rows.length === 0) process.stdout.write('sources: none yet (naba sources add URL)\n');
        if (opts.json) printJson({ sources: rows });
      });
    },
  );

  dbOption(
    sources
      .command('import')
      .description('add the subscriptions of an OPML file')
      .argument('<file>', 'OPML file'),
  ).action(async (file: string, opts: DbOption) => {
    let xml: string;
    try {
      xml = await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`sources: cannot read ${file}: ${error instanceof Error ? error.message : error}`);
    }
    await withStore(opts, async (store) => {
      const r = await importOpml(store, xml);
      for (const s of r.added)
        process.stdout.write(`sources: added ${s.id} (${s.name}), ${s.feeds.length} feeds\n`);
      process.stdout.write(
        `sources: imported ${r.added.length} sources, ${r.skipped} feeds already followed\n`,
      );
      if (opts.json) printJson({ added: r.added.map((s) => s.id), skipped: r.skipped });
    });
  });

  sources
    .command('export')
    .description('write every source as OPML 2.0 (to FILE, else stdout)')
    .argument('[file]', 'OPML file to write')
    .option('--db <path>', 'SQLite file (default: $NABA_DB or ./naba.db)')
    .action(async (file: string | undefined, opts: DbOption) => {
      await withStore(opts, async (store) => {
        const xml = await exportOpml(store);
        if (file) {
          await writeFile(file, xml, 'utf8');
          process.stderr.write(`sources: wrote ${file}\n`);
        } else process.stdout.write(xml);
      });
    });

  for (const [name, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    dbOption(
      sources
        .command(name)
        .description(paused ? 'stop crawling a source (its articles stay)' : 'crawl a paused source again')
        .argument('<id>', 'source id'),
    ).action(async (id: string, opts: DbOption) => {
      await withStore(opts, async (store) => {
        if (!(await store.setSourcePaused(id, paused))) throw new Error(`sources: no source "${id}"`);
        process.stdout.write(`sources: ${paused ? 'paused' : 'resumed'} ${id}\n`);
        if (opts.json) printJson({ id, paused });
      });
    });
  }

  dbOption(
    sources
      .command('remove')
      .description('remove a source with its articles and fetch state')
      .argument('<id>', 'source id'),
  ).action(async (id: string, opts: DbOption) => {
    await withStore(opts, async (store) => {
      if (!(await store.removeSource(id))) throw new Error(`sources: no source "${id}"`);
      process.stdout.write(`sources: removed ${id}\n`);
      if (opts.json) printJson({ id, removed: true });
    });
  });
};
