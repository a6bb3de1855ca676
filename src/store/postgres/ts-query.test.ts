import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { searchWords, tsQuery } from './ts-query.ts';

// Compiles SQL without a server.
const db = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

function compiled(terms: string[], options: { phrase?: boolean; match?: 'all' | 'any' } = {}) {
  const q = tsQuery(terms, options);
  if (q === null) return null;
  const { sql, parameters } = q.compile(db);
  return { sql, parameters };
}

describe('searchWords', () => {
  it.each([
    [['تفجير مسجد'], ['تفجير', 'مسجد']],
    [
      ['  ولي  ', 'عهد'],
      ['ولي', 'عهد'],
    ],
    [['"', '…', '-', '  '], []],
    [
      ['نص*', '-نص'],
      ['نص*', '-نص'],
    ],
    [['2015'], ['2015']],
  ])('%j → %j', (terms, words) => {
    expect(searchWords(terms)).toEqual(words);
  });
});

describe('tsQuery', () => {
  it.each([
    [{}, "(phraseto_tsquery('simple', $1) && phraseto_tsquery('simple', $2))", ['تفجير', 'مسجد']],
    [
      { match: 'any' as const },
      "(phraseto_tsquery('simple', $1) || phraseto_tsquery('simple', $2))",
      ['تفجير', 'مسجد'],
    ],
    [{ phrase: true }, "phraseto_tsquery('simple', $1)", ['تفجير مسجد']],
  ])('%j joins the words as %s', (options, sqlText, parameters) => {
    expect(compiled(['تفجير', 'مسجد'], options)).toEqual({ sql: sqlText, parameters });
  });

  it.each([
    ["'); drop table articles; --", ['drop', 'table', 'articles;']],
    ['نص | !حرب', ['نص', '!حرب']],
    ['title:*', ['title:*']],
  ])('passes %s only as parameters', (term, parameters) => {
    const q = compiled([term]);
    expect(q?.parameters).toEqual(parameters);
    expect(q?.sql).toMatch(/^\((phraseto_tsquery\('simple', \$\d\)( && )?)+\)$/);
  });

  it('is null when nothing searchable is left', () => {
    expect(tsQuery([])).toBeNull();
    expect(tsQuery(['…', '"'])).toBeNull();
  });
});
