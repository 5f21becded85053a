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

/** Ends a lock recorded on the account (an unlock link was used); the account's own status is kept. */
export async function liftLock(trx: Transaction<Database>, accountId: number, now: number): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ status: 'active', locked_until: null, failed_logins: 0, updated_at: now })
    .where('id', '=', accountId)
    .where('status', '=', 'locked')
    .execute();
}

/**
 * The writes a wrong password on a real account costs (its failure count, a chained audit record), for
 * an unknown user ID, whose failure is only tallied in memory: a reply that came back faster would tell
 * which IDs exist (the same idea as the decoy password hash). Real rows are written, unchanged (the
 * chain's head onto itself), because a write that finds no row skips the commit's flush to disk.
 */
export async function decoyFailureWrites(db: Kysely<Database>): Promise<void> {
  const touchHead = (on: Db) =>
    on
      .updateTable('audit_head')
      .set((eb) => ({ seq: eb.ref('seq') }))
      .where('id', '=', 1)
      .execute();
  await touchHead(db);
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    await trx.deleteFrom('audit_events').where('seq', '=', -1).execute();
    await touchHead(trx);
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

/** When the account's most recently used recovery code was used; undefined when none was. */
export async function lastRecoveryCodeUse(db: Db, accountId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.max<string | number | bigint | null>('used_at').as('last'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? undefined : Number(row.last);
}
