/** `naba train docfreq`: counts document frequencies of index terms over a news stream, the tags' idf prior. */
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { DocFreqCounter, encodeDocFreq, SHIPPED_DOCFREQ_PATH } from '../../analyze/docfreq.ts';
import { analyze } from '../../text/analyzer.ts';
import { printJson } from '../io.ts';
import type { RegisterSubcommand } from './eval.ts';

/** The stream the shipped prior is counted on (path from the project root). */
export const DEFAULT_DOCFREQ_DATA = ['../shared/data/stream/saudinewsnet.jsonl.gz'];

const SENTENCE_ENDS = new Set(['.', '!', '?', '؟', ':', '…']);

/** Index terms of a text, and the terms that open its sentences (first word after an end or a line break). */
export function termsAndOpeners(text: string): [string[], string[]] {
  const all: string[] = [];
  const openers: string[] = [];
  let atStart = true;
  let prevEnd = 0;
  for (const t of analyze(text)) {
    if (text.slice(prevEnd, t.start).includes('\n')) atStart = true;
    prevEnd = t.end;
    if (t.kind === 'punct') {
      if (SENTENCE_ENDS.has(t.text[0]!)) atStart = true;
      continue;
    }
    const isTerm =
      (t.kind === 'word' || t.kind === 'number' || t.kind === 'hashtag') && !t.stop && t.stem !== '';
    if (isTerm) all.push(t.stem);
    if (atStart && isTerm && t.kind === 'word') openers.push(t.stem);
    atStart = false;
  }
  return [all, openers];
}

async function countFile(path: string, counter: DocFreqCounter): Promise<number> {
  const input = createReadStream(path);
  const lines = createInterface({
    input: path.endsWith('.gz') ? input.pipe(createGunzip()) : input,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let a: { title?: unknown; text?: unknown };
    try {
      a = JSON.parse(line);
    } catch {
      throw new Error(`train docfreq: ${path}:${lineNo}: not JSON`);
    }
    const title = typeof a.title === 'string' ? a.title : '';
    const text = typeof a.text === 'string' ? a.text : '';
    counter.add(...termsAndOpeners(`${title}\n${text}`));
    n++;
  }
  return n;
}

export const register: RegisterSubcommand = (parent) => {
  parent
    .command('docfreq')
    .description(
      'count document frequencies of index terms (the prior idf for tags) over Article JSONL files',
    )
    .option('--data <files...>', 'Article JSONL files, .gz allowed', DEFAULT_DOCFREQ_DATA)
    .option('--min-df <n>', 'keep terms seen in at least this many documents', '2')
    .option('--out <path>', 'file to write', SHIPPED_DOCFREQ_PATH)
    .option('--json', 'print a JSON summary as the last line')
    .action(async (opts: { data: string[]; minDf: string; out: string; json?: boolean }) => {
      const minDf = Number.parseInt(opts.minDf, 10);
      if (!(minDf >= 1))
        throw new Error(`train docfreq: --min-df must be a positive integer, got ${opts.minDf}`);
      const counter = new DocFreqCounter();
      for (const path of opts.data) await countFile(path, counter);
      const kept = counter.entries(minDf).length;
      const bytes = encodeDocFreq(counter, minDf, { data: opts.data });
      mkdirSync(dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, bytes);
      const summary = { docs: counter.docs, terms: kept, min_df: minDf, bytes: bytes.length, out: opts.out };
      if (opts.json) printJson(summary);
      else {
        process.stdout.write(
          `docfreq: ${counter.docs} documents, ${kept} terms with df ≥ ${minDf}, ${bytes.length} bytes → ${opts.out}\n`,
        );
      }
    });
};
