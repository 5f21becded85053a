import type { AuditEventType } from '../audit/index.ts';
import type { MessageKey } from '../i18n/index.ts';

/** The rows of a person's timeline; `other` events are counted but get no row of their own. */
export const TIMELINE_KINDS = ['signin', 'handoff', 'denial', 'end', 'lockout', 'ack'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * Every audit event type with the timeline row it belongs to. A `Record` over the union, so a new event
 * type does not compile until someone decides where it shows in a person's timeline (and the search's
 * action list, which is built from these keys, offers it at once).
 */
const KIND_OF: Record<AuditEventType, TimelineKind | 'other'> = {
  'inspection.passed': 'other',
  'inspection.failed': 'denial',
  'device.trusted': 'other',
  'device.revoked': 'other',
  'device.shared': 'other',
  'device.revoke_refused': 'denial',
  'session.limit_reached': 'denial',
  'session.end_refused': 'denial',
  'session.revoked_by_staff': 'end',
  'disclaimer.accepted': 'ack',
  'disclaimer.declined': 'other',
  'login.succeeded': 'signin',
  'login.failed': 'denial',
  'login.locked': 'lockout',
  'login.rejected_locked': 'lockout',
  'login.rejected_inactive': 'denial',
  'session.ended': 'end',
  'session.handoff': 'handoff',
  'session.cookie_rejected': 'denial',
  'redirect.rejected': 'denial',
  'assertion.stripped': 'other',
  'console.login_succeeded': 'signin',
  'console.access_denied': 'denial',
  'account.unlocked': 'other',
  'system.started': 'other',
  'district.status_changed': 'other',
  'proposal.created': 'other',
  'proposal.imported': 'other',
  'proposal.submitted': 'other',
  'proposal.item_removed': 'other',
  'proposal.item_approved': 'other',
  'proposal.item_rejected': 'other',
  'proposal.decided': 'other',
  'account.provisioned': 'other',
  'account.activation_sent': 'other',
  'account.activated': 'other',
  'account.totp_enrolled': 'other',
  'account.revoked': 'other',
  'account.suspended': 'other',
  'account.resumed': 'other',
  'account.reset_sent': 'other',
  'account.password_reset': 'other',
  'account.access_ending': 'other',
  'account.expired': 'other',
  'token.rejected': 'denial',
  'confidentiality.accepted': 'ack',
  'login.mfa_failed': 'denial',
  'login.recovery_code_used': 'other',
  'mail.sent': 'other',
  'mail.failed': 'other',
  'guide.sent': 'other',
  'report.exported': 'other',
  'login.unknown_user': 'denial',
  'login.rate_limited': 'denial',
  'login.device_locked': 'lockout',
  'account.unlock_sent': 'other',
  'policy.reloaded': 'other',
  'document.acknowledged': 'ack',
  'policy.rejected': 'other',
  'access.denied': 'denial',
  'policy.explained': 'other',
  'passkey.enrolled': 'other',
  'passkey.renamed': 'other',
  'passkey.removed': 'other',
  'passkey.refused': 'denial',
  'passkey.reset': 'other',
  'login.passkey_failed': 'denial',
  'login.passkey_required': 'denial',
  'device.inspector_paired': 'other',
  'inspection.agent_report': 'other',
  'inspection.agent_rejected': 'denial',
  'inspection.agent_unknown_code': 'denial',
  'audit.keyed': 'other',
  'audit.checkpoint': 'other',
  'audit.exported': 'other',
  'audit.searched': 'other',
  'audit.timeline_viewed': 'other',
  'audit.refused': 'denial',
  'audit.anomaly': 'other',
  'document.published': 'other',
  'circular.drafted': 'other',
  'circular.updated': 'other',
  'circular.issued': 'other',
  'circular.withdrawn': 'other',
  'circular.read': 'other',
  'circular.acknowledged': 'ack',
  'circular.attested': 'other',
  'circular.reminded': 'other',
  'circular.attachment_added': 'other',
  'circular.attachment_refused': 'other',
  'circular.refused': 'other',
  'ticket.opened': 'other',
  'ticket.replied': 'other',
  'ticket.noted': 'other',
  'ticket.status_changed': 'other',
  'ticket.priority_changed': 'other',
  'ticket.escalated': 'other',
  'ticket.breached': 'other',
  'ticket.action': 'other',
  'ticket.refused': 'denial',
  'ticket.mail_rejected': 'denial',
  'ticket.attachment_refused': 'other',
  'help.code_sent': 'other',
  'help.code_failed': 'denial',
  'help.signed_in': 'other',
  'support.changed': 'other',
};

/** Every event type, sorted, for the action list. */
export const EVENT_TYPES: readonly AuditEventType[] = (Object.keys(KIND_OF) as AuditEventType[]).sort();

const typeSet: ReadonlySet<string> = new Set(EVENT_TYPES);

export function isEventType(value: string): value is AuditEventType {
  return typeSet.has(value);
}

/** The part before the dot: `login` for `login.failed`. */
export const prefixOf = (type: string): string => type.slice(0, type.indexOf('.'));

/** The prefixes in use, sorted, each with its types: the action list's groups. */
export const EVENT_GROUPS: readonly { prefix: string; types: readonly AuditEventType[] }[] = [
  ...new Set(EVENT_TYPES.map(prefixOf)),
].map((prefix) => ({ prefix, types: EVENT_TYPES.filter((t) => prefixOf(t) === prefix) }));

/** The timeline row an event belongs to; types written before this list knew them count as `other`. */
export function timelineKind(type: string): TimelineKind | 'other' {
  return isEventType(type) ? KIND_OF[type] : 'other';
}

/**
 * Plain-language names for the events people look for most; every other type shows as itself (the
 * technical name is always shown too, so a search can be repeated).
 */
const LABELS: Partial<Record<AuditEventType, MessageKey>> = {
  'login.succeeded': 'auditView.label_login_succeeded',
  'login.failed': 'auditView.label_login_failed',
  'login.locked': 'auditView.label_login_locked',
  'login.mfa_failed': 'auditView.label_login_mfa_failed',
  'session.handoff': 'auditView.label_session_handoff',
  'session.ended': 'auditView.label_session_ended',
  'access.denied': 'auditView.label_access_denied',
  'console.login_succeeded': 'auditView.label_console_login_succeeded',
  'console.access_denied': 'auditView.label_console_access_denied',
  'document.acknowledged': 'auditView.label_document_acknowledged',
  'audit.searched': 'auditView.label_audit_searched',
  'audit.refused': 'auditView.label_audit_refused',
};

/** The catalogue key of a type's plain-language name, when it has one. */
export function labelKey(type: string): MessageKey | undefined {
  return isEventType(type) ? LABELS[type] : undefined;
}
