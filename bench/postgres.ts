/**
 * A throwaway PostgreSQL cluster for benchmarks: initdb in a temp dir, a unix socket in that dir (no TCP),
 * fsync off, run as `postgres` through `runuser` when we are root (initdb refuses root). `stop()` removes
 * everything, unless the cluster was started in a dir of the caller's (`keepIn`), which it keeps for the
 * next run. Null when no PostgreSQL binaries are installed, so a bench can print "peer skipped".
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type PgCluster = {
  /** Pass as `host` to `pg.Client`; the socket lives here. */
  socketDir: string;
  /** The cluster's data directory (`postmaster.pid` is there). */
  dataDir: string;
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

/**
 * Start a temp cluster; extra `-c name=value` settings go to the server. With `keepIn`, the cluster lives
 * in that dir: made there the first time, started again as it was the next times, kept by `stop()`.
 * Throws `postgres: …` on failure.
 */
export function startPgCluster(
  bin: string,
  settings: Record<string, string> = {},
  options: { keepIn?: string } = {},
): PgCluster {
  const keep = options.keepIn !== undefined;
  if (keep) mkdirSync(options.keepIn!, { recursive: true });
  const dir = options.keepIn ?? mkdtempSync(join(tmpdir(), 'naba-bench-pg-'));
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
  const remove = () => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (!existsSync(join(data, 'PG_VERSION'))) {
      run('initdb', ['-U', 'naba', '-D', data, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    }
    const extra = Object.entries({ fsync: 'off', max_connections: '5', ...settings })
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ');
    const opts = `-k ${dir} -c listen_addresses='' -p ${port} ${extra}`;
    run('pg_ctl', ['-D', data, '-o', opts, '-w', '-l', join(dir, 'log'), 'start']);
  } catch (error) {
    remove();
    throw error;
  }
  return {
    socketDir: dir,
    dataDir: data,
    port,
    user: 'naba',
    stop: () => {
      try {
        // A kept cluster shuts down cleanly (a checkpoint), so the next start needs no recovery.
        run('pg_ctl', ['-D', data, '-m', keep ? 'fast' : 'immediate', '-w', 'stop']);
      } finally {
        remove();
      }
    },
  };
}

/** The fields of /proc/<pid>/stat after the command name (field 3, the state, first), or null. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

let clockTicks: number | undefined;
function ticksToMs(ticks: number): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return (ticks * 1000) / clockTicks;
}

/** CPU ms (user + system) of another process from /proc, or null where /proc is not there. */
export function processCpuMs(pid: number): number | null {
  const fields = procStat(pid);
  return fields ? ticksToMs(Number(fields[11]) + Number(fields[12])) : null;
}

/**
 * CPU ms used by the whole server so far: the postmaster, its live backends and workers, and the ones
 * that have exited (the kernel adds those to the postmaster's children times once it reaps them). Null
 * without /proc.
 */
export function clusterCpuMs(cluster: PgCluster): number | null {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  const own = procStat(postmaster);
  if (!own) return null;
  // utime, stime, cutime, cstime
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = procStat(Number(entry));
    if (fields && Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticksToMs(ticks);
}
