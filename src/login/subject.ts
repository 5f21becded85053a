import type { Kysely } from 'kysely';
import { type AccountRow, findAccountById } from '../accounts/index.ts';
import type { Clock } from '../clock.ts';
import { findOfficerPlacement, type OfficerPlacement } from '../directory/index.ts';
import type { ResourceRoute, ResourceTable } from '../gateway/index.ts';
import { decideAccess, type AccessDecision } from '../policy/index.ts';
import type { Subject } from '../session/index.ts';
import type { Database } from '../store/index.ts';

export interface ResourceGrant {
  readonly resource: ResourceRoute;
  readonly decision: AccessDecision;
}

/** The policy's verdict on every resource, for one account. */
export function decideGrants(
  account: AccountRow,
  placement: OfficerPlacement | undefined,
  resources: ResourceTable,
  now: number,
): ResourceGrant[] {
  const subject = {
    role: account.role,
    accountStatus: account.status,
    wingId: placement?.wingId ?? null,
    officeStatus: placement?.officeStatus ?? null,
    validUntil: account.valid_until,
    accessEndsAt: account.access_ends_at,
    openOfficeException: account.open_office_exception !== null,
  };
  return resources.all().map((resource) => ({ resource, decision: decideAccess(subject, resource, now) }));
}

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

/** Rebuilds a session's subject and granted hosts from the database. */
export async function loadSubject(
  db: Kysely<Database>,
  resources: ResourceTable,
  clock: Clock,
  accountId: number,
): Promise<{ subject: Subject; grantedHosts: ReadonlySet<string> } | undefined> {
  const account = await findAccountById(db, accountId);
  if (!account) return undefined;
  const placement =
    account.officer_id === null ? undefined : await findOfficerPlacement(db, account.officer_id);
  const grants = decideGrants(account, placement, resources, clock.now());
  return {
    subject: subjectOf(account, placement),
    grantedHosts: new Set(grants.filter((g) => g.decision.effect === 'allow').map((g) => g.resource.host)),
  };
}
