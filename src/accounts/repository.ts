import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { AccountStatus, AccountTable } from './table.ts';

export type AccountRow = Selectable<AccountTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** User IDs are case-insensitive for people; stored lower-case. */
export function normaliseUserId(userId: string): string {
  return userId.trim().toLowerCase();
}

export function findAccountByUserId(db: Db, userId: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('user_id', '=', normaliseUserId(userId))
    .executeTakeFirst();
}

/** The oldest active account with `role` (the CLI's default actor), or undefined. */
export function findFirstActiveAccount(db: Db, role: AccountRow['role']): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('role', '=', role)
    .where('status', '=', 'active')
    .orderBy('id')
    .executeTakeFirst();
}

export function findAccountById(db: Db, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Moves an account from `from` to `to`, guarded on the status read so a concurrent change makes it a no-op
 * (false). An unlock also clears the failure count and the lock's end.
 */
export async function changeAccountStatus(
  trx: Transaction<Database>,
  change: { accountId: number; from: AccountStatus; to: AccountStatus; now: number; clearLock: boolean },
): Promise<boolean> {
  const res = await trx
    .updateTable('accounts')
    .set({
      status: change.to,
      updated_at: change.now,
      ...(change.clearLock ? { failed_logins: 0, locked_until: null } : {}),
    })
    .where('id', '=', change.accountId)
    .where('status', '=', change.from)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** The IDs of the account's sessions that have not ended. */
export async function listLiveSessionIds(db: Db, accountId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('sessions')
    .select('id')
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}
