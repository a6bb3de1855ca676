/** `naba tag [--file PAGE.html]`: tags, entities, section and quoted sources of one article. */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { analyzeArticle } from '../../analyze/index.ts';
import { extractPage } from '../../ingest/extract/index.ts';
import { decodeBytes, detectCharset } from '../../ingest/fetch/charset.ts';
import { printJson, readStdin } from '../io.ts';
import type { RegisterCommand } from './index.ts';

type Input = { title: string; text: string; sourceNames: string[] };

async function fromFile(path: string, url: string | undefined): Promise<Input> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`tag: cannot read ${path}: ${(error as Error).message}`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const html = decodeBytes(bytes, detectCharset(bytes, null).charset);
  const { article, metadata } = extractPage(html, url ?? `file://${path}`);
  if (!article) throw new Error(`tag: no article found in ${path}`);
  let text = article.text;
  // The extractor lifts `المصدر: …` out of the body; it is part of what the page says, so it goes back in.
  if (article.sourceLine && !text.includes(article.sourceLine)) text = `${text}\n\n${article.sourceLine}`;
  return { title: article.title, text, sourceNames: metadata.siteName ? [metadata.siteName] : [] };
}

/** stdin: the first line is the title, the rest the body. */
function fromText(raw: string): Input {
  const newline = raw.indexOf('\n');
  if (newline < 0) return { title: '', text: raw, sourceNames: [] };
  return { title: raw.slice(0, newline).trim(), text: raw.slice(newline + 1), sourceNames: [] };
}

export const register: RegisterCommand = (program) => {
  program
    .command('tag')
    .description('tags, entities, section and quoted sources of one article (stdin: title line, then body)')
    .option('--file <page>', 'an HTML page (.html or .html.gz) to extract the article from instead of stdin')
    .option('--url <url>', 'the page URL for --file')
    .option('--json', 'print one JSON object as the last line')
    .action(async (opts: { file?: string; url?: string; json?: boolean }) => {
      const input = opts.file ? await fromFile(opts.file, opts.url) : fromText(await readStdin());
      const a = analyzeArticle({ title: input.title, text: input.text }, { sourceNames: input.sourceNames });
      const result = {
        tags: a.tags,
        entities: a.entities.map(({ text, type, key }) => ({ text, type, key })),
        section: a.section,
        quoted_sources: a.quotedSources.map(({ name, text }) => ({ name, text })),
      };
      if (opts.json) {
        printJson(result);
        return;
      }
      const lines = [
        `title: ${input.title}`,
        `language: ${a.language}`,
        `section: ${a.section || '-'} (${a.sectionConfidence.toFixed(2)})`,
        `tags: ${a.tags.join('، ') || '-'}`,
        'entities:',
        ...a.entities.map((e) => `  ${e.type}\t${e.text}\t×${e.count}`),
        'quoted sources:',
        ...a.quotedSources.map((q) => `  ${q.kind}\t${q.name}\t«${q.text}»`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
};
