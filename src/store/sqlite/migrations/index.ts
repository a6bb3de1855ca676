/**
 * Every migration, listed in code so they load the same under tsx, a bundle or a test runner
 * (no directory scanning). Names sort in the order they apply.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { migration0001 } from './0001_init.ts';
import { migration0002 } from './0002_copies_by_time.ts';
import { migration0003 } from './0003_copy_changes.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_init': migration0001,
  '0002_copies_by_time': migration0002,
  '0003_copy_changes': migration0003,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
