/** Every audit event type, named `resource.action`. */
export const AUDIT_EVENT_TYPES = [
  'inspection.passed',
  'inspection.failed',
  'device.trusted',
  'disclaimer.accepted',
  'disclaimer.declined',
  'login.succeeded',
  'login.failed',
  'login.locked',
  'login.rejected_locked',
  'login.rejected_inactive',
  'session.ended',
  'session.handoff',
  'session.cookie_rejected',
  'redirect.rejected',
  'assertion.stripped',
  'console.login_succeeded',
  'console.access_denied',
  'account.unlocked',
  'system.started',
  'district.status_changed',
  'proposal.created',
  'proposal.imported',
  'proposal.submitted',
  'proposal.item_removed',
  'proposal.item_approved',
  'proposal.item_rejected',
  'proposal.decided',
  'account.provisioned',
  'account.activation_sent',
  'account.activated',
  'account.totp_enrolled',
  'account.revoked',
  'account.suspended',
  'account.resumed',
  'account.reset_sent',
  'account.password_reset',
  'account.access_ending',
  'account.expired',
  'token.rejected',
  'confidentiality.accepted',
  'login.mfa_failed',
  'login.recovery_code_used',
  'mail.sent',
  'mail.failed',
  'guide.sent',
  'report.exported',
  // Sign-in defences: wrong attempts on IDs that name no account, attempts refused because the address
  // failed too often, a known device that failed too often, and the unlock link mailed to the owner.
  'login.unknown_user',
  'login.rate_limited',
  'login.device_locked',
  'account.unlock_sent',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * Failures anyone can cause at will without signing in: counted per source address and minute and written
 * as one record with the count (see tally.ts), never a record each.
 */
export const TALLIED_TYPES: ReadonlySet<AuditEventType> = new Set<AuditEventType>([
  'login.unknown_user',
  'login.rate_limited',
  'login.rejected_locked',
  'inspection.failed',
  'redirect.rejected',
]);

export type AuditDetail = Readonly<Record<string, string | number | boolean | null>>;

export interface AuditInput {
  readonly type: AuditEventType;
  /** Who acted: a user ID, `anonymous`, or `system`. */
  readonly actor?: string | null;
  /** What was acted on: a user ID, session, resource or district. */
  readonly target?: string | null;
  readonly ip?: string | null;
  readonly detail?: AuditDetail;
}
