import type { Role } from '../accounts/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import { scopeOf, type Permission } from '../policy/index.ts';

/** Console sections, shown to those whose role holds the permission. */
const SECTIONS: readonly {
  href: string;
  label: MessageKey;
  permission: Permission;
  /** Left out for roles holding this permission: they reach the page from another section. */
  unless?: Permission;
}[] = [
  { href: '/console', label: 'directoryTitle', permission: 'directory.read' },
  { href: '/console/districts', label: 'districtsTitle', permission: 'directory.read' },
  { href: '/console/proposals', label: 'proposalsNav', permission: 'proposal.read' },
  { href: '/console/review', label: 'reviewNav', permission: 'proposal.decide' },
  { href: '/console/accounts', label: 'accountsNav', permission: 'account.read' },
  { href: '/console/reports', label: 'reportsNav', permission: 'report.read' },
  { href: '/console/mailbox', label: 'mailboxNav', permission: 'mailbox.read' },
  { href: '/console/policy', label: 'policy.nav', permission: 'policy.read' },
  // Those who work tickets; those who only read them (zonal heads, JCs, auditors) come from Reports.
  { href: '/console/helpdesk', label: 'helpdesk.nav', permission: 'ticket.work' },
  { href: '/console/circulars', label: 'circulars.nav', permission: 'circular.read' },
  // Circulars addressed to the staff member themself; who may read circulars finds these on that page.
  {
    href: '/console/my-circulars',
    label: 'circularInbox.nav',
    permission: 'console.use',
    unless: 'circular.read',
  },
  { href: '/console/documents', label: 'documents.navShort', permission: 'document.publish' },
  // Anomalies are reached from the audit trail's page, keeping the menu short on a phone.
  { href: '/console/audit', label: 'auditView.nav', permission: 'audit.read' },
  // Every staff member's own passkeys and security keys.
  { href: '/console/security', label: 'passkeys.navOwn', permission: 'console.use' },
];

/** The sections a role may open, in the order the navigation shows them. */
export function consoleSections(role: Role): readonly { href: string; label: MessageKey }[] {
  return SECTIONS.filter(
    (s) => scopeOf(role, s.permission) && (s.unless === undefined || !scopeOf(role, s.unless)),
  ).map(({ href, label }) => ({ href, label }));
}
