/**
 * Listing originals only (`excludeCopies`: the home page, section pages) made SQLite search the
 * `duplicate_of` index and then sort every original (about 100–200 ms at 10k articles). Extending that
 * index with the listing order lets it walk originals newest first, and still serves `listCopies`.
 */
import { type Migration, sql } from 'kysely';

export const migration0002: Migration = {
  up: async (db) => {
    await sql`DROP INDEX articles_duplicate_of`.execute(db);
    await sql`CREATE INDEX articles_duplicate_of_time ON articles (duplicate_of, sort_ms, id)`.execute(db);
  },
  down: async (db) => {
    await sql`DROP INDEX articles_duplicate_of_time`.execute(db);
    await sql`CREATE INDEX articles_duplicate_of ON articles (duplicate_of)`.execute(db);
  },
};
