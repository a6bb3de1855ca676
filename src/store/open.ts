/** The one way the rest of naba opens its store: PostgreSQL when a database URL is configured, else SQLite. */
import type { Config } from '../config.ts';
import { openPostgresStore, type PostgresStoreOptions, redactUrl } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/** Which engine `openStore` picks for a config, and where: for logs and `--json` output (no password). */
export function describeStore(config: Pick<Config, 'dbPath' | 'databaseUrl'>): string {
  if (config.databaseUrl) return redactUrl(config.databaseUrl);
  return `sqlite:${config.dbPath}`;
}

/**
 * Open the configured store: `databaseUrl` (`DATABASE_URL`) set → PostgreSQL, else the SQLite file at
 * `dbPath` (`NABA_DB`). `postgres` options only apply to PostgreSQL.
 */
export async function openStore(
  config: Pick<Config, 'dbPath' | 'databaseUrl'>,
  postgres: PostgresStoreOptions = {},
): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl, postgres);
  return openSqliteStore(config.dbPath);
}

/**
 * Where a command's store is: an explicit `--db FILE` means that SQLite file; otherwise the configuration
 * (`DATABASE_URL` when set, else `NABA_DB`).
 */
export function storeTarget(config: Pick<Config, 'dbPath' | 'databaseUrl'>, db?: string): StoreTarget {
  if (db !== undefined) return { dbPath: db };
  return config.databaseUrl
    ? { dbPath: config.dbPath, databaseUrl: config.databaseUrl }
    : { dbPath: config.dbPath };
}

export type StoreTarget = Pick<Config, 'dbPath' | 'databaseUrl'>;
