/**
 * Politeness shared by every worker. Each fetcher spaces its own requests to a host (the per-host
 * scheduler in `src/ingest/fetch/politeness.ts`), but N workers, each polite on its own, would hit a
 * site N times as often as one. Before a request to a host with a delay, a worker reserves the host's
 * next free slot in PostgreSQL and sleeps until it comes: one round trip per request, no polling.
 *
 * The reservation is one atomic upsert on `host_slots (host, next_at)`: the slot starts at the later of
 * `next_at` and now, and `next_at` moves one delay past it. Reservations queue up in the order they
 * reach the server; times are the server's clock, so skewed machine clocks do not matter.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { SharedHostGate } from '../ingest/fetch/politeness.ts';
import { createPool } from '../store/postgres/postgres-store.ts';
import { DEFAULT_JOBS_SCHEMA } from './pg-queue.ts';

/** Rows of hosts idle this long are deleted when a gate opens (a row is only a time; losing it is harmless). */
const FORGET_AFTER = '1 day';

export class PgHostGate implements SharedHostGate {
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #table: string;

  private constructor(pool: pg.Pool, ownsPool: boolean, schema: string) {
    this.#pool = pool;
    this.#ownsPool = ownsPool;
    this.#table = `${schema}.host_slots`;
  }

  /**
   * Opens the gate on `databaseUrl` (its own two connections) or on a given pool, creating the table in
   * the queue's schema when missing.
   */
  static async open(
    target: string | pg.Pool,
    options: { schema?: string; log?: (line: string) => void } = {},
  ): Promise<PgHostGate> {
    const owns = typeof target === 'string';
    const pool = owns ? createPool(target, { maxConnections: 2 }) : target;
    if (owns) pool.on('error', (error) => options.log?.(`jobs: host gate connection lost: ${error.message}`));
    const gate = new PgHostGate(pool, owns, options.schema ?? DEFAULT_JOBS_SCHEMA);
    const client = await pool.connect();
    try {
      // Workers starting together may all try to create it; the advisory lock serializes them.
      await client.query('begin');
      await client.query(`select pg_advisory_xact_lock(hashtext('naba-host-slots'))`);
      await client.query(`create schema if not exists ${options.schema ?? DEFAULT_JOBS_SCHEMA}`);
      await client.query(`create table if not exists ${gate.#table} (
        host text primary key,
        next_at timestamptz not null
      )`);
      await client.query(`delete from ${gate.#table} where next_at < now() - interval '${FORGET_AFTER}'`);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      if (owns) await pool.end();
      throw error;
    } finally {
      client.release();
    }
    return gate;
  }

  /** Waits for this host's next slot, `gapMs` after the previous one taken by any worker. */
  async wait(host: string, gapMs: number, signal?: AbortSignal): Promise<void> {
    if (gapMs <= 0) return;
    const { rows } = await this.#pool.query<{ wait_ms: number }>(
      `insert into ${this.#table} as s (host, next_at)
         values ($1, clock_timestamp() + $2 * interval '1 millisecond')
       on conflict (host) do update
         set next_at = greatest(s.next_at, clock_timestamp()) + $2 * interval '1 millisecond'
       returning (extract(epoch from (next_at - clock_timestamp())) * 1000 - $2)::float8 as wait_ms`,
      [host, gapMs],
    );
    const waitMs = rows[0]?.wait_ms ?? 0;
    if (waitMs > 0) await sleep(Math.ceil(waitMs), undefined, { signal });
  }

  async close(): Promise<void> {
    if (this.#ownsPool) await this.#pool.end();
  }
}
