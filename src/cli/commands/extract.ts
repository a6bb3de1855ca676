/** `naba extract FILE|URL`: the article of one page, from disk or fetched politely. */
import { readFile } from 'node:fs/promises';
import { extractPage } from '../../ingest/extract/index.ts';
import { decodeBytes, detectCharset } from '../../ingest/fetch/charset.ts';
import { createFetcher } from '../../ingest/fetch/index.ts';
import { printJson } from '../io.ts';
import type { RegisterCommand } from './index.ts';

async function load(target: string): Promise<{ html: string; url: string }> {
  if (/^https?:\/\//i.test(target)) {
    const fetcher = createFetcher();
    try {
      const res = await fetcher.fetch({ url: target, kind: 'page' });
      if (res.status !== 'ok') throw new Error(`extract: no body for ${target} (${res.status})`);
      return { html: res.body, url: res.url };
    } finally {
      await fetcher.close();
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(target);
  } catch (error) {
    throw new Error(`extract: cannot read ${target}: ${error instanceof Error ? error.message : error}`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = (await import('node:zlib')).gunzipSync(bytes);
  return { html: decodeBytes(bytes, detectCharset(bytes, null).charset), url: `file://${target}` };
}

export const register: RegisterCommand = (program) => {
  program
    .command('extract')
    .description('extract the article of one page (file, .html.gz, or http(s) URL)')
    .argument('<target>', 'FILE or URL')
    .option('--url <url>', 'page URL for a FILE (resolves links, gives the id)')
    .option('--json', 'print the article as one JSON line')
    .action(async (target: string, opts: { url?: string; json?: boolean }) => {
      const page = await load(target);
      const { article, metadata } = extractPage(page.html, opts.url ?? page.url);
      const source = article?.sourceLine ?? metadata.siteName ?? null;
      if (opts.json) {
        printJson(
          article
            ? {
                title: article.title,
                text: article.text,
                author: article.author ?? null,
                published: article.published ?? null,
                image: article.image ?? null,
                canonical_url: article.canonicalUrl ?? null,
                language: article.language ?? null,
                source,
                quotes: article.quotes ?? [],
              }
            : {
                title: null,
                text: null,
                author: null,
                published: null,
                image: null,
                canonical_url: null,
                language: null,
                source,
                quotes: [],
              },
        );
        return;
      }
      if (!article) {
        process.stdout.write('extract: no article on this page\n');
        process.exitCode = 2;
        return;
      }
      const lines = [
        article.title,
        [article.author, article.published, source].filter(Boolean).join(' · '),
        '',
        article.text,
        ...(article.quotes ?? []).map(
          (q) => `\n[${q.platform}] ${q.author ?? ''} ${q.handle ?? ''} ${q.url ?? ''}\n${q.text}`,
        ),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
};
