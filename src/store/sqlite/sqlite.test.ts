import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runStoreContract } from '../contract.ts';
import { openSqliteStore } from './sqlite-store.ts';

const execFileAsync = promisify(execFile);

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'naba-store-'));
}

runStoreContract({
  name: 'sqlite',
  async newStore() {
    const dir = await tempDir();
    const path = join(dir, 'naba.db');
    return {
      open: () => openSqliteStore(path),
      destroy: () => rm(dir, { recursive: true, force: true }),
    };
  },
});

describe('sqlite specifics', () => {
  it('opens in WAL mode with foreign keys on and applies each migration once', async () => {
    const dir = await tempDir();
    const path = join(dir, 'naba.db');
    try {
      await (await openSqliteStore(path)).close();
      await (await openSqliteStore(path)).close();
      const raw = new BetterSqlite3(path, { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        const migrations = raw.prepare('SELECT name FROM kysely_migration ORDER BY name').all();
        expect(migrations).toEqual([
          { name: '0001_init' },
          { name: '0002_copies_by_time' },
          { name: '0003_copy_changes' },
        ]);
        const tables = raw
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('articles', 'article_fts')",
          )
          .all()
          .map((r) => (r as { name: string }).name)
          .sort();
        expect(tables).toEqual(['article_fts', 'articles']);
      } finally {
        raw.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lets two processes write to one file at once without losing a batch', async () => {
    const dir = await tempDir();
    const path = join(dir, 'naba.db');
    const setup = await openSqliteStore(path);
    await setup.upsertSource({
      id: 'spa',
      name: 'واس',
      siteUrl: '',
      feeds: [],
      language: 'ar',
      paused: false,
    });
    await setup.close();
    const script = join(dir, 'writer.mts');
    await writeFile(
      script,
      `import { openSqliteStore } from ${JSON.stringify(join(import.meta.dirname, 'sqlite-store.ts'))};
      const [path, prefix] = process.argv.slice(2);
      const store = await openSqliteStore(path);
      for (let b = 0; b < 5; b++) {
        const batch = Array.from({ length: 200 }, (_, i) => ({
          id: prefix + '-' + b + '-' + i, sourceId: 'spa', url: '', title: 'عنوان', text: 'نص',
        }));
        await store.upsertArticles(batch);
      }
      await store.close();`,
    );
    try {
      const run = (prefix: string) =>
        execFileAsync(process.execPath, ['--import', 'tsx/esm', script, path, prefix], {
          cwd: process.cwd(),
        });
      await Promise.all([run('one'), run('two')]);
      const store = await openSqliteStore(path);
      expect(await store.countArticles()).toBe(2000);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the path when the file cannot be opened', async () => {
    await expect(openSqliteStore('/nonexistent-dir/x/naba.db')).rejects.toThrow(
      /^store: cannot open \/nonexistent-dir\/x\/naba\.db/,
    );
  });

  it('works in memory', async () => {
    const store = await openSqliteStore(':memory:');
    await store.upsertSource({
      id: 'spa',
      name: 'واس',
      siteUrl: '',
      feeds: [],
      language: 'ar',
      paused: false,
    });
    expect(await store.listSources()).toHaveLength(1);
    await store.close();
  });
});
