import type { Kysely } from 'kysely';
import { type AccountRow, findAccountById } from '../accounts/index.ts';
import { findOfficerPlacement, type OfficerPlacement } from '../directory/index.ts';
import { loadAcknowledged } from '../documents/index.ts';
import type { PersonFacts } from '../policy/index.ts';
import type { LoadedSubject, Subject } from '../session/index.ts';
import type { Database } from '../store/index.ts';

export function subjectOf(account: AccountRow, placement: OfficerPlacement | undefined): Subject {
  return {
    accountId: account.id,
    userId: account.user_id,
    displayName: placement?.nameEn ?? account.display_name,
    role: account.role,
    zone: placement?.zoneId ?? account.scope_zone_id,
    district: placement?.districtId ?? account.scope_district_id,
    wing: placement?.wingId ?? null,
  };
}

/** What the access policy knows about a person: the account, the directory, the acknowledgements. */
export function personFactsOf(
  account: AccountRow,
  placement: OfficerPlacement | undefined,
  acknowledged: ReadonlyMap<string, number>,
): PersonFacts {
  return {
    accountId: account.id,
    userId: account.user_id,
    role: account.role,
    accountStatus: account.status,
    zone: placement?.zoneId ?? account.scope_zone_id,
    district: placement?.districtId ?? account.scope_district_id,
    wing: placement?.wingId ?? null,
    rank: placement?.rankId ?? null,
    officeStatus: placement?.officeStatus ?? null,
    validUntil: account.valid_until,
    accessEndsAt: account.access_ends_at,
    openOfficeException: account.open_office_exception !== null,
    acknowledged,
  };
}

/** Everything the policy needs about an account, read fresh from the database. */
export async function loadPersonFacts(
  db: Kysely<Database>,
  account: AccountRow,
): Promise<{ placement: OfficerPlacement | undefined; person: PersonFacts }> {
  const [placement, acknowledged] = await Promise.all([
    account.officer_id === null ? undefined : findOfficerPlacement(db, account.officer_id),
    loadAcknowledged(db, account.id),
  ]);
  return { placement, person: personFactsOf(account, placement, acknowledged) };
}

/** Rebuilds a session's subject and the policy's facts from the database. */
export async function loadSubject(
  db: Kysely<Database>,
  accountId: number,
): Promise<LoadedSubject | undefined> {
  const account = await findAccountById(db, accountId);
  if (!account) return undefined;
  const { placement, person } = await loadPersonFacts(db, account);
  return { subject: subjectOf(account, placement), person };
}
