import type { AccountStatus, Role } from '../accounts/table.ts';
import type { OfficeStatus } from '../directory/table.ts';

/** What the policy knows about the person asking. Plain data: no HTTP, no database. */
export interface AccessSubject {
  readonly role: Role;
  readonly accountStatus: AccountStatus;
  readonly wingId: string | null;
  readonly officeStatus: OfficeStatus | null;
  readonly validUntil: number | null;
  /** Set when the district office reopened: access continues until then (the grace period). */
  readonly accessEndsAt: number | null;
  /** HQ approved access as an exception although the office is open. */
  readonly openOfficeException: boolean;
}

export interface AccessResource {
  readonly id: string;
  readonly enabled: boolean;
  /** Empty means every wing. */
  readonly allowedWings: readonly string[];
}

export type DenyReason =
  | 'RESOURCE_DISABLED'
  | 'ACCOUNT_NOT_ACTIVE'
  | 'ROLE_NOT_GRANTED'
  | 'ACCESS_EXPIRED'
  | 'OFFICE_OPEN'
  | 'WING_NOT_GRANTED';

export type AccessDecision =
  | { readonly effect: 'allow'; readonly reason: 'GRANTED' }
  | { readonly effect: 'deny'; readonly reason: DenyReason };

/**
 * Decides whether a subject may use a resource. Rules are checked in order and the first deny wins;
 * the facility exists for officers whose district office is closed, so an open office denies (after any
 * grace period HQ granted when it reopened), unless HQ approved the officer as an exception.
 */
export function decideAccess(subject: AccessSubject, resource: AccessResource, now: number): AccessDecision {
  const deny = (reason: DenyReason): AccessDecision => ({ effect: 'deny', reason });
  if (!resource.enabled) return deny('RESOURCE_DISABLED');
  if (subject.accountStatus !== 'active') return deny('ACCOUNT_NOT_ACTIVE');
  if (subject.role !== 'officer') return deny('ROLE_NOT_GRANTED');
  if (subject.validUntil !== null && subject.validUntil <= now) return deny('ACCESS_EXPIRED');
  if (subject.accessEndsAt !== null && subject.accessEndsAt <= now) return deny('ACCESS_EXPIRED');
  // A reopened office keeps access until the grace period set at reopening runs out.
  const inGrace = subject.accessEndsAt !== null;
  if (subject.officeStatus !== 'closed' && !inGrace && !subject.openOfficeException)
    return deny('OFFICE_OPEN');
  if (
    resource.allowedWings.length > 0 &&
    (!subject.wingId || !resource.allowedWings.includes(subject.wingId))
  ) {
    return deny('WING_NOT_GRANTED');
  }
  return { effect: 'allow', reason: 'GRANTED' };
}
