/** What a copy changed against its original (title, lead, paragraphs added or cut), kept with its placement. */
import { type Migration, sql } from 'kysely';

export const migration0002: Migration = {
  up: async (db) => {
    await sql`ALTER TABLE articles ADD COLUMN copy_changes json`.execute(db);
  },
  down: async (db) => {
    await sql`ALTER TABLE articles DROP COLUMN copy_changes`.execute(db);
  },
};
