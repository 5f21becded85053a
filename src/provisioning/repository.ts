import type { Kysely, Transaction } from 'kysely';
import type { AccountStatus } from '../accounts/index.ts';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;

/** The account an activation or reset is for, as its steps need it. */
export interface ActivationAccount {
  readonly id: number;
  readonly userId: string;
  readonly status: AccountStatus;
  /** Display name and the directory's English name, for the password policy. */
  readonly names: readonly string[];
  /** The directory's employee number, for the password policy (none for a staff account). */
  readonly employeeNo?: string;
}

export async function findActivationAccount(
  db: Db,
  accountId: number,
): Promise<ActivationAccount | undefined> {
  const row = await db
    .selectFrom('accounts as a')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .select(['a.id', 'a.user_id', 'a.status', 'a.display_name', 'o.name_en', 'o.employee_no'])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  if (!row) return undefined;
  const names = [row.display_name, row.name_en].filter((n): n is string => typeof n === 'string');
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    names,
    ...(row.employee_no ? { employeeNo: row.employee_no } : {}),
  };
}

/**
 * Sets the account's password and makes it active with no failures and no lock, provided it is still
 * `from` (false otherwise, changing nothing): activation from pending, reset from active or locked.
 */
export async function setPasswordAndActivate(
  trx: Trx,
  input: { accountId: number; passwordHash: string; from: AccountStatus; now: number },
): Promise<boolean> {
  const res = await trx
    .updateTable('accounts')
    .set({
      password_hash: input.passwordHash,
      status: 'active',
      failed_logins: 0,
      locked_until: null,
      updated_at: input.now,
    })
    .where('id', '=', input.accountId)
    .where('status', '=', input.from)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** The officer's first account, if they have one. */
/** Records HQ's exception on an officer's existing account (approved again, now while the office is open). */
export async function setOpenOfficeException(trx: Trx, accountId: number, reason: string, now: number) {
  await trx
    .updateTable('accounts')
    .set({ open_office_exception: reason, updated_at: now })
    .where('id', '=', accountId)
    .execute();
}

export function findAccountOfOfficer(trx: Trx, officerId: number) {
  return trx
    .selectFrom('accounts')
    .select(['id', 'user_id', 'status'])
    .where('officer_id', '=', officerId)
    .orderBy('id')
    .executeTakeFirst();
}

/** What a user ID scheme draws on: the officer's number, name, district and zone. */
export function findOfficerForUserId(trx: Trx, officerId: number) {
  return trx
    .selectFrom('officers as o')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .select(['o.employee_no', 'o.name_en', 'o.district_id', 'd.zone_id'])
    .where('o.id', '=', officerId)
    .executeTakeFirst();
}

/** User IDs that may collide with `base`: `_` is a LIKE wildcard, which only widens the match. */
export async function listUserIdsLike(trx: Trx, base: string): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('accounts')
    .select('user_id')
    .where('user_id', 'like', `${base}%`)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** A new officer account, pending activation, without a password or second factor. Returns its row's ID. */
export async function insertOfficerAccount(
  trx: Trx,
  account: {
    userId: string;
    officerId: number;
    displayName: string;
    validUntil: number | null;
    openOfficeException: string | null;
    now: number;
  },
): Promise<{ id: number }> {
  return trx
    .insertInto('accounts')
    .values({
      user_id: account.userId,
      officer_id: account.officerId,
      display_name: account.displayName,
      role: 'officer',
      scope_zone_id: null,
      scope_district_id: null,
      status: 'pending_activation',
      password_hash: null,
      totp_secret_enc: null,
      locked_until: null,
      valid_until: account.validUntil,
      last_login_at: null,
      email: null,
      access_ends_at: null,
      open_office_exception: account.openOfficeException,
      created_at: account.now,
      updated_at: account.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
