import type { Role } from '../accounts/table.ts';

export type Permission = 'console.use' | 'directory.read';
type Scope = 'all' | 'zone' | 'district';

/** Who may do what, and over which part of the directory. Data, not code: reviewed in one place. */
export const PERMISSIONS = {
  hq_admin: { 'console.use': 'all', 'directory.read': 'all' },
  auditor: { 'console.use': 'all', 'directory.read': 'all' },
  zonal_head: { 'console.use': 'zone', 'directory.read': 'zone' },
  joint_commissioner: { 'console.use': 'zone', 'directory.read': 'zone' },
  system_integrator: { 'console.use': 'district', 'directory.read': 'district' },
  helpdesk: { 'console.use': 'all' },
  officer: {},
} as const satisfies Record<Role, Partial<Record<Permission, Scope>>>;

export function scopeOf(role: Role, permission: Permission): Scope | undefined {
  const grants: Partial<Record<Permission, Scope>> = PERMISSIONS[role];
  return grants[permission];
}
