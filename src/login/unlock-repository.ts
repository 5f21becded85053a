import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

/** The unlock links table (migration 0005); kept here so the shared schema type stays untouched. */
type UnlockTables = {
  unlock_tokens: {
    token_hash: string;
    account_id: number;
    created_at: number | string | bigint;
    expires_at: number | string | bigint;
    used_at: number | string | bigint | null;
  };
};

type Db = Kysely<Database> | Transaction<Database>;

export async function insertUnlockToken(
  db: Db,
  row: { tokenHash: string; accountId: number; now: number; expiresAt: number },
): Promise<void> {
  await db
    .withTables<UnlockTables>()
    .insertInto('unlock_tokens')
    .values({
      token_hash: row.tokenHash,
      account_id: row.accountId,
      created_at: row.now,
      expires_at: row.expiresAt,
      used_at: null,
    })
    .execute();
}

/**
 * Spends the unused, unexpired token with this hash and returns its account; undefined when there is
 * none. One conditional update, so a link works once even when two clicks race.
 */
export async function useUnlockToken(
  trx: Transaction<Database>,
  tokenHash: string,
  now: number,
): Promise<number | undefined> {
  const row = await trx
    .withTables<UnlockTables>()
    .updateTable('unlock_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('account_id')
    .executeTakeFirst();
  return row?.account_id;
}
