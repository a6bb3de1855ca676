/**
 * The placement and scheduler lease: exclusive, released with its connection (closed by the server or
 * by the holder's death), then taken over by the next process that asks.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { acquire, type Lease, lockKeys, tryAcquire } from '../../src/jobs/lease.ts';
import { withExplicitUser } from '../../src/store/postgres/postgres-store.ts';
import { usePostgres } from '../postgres/cluster.ts';

const pgt = usePostgres();
const ROOT = join(import.meta.dirname, '..', '..');

describe.skipIf(pgt.skip)('lease', () => {
  it('is held by one session at a time and passes on when released', async () => {
    const a = await tryAcquire(pgt.url(), 'exclusive');
    expect(a?.held).toBe(true);
    expect(await tryAcquire(pgt.url(), 'exclusive')).toBeNull();
    // Another name is another lease.
    const other = await tryAcquire(pgt.url(), 'exclusive-2');
    expect(other).not.toBeNull();
    await a!.release();
    const b = await tryAcquire(pgt.url(), 'exclusive');
    expect(b?.held).toBe(true);
    await b!.release();
    await other!.release();
  });

  it('is lost when the server closes the holder connection, and taken over', async () => {
    const a = (await tryAcquire(pgt.url(), 'cut')) as Lease;
    const admin = new pg.Client({ connectionString: withExplicitUser(pgt.url()) });
    await admin.connect();
    try {
      const [k1, k2] = lockKeys('cut');
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_locks
         where locktype = 'advisory' and classid = $1::bigint::oid and objid = $2::bigint::oid and granted`,
        [k1 >>> 0, k2 >>> 0],
      );
      expect(rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    await expect(a.check()).rejects.toThrow(/^lease: lost the cut lease/);
    expect(a.held).toBe(false);
    const b = await acquire(pgt.url(), 'cut', { retryMs: 100 });
    expect(b?.held).toBe(true);
    await b!.release();
    await a.release();
  });

  it('is taken over after its holder process is killed with SIGKILL', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/jobs/hold-lease.ts', pgt.url(), 'killed'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise((r) => child.on('exit', r));
    try {
      const said = await new Promise<string>((resolve) =>
        child.stdout.once('data', (d: Buffer) => resolve(`${d}`)),
      );
      expect(said.trim()).toBe('held');
      expect(await tryAcquire(pgt.url(), 'killed')).toBeNull();
      child.kill('SIGKILL');
      await exited;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 20_000);
      const lease = await acquire(pgt.url(), 'killed', { retryMs: 100, signal: controller.signal });
      clearTimeout(timer);
      expect(lease?.held).toBe(true);
      await lease!.release();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('waits on one connection, not a new one per try, and gets the lease when it is released', async () => {
    const holder = (await tryAcquire(pgt.url(), 'waited')) as Lease;
    const admin = new pg.Client({ connectionString: withExplicitUser(pgt.url()) });
    await admin.connect();
    const waiterPids = async () =>
      (
        await admin.query<{ pid: number }>(
          `select pid from pg_stat_activity where application_name = 'naba-lease-waited' and pid <> $1`,
          [holderPid],
        )
      ).rows.map((r) => r.pid);
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity where application_name = 'naba-lease-waited'`,
    );
    const holderPid = rows[0]!.pid;
    const controller = new AbortController();
    try {
      const waiting = acquire(pgt.url(), 'waited', { retryMs: 50, signal: controller.signal });
      await sleep(400);
      const first = await waiterPids();
      await sleep(400);
      // About 15 tries by now, all on the same backend.
      expect(first).toHaveLength(1);
      expect(await waiterPids()).toEqual(first);
      await holder.release();
      const lease = await waiting;
      expect(lease?.held).toBe(true);
      await lease!.release();
    } finally {
      controller.abort();
      await holder.release();
      await admin.end();
    }
  });
});
