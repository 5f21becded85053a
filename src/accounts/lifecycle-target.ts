import type { Kysely, Transaction } from 'kysely';
import { findOfficerPlacement, type OfficerPlacement } from '../directory/index.ts';
import { type Placement, reaches, type Staff } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import { findAccountById, type AccountRow } from './repository.ts';
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
  const account = await findAccountById(db, accountId);
  if (!account) return undefined;
  const officer =
    account.officer_id === null ? undefined : await findOfficerPlacement(db, account.officer_id);
  return targetOf(account, officer);
}

function targetOf(a: AccountRow, o: OfficerPlacement | undefined): AccountTarget {
  return {
    id: a.id,
    userId: a.user_id,
    role: a.role,
    status: a.status,
    displayName: a.display_name,
    email: a.email,
    failedLogins: a.failed_logins,
    lockedUntil: a.locked_until,
    validUntil: a.valid_until,
    accessEndsAt: a.access_ends_at,
    lastLoginAt: a.last_login_at,
    createdAt: a.created_at,
    mfaEnrolled: a.totp_secret_enc !== null,
    officerId: a.officer_id,
    employeeNo: o?.employeeNo ?? null,
    nameEn: o?.nameEn ?? null,
    nameHi: o?.nameHi ?? null,
    officerEmail: o?.officerEmail ?? null,
    districtId: o?.districtId ?? null,
    districtEn: o?.districtEn ?? null,
    districtHi: o?.districtHi ?? null,
    zoneId: o?.zoneId ?? null,
    zoneEn: o?.zoneEn ?? null,
    zoneHi: o?.zoneHi ?? null,
    wingEn: o?.wingEn ?? null,
    wingHi: o?.wingHi ?? null,
  };
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
