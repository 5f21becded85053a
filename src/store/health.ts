import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';

/** Rejects when the database does not answer the simplest query: the health check's probe. */
export async function checkDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
