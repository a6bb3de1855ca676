/**
 * Every PostgreSQL migration, listed in code (no directory scanning), like `sqlite/migrations/`.
 * Names sort in the order they apply; Kysely applies the pending ones in one transaction (DDL is
 * transactional in PostgreSQL), so a failed upgrade leaves the schema as it was.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { migration0001 } from './0001_init.ts';
import { migration0002 } from './0002_copy_changes.ts';
import { migration0003 } from './0003_search_sort_time.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_init': migration0001,
  '0002_copy_changes': migration0002,
  '0003_search_sort_time': migration0003,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
