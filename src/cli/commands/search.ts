/** `naba search QUERY…`: full-text search of the store; the work is in `corpus/search.ts`. */
import { existsSync } from 'node:fs';
import { loadConfig } from '../../config.ts';
import { type SearchFilters, type SearchItem, search } from '../../corpus/search.ts';
import type { Range } from '../../corpus/search-snippet.ts';
import { openStore, storeTarget } from '../../store/open.ts';
import { printJson } from '../io.ts';
import type { RegisterCommand } from './index.ts';

interface SearchCommandOptions {
  db?: string;
  source?: string;
  section?: string;
  tag?: string;
  entity?: string;
  from?: string;
  to?: string;
  limit: string;
  cursor?: string;
  now?: string;
  includeCopies?: boolean;
  json?: boolean;
}

/** Text with each highlight wrapped in ⟦ ⟧. */
export function mark(text: string, highlights: readonly Range[]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    out += `${text.slice(at, start)}⟦${text.slice(start, end)}⟧`;
    at = end;
  }
  return out + text.slice(at);
}

function formatItem(item: SearchItem, rank: number): string {
  return [
    `${rank}. ${mark(item.title, item.titleHighlights)}`,
    `   ${item.sourceId} · ${item.published} · ${item.score}`,
    `   ${mark(item.snippet.text, item.snippet.highlights)}`,
    ...(item.url ? [`   ${item.url}`] : []),
  ].join('\n');
}

export const register: RegisterCommand = (program) => {
  program
    .command('search')
    .description(
      'search stored articles: words, "phrases", -excluded, source:/section:/tag:/from:/to: in the query',
    )
    .argument(
      '<query...>',
      `the query, words joined with spaces; quote it whole for phrases and exclusions: '"وزير الخارجية" -العراق'`,
    )
    .option('--db <path>', 'SQLite file (default: $NABA_DB or ./naba.db)')
    .option('--source <id>', 'only this source')
    .option('--section <name>', 'only this section (ours)')
    .option('--tag <tag>', 'only articles with this tag')
    .option('--entity <name>', 'only articles naming this entity')
    .option('--from <date>', 'published at or after (ISO 8601; a bare day counts whole)')
    .option('--to <date>', 'published at or before (ISO 8601; a bare day counts whole)')
    .option('--limit <n>', 'results per page (1-100)', '10')
    .option('--cursor <next>', 'the next page, as printed by the previous one')
    .option('--now <time>', 'reference time of the recency boost (default: now)')
    .option('--include-copies', 'also show articles placed as copies of another')
    .option('--json', 'print { total, items, next } as one JSON object on the last line')
    .action(async (words: string[], opts: SearchCommandOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw new Error(`search: --limit must be an integer from 1 to 100, got ${opts.limit}`);
      }
      let now: Date | undefined;
      if (opts.now !== undefined) {
        now = new Date(opts.now);
        if (Number.isNaN(now.getTime())) throw new Error(`search: --now is not a time: ${opts.now}`);
      }
      const target = storeTarget(loadConfig(), opts.db);
      if (!target.databaseUrl && !existsSync(target.dbPath)) {
        throw new Error(`search: no database at ${target.dbPath} (run naba import first)`);
      }
      const filters: SearchFilters = {
        source: opts.source,
        section: opts.section,
        tag: opts.tag,
        entity: opts.entity,
        from: opts.from,
        to: opts.to,
      };
      const store = await openStore(target);
      try {
        const result = await search(store, words.join(' '), {
          filters,
          limit,
          cursor: opts.cursor,
          now,
          includeCopies: opts.includeCopies,
        });
        if (opts.json) {
          printJson(result);
          return;
        }
        if (result.items.length === 0) {
          process.stdout.write('no results\n');
          return;
        }
        process.stdout.write(`${result.items.map((item, i) => formatItem(item, i + 1)).join('\n\n')}\n`);
        const total = result.total !== undefined ? `${result.total} results` : 'more results';
        process.stdout.write(`\n${total}${result.next ? `; next page: --cursor ${result.next}` : ''}\n`);
      } finally {
        await store.close();
      }
    });
};
