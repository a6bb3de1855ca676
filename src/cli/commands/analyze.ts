/** `naba analyze [--json]`: the Arabic text analysis of stdin, as a table or as one JSON line. */

import { analyze } from '../../text/analyzer.ts';
import { findDates } from '../../text/dates.ts';
import { detectLanguage } from '../../text/language.ts';
import { normalize } from '../../text/normalize.ts';
import { splitSentences } from '../../text/sentences.ts';
import { printJson, readStdin } from '../io.ts';
import type { RegisterCommand } from './index.ts';

export const register: RegisterCommand = (program) => {
  program
    .command('analyze')
    .description('analyze Arabic text from stdin: tokens, normalized forms, stems, sentences, dates')
    .option('--json', 'print one JSON object as the last line')
    .action(async (opts: { json?: boolean }) => {
      const text = await readStdin();
      const tokens = analyze(text);
      const result = {
        language: detectLanguage(text),
        normalized: normalize(text),
        tokens: tokens.map(({ text, norm, stem, start, end, stop }) => ({
          text,
          norm,
          stem,
          start,
          end,
          stop,
        })),
        sentences: splitSentences(text),
        dates: findDates(text).map((d) => ({ text: d.text, iso: d.iso })),
      };
      if (opts.json) {
        printJson(result);
        return;
      }
      const out: string[] = [`language: ${result.language}`, `sentences: ${result.sentences.length}`, ''];
      out.push(['start', 'end', 'kind', 'stop', 'text', 'norm', 'stem'].join('\t'));
      for (const t of tokens) {
        out.push([t.start, t.end, t.kind, t.stop ? 'stop' : '', t.text, t.norm, t.stem].join('\t'));
      }
      if (result.dates.length > 0) {
        out.push('', 'dates:');
        for (const d of result.dates) out.push(`  ${d.text}\t${d.iso}`);
      }
      process.stdout.write(`${out.join('\n')}\n`);
    });
};
