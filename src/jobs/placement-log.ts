/**
 * The placement log: which analyzed articles wait for placement, and the order in which the others were
 * placed. Placement is deterministic given that order, so a new lease holder rebuilds the exact state of
 * the one before by replaying the log (the store's insertion order is not the placement order once
 * many workers store articles at once).
 */
import type pg from 'pg';

export interface PendingPlacement {
  ids: string[];
  /** Age in ms of the oldest waiting article (0 when none waits). */
  oldestMs: number;
}

export interface PlacementLog {
  /** Analysis saved: the articles wait for placement (again-marking a known id changes nothing). */
  markAnalyzed(ids: string[]): Promise<void>;
  /** Every article waiting for placement. */
  pending(): Promise<PendingPlacement>;
  /** Append to the placement order. */
  markPlaced(ids: string[]): Promise<void>;
  /** Placed ids in placement order, `batchSize` at a time. */
  placed(batchSize?: number): AsyncIterable<string[]>;
  /** How many articles are placed and how many wait. */
  counts(): Promise<{ placed: number; pending: number }>;
}

/** In memory, for one process. */
export class MemoryPlacementLog implements PlacementLog {
  readonly #waiting = new Map<string, number>();
  readonly #order: string[] = [];
  readonly #placed = new Set<string>();

  async markAnalyzed(ids: string[]): Promise<void> {
    for (const id of ids)
      if (!this.#placed.has(id) && !this.#waiting.has(id)) this.#waiting.set(id, Date.now());
  }

  async pending(): Promise<PendingPlacement> {
    const times = [...this.#waiting.values()];
    return { ids: [...this.#waiting.keys()], oldestMs: times.length ? Date.now() - Math.min(...times) : 0 };
  }

  async markPlaced(ids: string[]): Promise<void> {
    for (const id of ids) {
      if (this.#placed.has(id)) continue;
      this.#waiting.delete(id);
      this.#placed.add(id);
      this.#order.push(id);
    }
  }

  async *placed(batchSize = 500): AsyncIterable<string[]> {
    for (let i = 0; i < this.#order.length; i += batchSize) yield this.#order.slice(i, i + batchSize);
  }

  async counts(): Promise<{ placed: number; pending: number }> {
    return { placed: this.#order.length, pending: this.#waiting.size };
  }
}

/** In PostgreSQL, beside the queue's tables. */
export class PgPlacementLog implements PlacementLog {
  readonly #pool: pg.Pool;
  readonly #table: string;

  private constructor(pool: pg.Pool, schema: string) {
    this.#pool = pool;
    this.#table = `${schema}.placement`;
  }

  static async open(pool: pg.Pool, schema: string): Promise<PgPlacementLog> {
    const log = new PgPlacementLog(pool, schema);
    // Two workers starting together may both try to create it; the advisory lock serializes them.
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`select pg_advisory_xact_lock(hashtext('naba-placement-log'))`);
      await client.query(`create schema if not exists ${schema}`);
      await client.query(`create table if not exists ${log.#table} (
        article_id text collate "C" primary key,
        analyzed_at timestamptz not null default now(),
        placed_seq bigint unique
      )`);
      await client.query(`create sequence if not exists ${schema}.placement_seq`);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw new Error(
        `jobs: cannot create the placement log: ${error instanceof Error ? error.message : error}`,
      );
    } finally {
      client.release();
    }
    return log;
  }

  async markAnalyzed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#pool.query(
      `insert into ${this.#table} (article_id) select unnest($1::text[]) on conflict do nothing`,
      [ids],
    );
  }

  async pending(): Promise<PendingPlacement> {
    const { rows } = await this.#pool.query<{ article_id: string; age: number }>(
      `select article_id, extract(epoch from now() - analyzed_at) * 1000 as age
       from ${this.#table} where placed_seq is null`,
    );
    return { ids: rows.map((r) => r.article_id), oldestMs: Math.max(0, ...rows.map((r) => Number(r.age))) };
  }

  async markPlaced(ids: string[]): Promise<void> {
    // One statement per id keeps the sequence in the given order.
    for (const id of ids) {
      await this.#pool.query(
        `insert into ${this.#table} (article_id, placed_seq) values ($1, nextval('${this.#table}_seq'))
         on conflict (article_id) do update set placed_seq = excluded.placed_seq
         where ${this.#table}.placed_seq is null`,
        [id],
      );
    }
  }

  async *placed(batchSize = 500): AsyncIterable<string[]> {
    let after = 0;
    for (;;) {
      const { rows } = await this.#pool.query<{ article_id: string; placed_seq: string }>(
        `select article_id, placed_seq from ${this.#table} where placed_seq > $1 order by placed_seq limit $2`,
        [after, batchSize],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => r.article_id);
      after = Number(rows[rows.length - 1]!.placed_seq);
    }
  }

  async counts(): Promise<{ placed: number; pending: number }> {
    const { rows } = await this.#pool.query<{ placed: number; pending: number }>(
      `select count(placed_seq)::int as placed, (count(*) - count(placed_seq))::int as pending from ${this.#table}`,
    );
    return rows[0] ?? { placed: 0, pending: 0 };
  }
}
