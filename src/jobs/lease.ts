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

/** Try once; null when another session holds the lease. */
export async function tryAcquire(databaseUrl: string, name: string): Promise<Lease | null> {
  const client = new pg.Client({
    connectionString: withExplicitUser(databaseUrl),
    application_name: `naba-lease-${name}`,
  });
  let held = false;
  // An error on an idle client (server gone) must not crash the process: it only ends the lease.
  client.on('error', () => {
    held = false;
  });
  client.on('end', () => {
    held = false;
  });
  await client.connect();
  const [a, b] = lockKeys(name);
  try {
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [a, b]);
    held = rows[0]?.ok === true;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  if (!held) {
    await client.end().catch(() => undefined);
    return null;
  }
  return {
    get held() {
      return held;
    },
    async check() {
      if (!held) throw new Error(`lease: lost the ${name} lease (connection closed)`);
      try {
        await client.query('select 1');
      } catch (error) {
        held = false;
        throw new Error(`lease: lost the ${name} lease: ${error instanceof Error ? error.message : error}`);
      }
    },
    async release() {
      if (held) await client.query('select pg_advisory_unlock($1, $2)', [a, b]).catch(() => undefined);
      held = false;
      await client.end().catch(() => undefined);
    },
  };
}

/** Wait until the lease is ours (or `signal` aborts: null). */
export async function acquire(
  databaseUrl: string,
  name: string,
  options: AcquireOptions = {},
): Promise<Lease | null> {
  const retryMs = options.retryMs ?? 1000;
  while (!options.signal?.aborted) {
    try {
      const lease = await tryAcquire(databaseUrl, name);
      if (lease) return lease;
    } catch (error) {
      options.log?.(`lease: cannot try the ${name} lease: ${error instanceof Error ? error.message : error}`);
    }
    try {
      await sleep(retryMs, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      break;
    }
  }
  return null;
}
