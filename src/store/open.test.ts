import { describe, expect, it } from 'vitest';
import { describeStore, openStore, storeTarget } from './open.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';

describe('openStore', () => {
  it('opens SQLite when no database URL is configured', async () => {
    const store = await openStore({ dbPath: ':memory:' });
    try {
      expect(store).toBeInstanceOf(SqliteStore);
    } finally {
      await store.close();
    }
  });

  it('refuses a database URL that is not postgres://', async () => {
    await expect(openStore({ dbPath: ':memory:', databaseUrl: 'mysql://u:pw@h/db' })).rejects.toThrow(
      /^store: not a postgres:\/\/ URL: mysql:\/\/u:\*\*\*@h\/db$/,
    );
  });

  it.each([
    [{ dbPath: './naba.db' }, 'sqlite:./naba.db'],
    [
      { dbPath: './naba.db', databaseUrl: 'postgres://naba:pw@db:5432/naba' },
      'postgres://naba:***@db:5432/naba',
    ],
    [
      { dbPath: './naba.db', databaseUrl: 'postgresql://naba@/naba?host=/run/pg' },
      'postgresql://naba@/naba?host=/run/pg',
    ],
    [
      { dbPath: './naba.db', databaseUrl: 'postgres://db/naba?user=u&password=pw&x=1' },
      'postgres://db/naba?user=u&password=***&x=1',
    ],
  ])('describes %j as %s', (config, text) => {
    expect(describeStore(config)).toBe(text);
  });
});

describe('storeTarget', () => {
  const config = { dbPath: './naba.db', databaseUrl: 'postgres://naba@localhost/naba' };

  it('takes an explicit --db as a SQLite file even when DATABASE_URL is set', () => {
    expect(storeTarget(config, '/tmp/x.db')).toEqual({ dbPath: '/tmp/x.db' });
  });

  it('takes the configured PostgreSQL URL without --db, and the SQLite file when there is none', () => {
    expect(storeTarget(config)).toEqual(config);
    expect(storeTarget({ dbPath: './naba.db' })).toEqual({ dbPath: './naba.db' });
  });
});
