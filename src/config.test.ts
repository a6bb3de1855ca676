import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives the embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.dbPath).toBe('./naba.db');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.adminPassword).toBeUndefined();
    expect(c.allowPrivate).toEqual([]);
    expect(c.host).toBe('127.0.0.1');
  });

  it('parses lists and numbers', () => {
    const c = loadConfig({ NABA_ALLOW_PRIVATE: '127.0.0.1, ::1,', PORT: '9000' });
    expect(c.allowPrivate).toEqual(['127.0.0.1', '::1']);
    expect(c.port).toBe(9000);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/config: PORT/);
    expect(() => loadConfig({ NABA_ADMIN_PASSWORD: 'short' })).toThrow(/NABA_ADMIN_PASSWORD/);
  });
});
