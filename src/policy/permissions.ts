import type { Role } from '../accounts/table.ts';

export const PERMISSION_NAMES = [
  'console.use',
  'directory.read',
  'district.set_status',
  'proposal.read',
  'proposal.create',
  'proposal.decide',
  'account.read',
  'account.resend_activation',
  'account.unlock',
  'account.lifecycle',
  'report.read',
  'audit.read',
  'mailbox.read',
  'session.end',
  'policy.read',
  'policy.reload',
  // Issue 10: circulars (read those addressed to one's scope, draft and issue, attest for a zone) and
  // versioned documents (publish a new version of the disclaimer or the section-133 clause).
  'circular.read',
  'circular.issue',
  'circular.attest',
  'document.publish',
  // Issue 11: tickets (see them within reach; work them: reply, change, unlock, re-send, escalate) and the
  // support set-up (locations and their system integrators, holidays, SLA targets).
  'ticket.read',
  'ticket.work',
  'support.manage',
] as const;
export type Permission = (typeof PERMISSION_NAMES)[number];

/** How far a grant reaches: everything, the staff member's zone, or their district. */
export type Scope = 'all' | 'zone' | 'district';

/** Who may do what, and over which part of the directory. Data, not code: reviewed in one place. */
export const PERMISSIONS = {
  hq_admin: {
    'console.use': 'all',
    'directory.read': 'all',
    'district.set_status': 'all',
    'proposal.read': 'all',
    'proposal.create': 'all',
    'proposal.decide': 'all',
    'account.read': 'all',
    'account.resend_activation': 'all',
    'account.unlock': 'all',
    'account.lifecycle': 'all',
    'report.read': 'all',
    'audit.read': 'all',
    'mailbox.read': 'all',
    'session.end': 'all',
    'policy.read': 'all',
    'policy.reload': 'all',
    'circular.read': 'all',
    'circular.issue': 'all',
    'document.publish': 'all',
    'ticket.read': 'all',
    'ticket.work': 'all',
    'support.manage': 'all',
  },
  auditor: {
    'console.use': 'all',
    'directory.read': 'all',
    'proposal.read': 'all',
    'account.read': 'all',
    'report.read': 'all',
    'audit.read': 'all',
    'policy.read': 'all',
    'circular.read': 'all',
    'ticket.read': 'all',
  },
  zonal_head: {
    'console.use': 'zone',
    'directory.read': 'zone',
    'proposal.read': 'zone',
    'proposal.create': 'zone',
    'account.read': 'zone',
    'account.resend_activation': 'zone',
    'account.unlock': 'zone',
    'report.read': 'zone',
    'session.end': 'zone',
    'policy.read': 'zone',
    'audit.read': 'zone',
    'circular.read': 'zone',
    'circular.attest': 'zone',
    'ticket.read': 'zone',
  },
  joint_commissioner: {
    'console.use': 'zone',
    'directory.read': 'zone',
    'proposal.read': 'zone',
    'account.read': 'zone',
    'report.read': 'zone',
    'policy.read': 'zone',
    'audit.read': 'zone',
    'circular.read': 'zone',
    'ticket.read': 'zone',
  },
  system_integrator: {
    'console.use': 'district',
    'directory.read': 'district',
    'account.read': 'district',
    'account.resend_activation': 'district',
    'account.unlock': 'district',
    'policy.read': 'district',
    'audit.read': 'district',
    'ticket.read': 'district',
    'ticket.work': 'district',
  },
  helpdesk: {
    'console.use': 'all',
    'account.read': 'all',
    'account.unlock': 'all',
    'account.resend_activation': 'all',
    'policy.read': 'all',
    'ticket.read': 'all',
    'ticket.work': 'all',
  },
  officer: {},
} as const satisfies Record<Role, Partial<Record<Permission, Scope>>>;

export function scopeOf(role: Role, permission: Permission): Scope | undefined {
  const grants: Partial<Record<Permission, Scope>> = PERMISSIONS[role];
  return grants[permission];
}
