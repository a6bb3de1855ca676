/**
 * PostgreSQL for the test run. With `TEST_DATABASE_URL` the tests use that server; otherwise each
 * test file starts a throwaway cluster (initdb in a temp dir, unix socket only, fsync off, run as the
 * `postgres` user when we are root: see `bench/postgres.ts`) and removes it afterwards. Every store
 * gets a schema of its own, dropped when the test is done.
 *
 * Without binaries or a URL: the suite fails when `CI` is set (a CI box must test both engines) and
 * is skipped with a message otherwise.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { findPgBin, type PgCluster, startPgCluster } from '../../bench/postgres.ts';
import { createPool } from '../../src/store/postgres/postgres-store.ts';

export interface TestPostgres {
  /** True when no PostgreSQL is at hand and the tests must be skipped. */
  skip: boolean;
  /** URL of the database the tests use; valid inside tests and hooks. */
  url(): string;
  /** The same server's URL for another database (the tests create and drop it). */
  urlFor(database: string): string;
  /** A new empty schema in that database, and a way to drop it. */
  freshSchema(): Promise<{ schema: string; drop(): Promise<void> }>;
}

const INSTALL_HINT =
  'install the Debian package "postgresql" (binaries under /usr/lib/postgresql/<version>/bin) or set TEST_DATABASE_URL';

/** Where the tests' PostgreSQL comes from, decided when the test file loads. */
function locate(): { kind: 'url'; url: string } | { kind: 'bin'; bin: string } | null {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return { kind: 'url', url };
  const bin = findPgBin();
  return bin ? { kind: 'bin', bin } : null;
}

/**
 * Register the hooks that bring up PostgreSQL for this test file (call at the top level of the file).
 * Throws right away when `CI` is set and there is no PostgreSQL.
 */
export function usePostgres(): TestPostgres {
  const found = locate();
  if (!found) {
    if (process.env.CI) throw new Error(`postgres tests: no PostgreSQL found; ${INSTALL_HINT}`);
    console.warn(`postgres tests skipped: no PostgreSQL found; ${INSTALL_HINT}`);
  }
  let cluster: PgCluster | null = null;
  let url = '';
  let admin: pg.Pool | null = null;
  let counter = 0;

  if (found) {
    beforeAll(() => {
      if (found.kind === 'url') {
        url = found.url;
      } else {
        // Each test file runs in its own worker, so the socket dir (unique per cluster) keeps them apart.
        cluster = startPgCluster(found.bin, { max_connections: '60' });
        const params = new URLSearchParams({ host: cluster.socketDir, port: String(cluster.port) });
        url = `postgresql://${cluster.user}@/postgres?${params}`;
      }
      admin = createPool(url, { maxConnections: 2 });
    });
    afterAll(async () => {
      await admin?.end();
      admin = null;
      cluster?.stop();
      cluster = null;
    });
  }

  return {
    skip: !found,
    url: () => {
      if (!url) throw new Error('postgres tests: url() called outside a test');
      return url;
    },
    urlFor: (database) => {
      if (!url) throw new Error('postgres tests: urlFor() called outside a test');
      // The path is the database; `user@/db?host=…` socket URLs are not WHATWG URLs, so no URL class.
      return url.replace(/^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?/, `$1/${encodeURIComponent(database)}`);
    },
    async freshSchema() {
      const pool = admin;
      if (!pool) throw new Error('postgres tests: freshSchema() called outside a test');
      // Unique across files sharing one TEST_DATABASE_URL server.
      const schema = `naba_test_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
      await pool.query(`create schema ${schema}`);
      return {
        schema,
        drop: async () => {
          await pool.query(`drop schema if exists ${schema} cascade`);
        },
      };
    },
  };
}
