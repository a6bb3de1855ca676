/**
 * A lease for work that must run in one place at a time (placement, the scheduler): a PostgreSQL
 * session advisory lock held by a connection of its own. The server drops the lock the moment that
 * connection ends, so when the holder dies (crash, kill -9, network cut) another process takes over on
 * its next try, within `retryMs`. No expiry to tune and no clock to trust.
 *
 * The holder checks the connection before each unit of work (`check`); a lost connection ends the lease.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { withExplicitUser } from '../store/postgres/postgres-store.ts';

/** The two 32-bit keys of an advisory lock named `name` (stable across processes and versions). */
export function lockKeys(name: string): [number, number] {
  const h = createHash('sha1').update(`naba-lease:${name}`).digest();
  return [h.readInt32BE(0), h.readInt32BE(4)];
}

export interface Lease {
  /** True while the lock is held on a live connection. */
  readonly held: boolean;
  /** Throws `lease: …` when the lock was lost; call before each step taken under the lease. */
  check(): Promise<void>;
  release(): Promise<void>;
}

export interface AcquireOptions {
  signal?: AbortSignal;
  /** Pause between tries while another process holds it (default 1000 ms). */
  retryMs?: number;
  log?: (line: string) => void;
}

/** A connection of our own on which the lease's lock is tried, and held once taken. */
class LeaseSession {
  readonly #client: pg.Client;
  readonly #name: string;
  readonly #keys: [number, number];
  #open = true;
  #held = false;

  private constructor(client: pg.Client, name: string) {
    this.#client = client;
    this.#name = name;
    this.#keys = lockKeys(name);
    // An error on an idle client (server gone) must not crash the process: it only ends the session.
    const ended = () => {
      this.#open = false;
      this.#held = false;
    };
    client.on('error', ended);
    client.on('end', ended);
  }

  static async open(databaseUrl: string, name: string): Promise<LeaseSession> {
    const client = new pg.Client({
      connectionString: withExplicitUser(databaseUrl),
      application_name: `naba-lease-${name}`,
    });
    const session = new LeaseSession(client, name);
    await client.connect();
    return session;
  }

  get open(): boolean {
    return this.#open;
  }

  /** One try for the lock on this connection; the lease when we got it. */
  async tryLock(): Promise<Lease | null> {
    const { rows } = await this.#client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [
      ...this.#keys,
    ]);
    this.#held = rows[0]?.ok === true;
    return this.#held ? this.#lease() : null;
  }

  async close(): Promise<void> {
    this.#open = false;
    await this.#client.end().catch(() => undefined);
  }

  #lease(): Lease {
    const session = this;
    const client = this.#client;
    const name = this.#name;
    return {
      get held() {
        return session.#held;
      },
      async check() {
        if (!session.#held) throw new Error(`lease: lost the ${name} lease (connection closed)`);
        try {
          await client.query('select 1');
        } catch (error) {
          session.#held = false;
          throw new Error(`lease: lost the ${name} lease: ${error instanceof Error ? error.message : error}`);
        }
      },
      async release() {
        if (session.#held) {
          await client.query('select pg_advisory_unlock($1, $2)', [...session.#keys]).catch(() => undefined);
        }
        session.#held = false;
        await session.close();
      },
    };
  }
}

/** Try once, on a new connection; null when another session holds the lease. */
export async function tryAcquire(databaseUrl: string, name: string): Promise<Lease | null> {
  const session = await LeaseSession.open(databaseUrl, name);
  try {
    const lease = await session.tryLock();
    if (!lease) await session.close();
    return lease;
  } catch (error) {
    await session.close();
    throw error;
  }
}

/**
 * Wait until the lease is ours (or `signal` aborts: null). Tries on one connection kept open between
 * tries (a dozen waiting workers must not start a server backend each per second), reconnecting only
 * when it drops; the pause is jittered so waiters do not ask in lockstep.
 */
export async function acquire(
  databaseUrl: string,
  name: string,
  options: AcquireOptions = {},
): Promise<Lease | null> {
  const retryMs = options.retryMs ?? 1000;
  let session: LeaseSession | null = null;
  while (!options.signal?.aborted) {
    try {
      if (!session?.open) session = await LeaseSession.open(databaseUrl, name);
      const lease = await session.tryLock();
      if (lease) return lease;
    } catch (error) {
      options.log?.(`lease: cannot try the ${name} lease: ${error instanceof Error ? error.message : error}`);
      await session?.close();
      session = null;
    }
    try {
      await sleep(
        retryMs * (0.75 + Math.random() * 0.5),
        undefined,
        options.signal ? { signal: options.signal } : {},
      );
    } catch {
      break;
    }
  }
  await session?.close();
  return null;
}
