import type { Generated } from 'kysely';

export const ROLES = [
  'officer',
  'zonal_head',
  'joint_commissioner',
  'hq_admin',
  'system_integrator',
  'helpdesk',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ACCOUNT_STATUSES = [
  'pending_activation',
  'active',
  'locked',
  'suspended',
  'expired',
  'revoked',
] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface AccountTable {
  id: Generated<number>;
  user_id: string;
  officer_id: number | null;
  display_name: string;
  role: Role;
  scope_zone_id: string | null;
  scope_district_id: string | null;
  status: AccountStatus;
  password_hash: string | null;
  totp_secret_enc: string | null;
  failed_logins: Generated<number>;
  lock_count: Generated<number>;
  locked_until: number | null;
  valid_until: number | null;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
}
