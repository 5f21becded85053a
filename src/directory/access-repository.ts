import type { Kysely, Transaction } from 'kysely';
import type { AccountStatus } from '../accounts/table.ts';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;

/**
 * Accounts whose access may still be scheduled to end or be restored: active (including one locked for a
 * while by failed logins, which is active again once the lock passes) or not yet activated.
 */
const LIVE_STATUSES: readonly AccountStatus[] = ['active', 'locked', 'pending_activation'];
/** Accounts the expiry pass leaves alone. */
const FINAL_STATUSES: readonly AccountStatus[] = ['expired', 'revoked'];

/** A district's live officer accounts, each with what its notice needs. */
export interface OfficerAccess {
  readonly id: number;
  readonly userId: string;
  readonly status: AccountStatus;
  readonly accessEndsAt: number | null;
  readonly validUntil: number | null;
  readonly accountEmail: string | null;
  readonly officerEmail: string;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly districtEn: string;
  readonly districtHi: string;
}

function liveOfficerAccounts(db: Db, districtId: string, endingAfter: number | undefined) {
  let q = db
    .selectFrom('accounts as a')
    .innerJoin('officers as o', 'o.id', 'a.officer_id')
    .where('o.district_id', '=', districtId)
    .where('a.role', '=', 'officer')
    .where('a.status', 'in', LIVE_STATUSES);
  if (endingAfter !== undefined) q = q.where('a.access_ends_at', '>', endingAfter);
  return q;
}

/** The district's live officer accounts; with `endingAfter`, only those whose access ends after it. */
export function listOfficerAccess(
  trx: Trx,
  districtId: string,
  endingAfter?: number,
): Promise<OfficerAccess[]> {
  return liveOfficerAccounts(trx, districtId, endingAfter)
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .select([
      'a.id',
      'a.user_id as userId',
      'a.status',
      'a.access_ends_at as accessEndsAt',
      'a.valid_until as validUntil',
      'a.email as accountEmail',
      'o.email as officerEmail',
      'o.name_en as nameEn',
      'o.name_hi as nameHi',
      'd.name_en as districtEn',
      'd.name_hi as districtHi',
    ])
    .execute();
}

/**
 * How many live officer accounts the district has (whose access ends after `endingAfter`, when given), how
 * many of them were never activated, and the earliest end.
 */
export async function countOfficerAccess(
  db: Db,
  districtId: string,
  endingAfter?: number,
): Promise<{ accounts: number; notActivated: number; endsAt: number | null }> {
  const row = await liveOfficerAccounts(db, districtId, endingAfter)
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn
        .sum<number | string | null>(
          eb.case().when('a.status', '=', 'pending_activation').then(1).else(0).end(),
        )
        .as('pending'),
      eb.fn.min('a.access_ends_at').as('endsAt'),
    ])
    .executeTakeFirst();
  return {
    accounts: Number(row?.n ?? 0),
    notActivated: Number(row?.pending ?? 0),
    endsAt: row?.endsAt ?? null,
  };
}

/** Sets (or, with null, clears) when an account's remote access ends. */
export async function setAccessEnd(
  trx: Trx,
  accountId: number,
  end: number | null,
  now: number,
): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ access_ends_at: end, updated_at: now })
    .where('id', '=', accountId)
    .execute();
}

/** Accounts not yet expired or revoked whose scheduled end or validity has passed at `now`. */
export function listAccessDue(db: Db, now: number) {
  return db
    .selectFrom('accounts')
    .select(['id', 'user_id', 'status', 'access_ends_at', 'valid_until'])
    .where('status', 'not in', FINAL_STATUSES)
    .where((eb) => eb.or([eb('access_ends_at', '<=', now), eb('valid_until', '<=', now)]))
    .execute();
}

/** Marks one account expired, unless it already is (or was revoked): false then. */
export async function markExpired(trx: Trx, accountId: number, now: number): Promise<boolean> {
  const res = await trx
    .updateTable('accounts')
    .set({ status: 'expired', updated_at: now })
    .where('id', '=', accountId)
    .where('status', 'not in', FINAL_STATUSES)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** The sessions of expired accounts that have not ended. */
export async function listLiveSessionsOfExpired(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select('s.id')
    .where('a.status', '=', 'expired')
    .where('s.ended_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}
