/**
 * Every `naba` command, one file each, loaded only when it runs: a command pulls in its own stage (models,
 * SQLite, the web server), and `naba analyze` should not pay for the others at start-up.
 * Add a command: write `commands/<name>.ts` exporting `register` and list it here under its name.
 */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

type CommandModule = { register: RegisterCommand };

export const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  analyze: () => import('./analyze.ts'),
  crawl: () => import('./crawl.ts'),
  demo: () => import('./demo.ts'),
  eval: () => import('./eval.ts'),
  extract: () => import('./extract.ts'),
  import: () => import('./import.ts'),
  'migrate-store': () => import('./migrate-store.ts'),
  search: () => import('./search.ts'),
  serve: () => import('./serve.ts'),
  sources: () => import('./sources.ts'),
  tag: () => import('./tag.ts'),
  train: () => import('./train.ts'),
  worker: () => import('./worker.ts'),
};

/** The modules to load for these arguments: the named command alone, or all of them for help and errors. */
export function commandsFor(args: string[]): (() => Promise<CommandModule>)[] {
  const name = args.find((a) => !a.startsWith('-'));
  const one = name === undefined ? undefined : COMMANDS[name];
  return one ? [one] : Object.values(COMMANDS);
}
