/**
 * A throwaway PostgreSQL cluster for benchmarks: initdb in a temp dir, a unix socket in that dir (no TCP),
 * fsync off, run as `postgres` through `runuser` when we are root (initdb refuses root). `stop()` removes
 * everything. Null when no PostgreSQL binaries are installed, so a bench can print "peer skipped".
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type PgCluster = {
  /** Pass as `host` to `pg.Client`; the socket lives here. */
  socketDir: string;
  port: number;
  user: string;
  stop: () => void;
};

/** The bin dir of the newest installed PostgreSQL, or null. */
export function findPgBin(root = '/usr/lib/postgresql'): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/** Start a temp cluster; extra `-c name=value` settings go to the server. Throws `postgres: …` on failure. */
export function startPgCluster(bin: string, settings: Record<string, string> = {}): PgCluster {
  const dir = mkdtempSync(join(tmpdir(), 'naba-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  const osUser = 'postgres';
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', osUser]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', osUser]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const full = asRoot
      ? ['runuser', '-u', osUser, '--', join(bin, cmd), ...args]
      : [join(bin, cmd), ...args];
    const r = spawnSync(full[0]!, full.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`postgres: ${cmd} failed: ${(r.stderr || r.stdout || '').trim()}`);
  };
  const data = join(dir, 'data');
  const port = 5498;
  try {
    run('initdb', ['-U', 'naba', '-D', data, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    const extra = Object.entries({ fsync: 'off', max_connections: '5', ...settings })
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ');
    const opts = `-k ${dir} -c listen_addresses='' -p ${port} ${extra}`;
    run('pg_ctl', ['-D', data, '-o', opts, '-w', '-l', join(dir, 'log'), 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    socketDir: dir,
    port,
    user: 'naba',
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** CPU ms (user + system) of another process from /proc, or null where /proc is not there. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    return (ticks * 1000) / hz;
  } catch {
    return null;
  }
}
