import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

/**
 * Sessions not ended and not past their absolute expiry, across every node (for the active-sessions
 * gauge, read at scrape time). Idle ones not yet swept are included: the sweeper ends them shortly.
 */
export async function countLiveSessions(db: Kysely<Database>, now: number): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
