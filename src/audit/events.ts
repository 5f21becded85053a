/** Every audit event type, named `resource.action`. */
export const AUDIT_EVENT_TYPES = [
  'inspection.passed',
  'inspection.failed',
  'device.trusted',
  'device.revoked',
  'device.shared',
  'device.revoke_refused',
  'session.limit_reached',
  'session.end_refused',
  'session.revoked_by_staff',
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
  // The access policy file (issue 9): a load applied (with the file's hash), a load refused for its problems,
  // and a request the policy denied (sampled per session and resource, like other per-request events).
  'policy.reloaded',
  // An acknowledgement given at the sign-in's acknowledgements step (the document's kind and version).
  'document.acknowledged',
  'policy.rejected',
  'access.denied',
  // The console's explanation of an access decision for one officer (who looked, at whom, which resource).
  'policy.explained',
  // Passkeys and security keys (issue 9): enrolled, renamed, removed by their owner; a rename or removal
  // refused because the credential is not the person's own; an administrator's reset; a failed passkey at
  // sign-in; a code refused because the access profile requires a passkey.
  'passkey.enrolled',
  'passkey.renamed',
  'passkey.removed',
  'passkey.refused',
  'passkey.reset',
  'login.passkey_failed',
  'login.passkey_required',
  // The endpoint inspector: a key paired with a trusted device, a signed report accepted or refused, and
  // pairing codes or report nonces that name nothing (anyone can send those: tallied).
  'device.inspector_paired',
  'inspection.agent_report',
  'inspection.agent_rejected',
  'inspection.agent_unknown_code',
  // The audit trail itself (issue 10): rows written before keying got their MACs; a signed checkpoint was
  // written; an export was taken; staff searched or exported it or opened one person's timeline (reading
  // the audit is itself audited); a search out of the staff member's scope was refused; the detector
  // flagged an anomaly.
  'audit.keyed',
  'audit.checkpoint',
  'audit.exported',
  'audit.searched',
  'audit.timeline_viewed',
  'audit.refused',
  'audit.anomaly',
  // Versioned documents: a new version published (kind, version, content hash).
  'document.published',
  // Circulars: drafted, edited, issued (with how many recipients), withdrawn; read, acknowledged by a
  // recipient; a zone's attestation; a reminder mailed; an attachment stored or refused.
  'circular.drafted',
  'circular.updated',
  'circular.issued',
  'circular.withdrawn',
  'circular.read',
  'circular.acknowledged',
  'circular.attested',
  'circular.reminded',
  'circular.attachment_added',
  'circular.attachment_refused',
  'circular.refused',
  // The helpdesk (issue 11): a ticket opened, replied to, noted internally, moved, re-prioritised,
  // escalated (by a person or by an SLA breach), an action taken for it (unlock, re-send) with its reason, a
  // request refused (out of reach, another's ticket), a mailed reply refused (unknown sender, forged
  // address); a help code mailed to an officer who cannot sign in, and used; the support set-up changed.
  'ticket.opened',
  'ticket.replied',
  'ticket.noted',
  'ticket.status_changed',
  'ticket.priority_changed',
  'ticket.escalated',
  'ticket.breached',
  'ticket.action',
  'ticket.refused',
  'ticket.mail_rejected',
  'ticket.attachment_refused',
  'help.code_sent',
  'help.code_failed',
  'help.signed_in',
  'support.changed',
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
  'inspection.agent_unknown_code',
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
