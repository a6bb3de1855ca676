/**
 * `npm run bench [name…]`: runs each bench module in turn, prints a table per module and, as the LAST line
 * of stdout, one JSON object with every figure keyed by module name. Add a bench: write `bench/<name>.ts`
 * exporting `run(): Promise<Record<string, unknown>>` (flat figures; a string `summary` field is the human
 * line) and add one line to MODULES below.
 */

export type BenchModule = { run: () => Promise<Record<string, unknown>> };

const MODULES: [name: string, load: () => Promise<BenchModule>][] = [
  ['analyzer', () => import('./analyzer.ts')],
  ['analysis', () => import('./analysis.ts')],
  ['search', () => import('./search.ts')],
  ['corpus', () => import('./corpus.ts')],
  ['web', () => import('./web.ts')],
  ['workers', () => import('./workers.ts')],
  ['pg-scale', () => import('./pg-scale.ts')],
];

function table(figures: Record<string, unknown>): string {
  const rows = Object.entries(figures).map(([k, v]) => [
    k,
    typeof v === 'object' ? JSON.stringify(v) : String(v),
  ]);
  const width = Math.max(0, ...rows.map(([k]) => k!.length));
  return rows.map(([k, v]) => `  ${k!.padEnd(width)}  ${v}`).join('\n');
}

const only = process.argv.slice(2);
const all: Record<string, unknown> = {};
for (const [name, load] of MODULES) {
  if (only.length > 0 && !only.includes(name)) continue;
  try {
    const mod = await load();
    const figures = await mod.run();
    const summary = typeof figures.summary === 'string' ? figures.summary : '';
    const { summary: _, ...rest } = figures;
    process.stdout.write(`\n== ${name}: ${summary}\n${table(rest)}\n`);
    all[name] = figures;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(`\n== ${name}: failed: ${message}\n`);
    all[name] = { error: message };
  }
}
process.stdout.write(`${JSON.stringify(all)}\n`);
