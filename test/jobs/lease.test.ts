/**
 * The placement and scheduler lease: exclusive, released with its connection (closed by the server or
 * by the holder's death), then taken over by the next process that asks.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
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
});
