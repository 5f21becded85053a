import type { Kysely, Transaction, Updateable } from 'kysely';
import type { AccountTable } from '../accounts/table.ts';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Writes the sign-in's own columns of one account row. */
async function setAccount(db: Db, accountId: number, values: Updateable<AccountTable>): Promise<void> {
  await db.updateTable('accounts').set(values).where('id', '=', accountId).execute();
}

/**
 * A correct password: the failure count goes, and a lock that has run out ends (the login itself is
 * recorded when the session opens).
 */
export function acceptPassword(db: Db, accountId: number, now: number): Promise<void> {
  return setAccount(db, accountId, {
    status: 'active',
    failed_logins: 0,
    locked_until: null,
    updated_at: now,
  });
}

/**
 * A correct second factor: the failure count goes, and a lock that ran out while the code was typed ends.
 * The account's own status (suspended, say) is left alone.
 */
export async function acceptSecondFactor(db: Db, accountId: number): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ status: 'active', locked_until: null })
    .where('id', '=', accountId)
    .where('status', '=', 'locked')
    .execute();
  await setAccount(db, accountId, { failed_logins: 0 });
}

export function recordFailedLogins(db: Db, accountId: number, failures: number, now: number): Promise<void> {
  return setAccount(db, accountId, { failed_logins: failures, updated_at: now });
}

/** Records a lockout on the account row (the kv store holds it too, for unknown user IDs). */
export function recordLockout(
  trx: Transaction<Database>,
  lock: { accountId: number; failures: number; until: number; lockNumber: number; now: number },
): Promise<void> {
  return setAccount(trx, lock.accountId, {
    status: 'locked',
    failed_logins: lock.failures,
    locked_until: lock.until,
    lock_count: lock.lockNumber,
    updated_at: lock.now,
  });
}

export function recordLastLogin(db: Db, accountId: number, now: number): Promise<void> {
  return setAccount(db, accountId, { last_login_at: now });
}

/** Stores the sealed TOTP secret of an enrolled second factor. */
export function storeTotpSecret(db: Db, accountId: number, sealed: string, now: number): Promise<void> {
  return setAccount(db, accountId, { totp_secret_enc: sealed, updated_at: now });
}

/** Replaces the account's recovery codes with these hashes. */
export async function replaceRecoveryCodeHashes(
  trx: Transaction<Database>,
  accountId: number,
  hashes: readonly string[],
): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  const rows = hashes.map((hash) => ({ account_id: accountId, code_hash: hash, used_at: null }));
  if (rows.length > 0) await trx.insertInto('recovery_codes').values(rows).execute();
}

/** Marks the unused recovery code with this hash used; false when there is none. */
export async function useRecoveryCodeHash(
  trx: Transaction<Database>,
  input: { accountId: number; hash: string; now: number },
): Promise<boolean> {
  const res = await trx
    .updateTable('recovery_codes')
    .set({ used_at: input.now })
    .where('account_id', '=', input.accountId)
    .where('code_hash', '=', input.hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Db, accountId: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
