import type { Kysely, Transaction } from 'kysely';
import { type Placement, reaches, type Staff } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import type { AccountStatus, Role } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * An account as the console sees it: identity, status, limits and where the officer sits. Never the
 * password hash or the TOTP secret; only whether a second factor is enrolled.
 */
export interface AccountTarget {
  id: number;
  userId: string;
  role: Role;
  status: AccountStatus;
  displayName: string;
  email: string | null;
  failedLogins: number;
  lockedUntil: number | null;
  validUntil: number | null;
  accessEndsAt: number | null;
  lastLoginAt: number | null;
  createdAt: number;
  mfaEnrolled: boolean;
  officerId: number | null;
  employeeNo: string | null;
  nameEn: string | null;
  nameHi: string | null;
  officerEmail: string | null;
  districtId: string | null;
  districtEn: string | null;
  districtHi: string | null;
  zoneId: string | null;
  zoneEn: string | null;
  zoneHi: string | null;
  wingEn: string | null;
  wingHi: string | null;
}

/** Loads one account with its officer's placement, or undefined. */
export async function findAccountTarget(db: Db, accountId: number): Promise<AccountTarget | undefined> {
  const row = await db
    .selectFrom('accounts as a')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .leftJoin('districts as d', 'd.id', 'o.district_id')
    .leftJoin('zones as z', 'z.id', 'd.zone_id')
    .leftJoin('wings as w', 'w.id', 'o.wing_id')
    .select((eb) => [
      'a.id',
      'a.user_id as userId',
      'a.role',
      'a.status',
      'a.display_name as displayName',
      'a.email',
      'a.failed_logins as failedLogins',
      'a.locked_until as lockedUntil',
      'a.valid_until as validUntil',
      'a.access_ends_at as accessEndsAt',
      'a.last_login_at as lastLoginAt',
      'a.created_at as createdAt',
      eb('a.totp_secret_enc', 'is not', null).as('mfa'),
      'a.officer_id as officerId',
      'o.employee_no as employeeNo',
      'o.name_en as nameEn',
      'o.name_hi as nameHi',
      'o.email as officerEmail',
      'd.id as districtId',
      'd.name_en as districtEn',
      'd.name_hi as districtHi',
      'z.id as zoneId',
      'z.name_en as zoneEn',
      'z.name_hi as zoneHi',
      'w.name_en as wingEn',
      'w.name_hi as wingHi',
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { mfa, ...rest } = row;
  return { ...rest, mfaEnrolled: Boolean(mfa) };
}

/** Where an account sits for scope checks: the officer's district and zone; staff accounts sit nowhere. */
export function placementOf(target: Pick<AccountTarget, 'officerId' | 'zoneId' | 'districtId'>): Placement {
  return target.officerId === null
    ? { zoneId: null, districtId: null }
    : { zoneId: target.zoneId, districtId: target.districtId };
}

/**
 * Whether `staff` may see or act on the account: officers by their district and zone; staff accounts
 * (no officer) only with scope `all`.
 */
export function staffReaches(
  staff: Pick<Staff, 'scope' | 'zoneId' | 'districtId'>,
  target: Pick<AccountTarget, 'officerId' | 'zoneId' | 'districtId'>,
): boolean {
  if (target.officerId === null) return staff.scope === 'all';
  return reaches(staff, placementOf(target));
}
