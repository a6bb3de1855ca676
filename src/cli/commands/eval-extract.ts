/** `naba eval extract`: main-text extraction against a ScrapingHub-format set, naba and Readability side by side. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  type ExtractionScore,
  predictNaba,
  predictReadability,
  scoreExtraction,
} from '../../eval/extract.ts';
import { decodeBytes, detectCharset } from '../../ingest/fetch/charset.ts';
import { printJson } from '../io.ts';
import type { RegisterSubcommand } from './eval.ts';

interface GoldEntry {
  articleBody?: string;
  url?: string;
}

async function readPage(dir: string, id: string): Promise<string> {
  const path = join(dir, `${id}.html.gz`);
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(await readFile(path));
  } catch (error) {
    throw new Error(`eval extract: cannot read ${path}: ${error instanceof Error ? error.message : error}`);
  }
  return decodeBytes(bytes, detectCharset(bytes, null).charset);
}

function row(name: string, s: ExtractionScore): string {
  const f = (x: number) => x.toFixed(3);
  return `${name.padEnd(22)} ${f(s.precision)}     ${f(s.recall)}  ${f(s.f1)}  ${f(s.accuracy)}     ${s.pages}`;
}

export const register: RegisterSubcommand = (parent) => {
  parent
    .command('extract')
    .description('article-body extraction: token 4-gram precision/recall/F1 (ScrapingHub benchmark rules)')
    .requiredOption('--pages <dir>', 'folder of <id>.html.gz pages')
    .requiredOption('--gold <file>', 'ground-truth.json: { "<id>": { "articleBody", "url" } }')
    .option('--json', 'print the figures as one JSON line')
    .action(async (opts: { pages: string; gold: string; json?: boolean }) => {
      let gold: Record<string, GoldEntry>;
      try {
        gold = JSON.parse(await readFile(opts.gold, 'utf8')) as Record<string, GoldEntry>;
      } catch (error) {
        throw new Error(
          `eval extract: cannot read gold ${opts.gold}: ${error instanceof Error ? error.message : error}`,
        );
      }
      const truth = new Map<string, string>();
      const naba = new Map<string, string>();
      const nabaText = new Map<string, string>();
      const peer = new Map<string, string>();
      for (const [id, entry] of Object.entries(gold)) {
        truth.set(id, entry.articleBody ?? '');
        const html = await readPage(opts.pages, id);
        const url = entry.url ?? `https://example.invalid/${id}`;
        naba.set(id, predictNaba(html, url));
        nabaText.set(id, predictNaba(html, url, false));
        peer.set(id, predictReadability(html));
      }
      const scores = {
        naba: scoreExtraction(truth, naba),
        readability: scoreExtraction(truth, peer),
        naba_text_only: scoreExtraction(truth, nabaText),
      };
      const out = (s: ExtractionScore) => ({
        precision: s.precision,
        recall: s.recall,
        f1: s.f1,
        pages: s.pages,
      });
      if (opts.json) {
        printJson({
          naba: out(scores.naba),
          readability: out(scores.readability),
          naba_text_only: out(scores.naba_text_only),
        });
        return;
      }
      process.stdout.write(`system                 precision recall F1     accuracy  pages\n`);
      process.stdout.write(`${row('naba', scores.naba)}\n`);
      process.stdout.write(`${row('naba (text only)', scores.naba_text_only)}\n`);
      process.stdout.write(`${row('readability (linkedom)', scores.readability)}\n`);
    });
};
