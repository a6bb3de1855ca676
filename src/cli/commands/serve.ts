/** `naba serve`: the site, the JSON API and outgoing feeds over the database; the work is in `src/web/`. */
import { serve } from '@hono/node-server';
import { loadConfig } from '../../config.ts';
import { crawlOnce } from '../../ingest/crawler.ts';
import { createFetcher } from '../../ingest/fetch/index.ts';
import { addSource } from '../../ingest/sources.ts';
import { openJobQueue } from '../../jobs/index.ts';
import { createAnalyzer, Pipeline } from '../../pipeline.ts';
import { openStore, storeTarget } from '../../store/open.ts';
import { createApp } from '../../web/app.ts';
import { createRelatedIndex } from '../../web/related-index.ts';
import type { RegisterCommand } from './index.ts';

/** Articles stored by other processes (a running `naba crawl`) join the related index this often. */
const REFRESH_MS = 5 * 60_000;

interface ServeOptions {
  port?: string;
  host?: string;
  db?: string;
  related?: boolean;
  rateLimit?: boolean;
}

export const register: RegisterCommand = (program) => {
  program
    .command('serve')
    .description('serve the site, the JSON API and RSS/Atom feeds over the database')
    .option('--port <n>', 'TCP port, 0 for any free one (default: $PORT or 8080)')
    .option('--host <host>', 'address to bind (default: $NABA_HOST or 127.0.0.1)')
    .option('--db <path>', 'SQLite file (default: $NABA_DB or ./naba.db)')
    .option('--no-related', 'do not build the related-articles index (pages say it is unavailable)')
    .option(
      '--no-rate-limit',
      'no per-address limit on search and the API (a proxy in front limits, or a benchmark)',
    )
    .action(async (opts: ServeOptions) => {
      const config = loadConfig();
      const port = opts.port === undefined ? config.port : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`serve: --port must be an integer from 0 to 65535, got ${opts.port}`);
      }
      const host = opts.host ?? config.host;
      const store = await openStore(storeTarget(config, opts.db));
      const fetcher = createFetcher({ userAgent: config.userAgent, allowPrivate: config.allowPrivate });
      const index = opts.related === false ? null : createRelatedIndex(store);
      // With DATABASE_URL the admin lists the workers' failed jobs and can queue them again.
      const jobs = await openJobQueue(config, { log: (line) => process.stderr.write(`serve: ${line}\n`) });
      let crawling: Promise<unknown> | null = null;
      // Index refreshes and crawl rounds both place articles in one corpus: one at a time, never interleaved.
      let line: Promise<unknown> = Promise.resolve();
      const serial = <T>(work: () => Promise<T>): Promise<T> => {
        const next = line.then(work, work);
        line = next.catch(() => undefined);
        return next;
      };

      const app = createApp({
        store,
        config,
        ...(opts.rateLimit === false ? { rateLimit: false as const } : {}),
        services: {
          ...(index ? { related: (id: string) => index.related(id) } : {}),
          ...(jobs ? { jobs } : {}),
          addSource: (url) => addSource({ store, fetcher }, url),
          recrawl: async () => {
            if (crawling) return 'جولة جلب جارية بالفعل.';
            if (index && !index.ready) return 'فهرس القصص قيد البناء؛ أعد المحاولة بعد قليل.';
            // New articles get the full analysis and are placed in the corpus this process serves.
            const pipeline = new Pipeline(store, {
              analyze: await createAnalyzer(),
              ...(index ? { corpus: index.corpus } : {}),
            });
            if (!index) await pipeline.rebuild();
            crawling = serial(() =>
              crawlOnce({
                store,
                fetcher,
                pipeline: async (articles) => void (await pipeline.ingest(articles)),
              }),
            )
              .then((r) =>
                process.stderr.write(
                  `serve: crawl round: ${r.inserted} new, ${r.failedSources} sources failed\n`,
                ),
              )
              .catch((error) =>
                process.stderr.write(`serve: crawl round failed: ${(error as Error).message}\n`),
              )
              .finally(() => {
                crawling = null;
              });
            return 'بدأت جولة جلب للمصادر المستحقة؛ تظهر المقالات الجديدة عند انتهائها.';
          },
        },
      });

      const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
        const shown = host.includes(':') ? `[${host}]` : host;
        process.stdout.write(`naba: serving http://${shown}:${info.port}/\n`);
        if (!config.adminPassword)
          process.stdout.write('naba: admin is off (set NABA_ADMIN_PASSWORD to turn it on)\n');
      });
      server.on('error', (error) => {
        process.stderr.write(`serve: cannot listen on ${host}:${port}: ${error.message}\n`);
        process.exitCode = 1;
      });

      let timer: NodeJS.Timeout | null = null;
      if (index) {
        const started = performance.now();
        serial(() => index.refresh())
          .then((n) =>
            process.stderr.write(
              `serve: related index ready (${n} articles, ${Math.round(performance.now() - started)} ms)\n`,
            ),
          )
          .catch((error) =>
            process.stderr.write(`serve: related index failed: ${(error as Error).message}\n`),
          );
        timer = setInterval(() => {
          serial(() => index.refresh()).catch((error) =>
            process.stderr.write(`serve: related refresh: ${(error as Error).message}\n`),
          );
        }, REFRESH_MS);
        timer.unref();
      }

      await new Promise<void>((resolve) => {
        const stop = () => {
          if (timer) clearInterval(timer);
          server.close(() => resolve());
          // Keep-alive sockets would hold close() open; a second signal or 5 s ends it anyway.
          setTimeout(resolve, 5000).unref();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await jobs?.stop();
      await fetcher.close();
      await store.close();
    });
};
