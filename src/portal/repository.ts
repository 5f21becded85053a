import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A browser its owner trusts, known by a random ID in its signed cookie. */
export async function insertDevice(
  db: Db,
  device: { id: string; userAgent: string | null; name: string; browser: string; now: number },
): Promise<void> {
  await db
    .insertInto('devices')
    .values({
      id: device.id,
      trusted_at: device.now,
      revoked_at: null,
      user_agent: device.userAgent,
      last_seen_at: device.now,
      name: device.name,
      browser: device.browser,
    })
    .execute();
}

export function findDevice(db: Db, id: string) {
  return db
    .selectFrom('devices')
    .select(['id', 'revoked_at', 'account_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** When the account's latest session other than `sessionId` began, for "last signed in". */
export async function findPreviousSessionStart(
  db: Db,
  accountId: number,
  sessionId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select('created_at')
    .where('account_id', '=', accountId)
    .where('id', '!=', sessionId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at;
}
