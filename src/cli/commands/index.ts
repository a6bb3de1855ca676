/** Every `naba` command, one file each. Add a command: write `commands/<name>.ts` and list it here. */
import type { Command } from 'commander';
import { register as analyzeCommand } from './analyze.ts';
import { register as evalCommand } from './eval.ts';
import { register as extractCommand } from './extract.ts';
import { register as importCommand } from './import.ts';
import { register as migrateStoreCommand } from './migrate-store.ts';
import { register as searchCommand } from './search.ts';
import { register as sourcesCommand } from './sources.ts';
import { register as tagCommand } from './tag.ts';
import { register as trainCommand } from './train.ts';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  analyzeCommand,
  evalCommand,
  extractCommand,
  importCommand,
  migrateStoreCommand,
  searchCommand,
  sourcesCommand,
  tagCommand,
  trainCommand,
];
