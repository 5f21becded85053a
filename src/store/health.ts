import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';

/**
 * Rejects when the database does not answer the simplest query within `timeoutMs`: the readiness probe,
 * which must answer quickly even when the network to the database is silent.
 */
export async function checkDatabase(db: Kysely<Database>, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(db), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
