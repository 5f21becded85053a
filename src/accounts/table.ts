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
  email: string | null;
  access_ends_at: number | null;
  /** HQ's reason for granting access although the officer's district office is open; null for none. */
  open_office_exception: string | null;
  created_at: number;
  updated_at: number;
}

export interface AccountTokenTable {
  id: Generated<number>;
  account_id: number;
  purpose: 'activation' | 'reset';
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  superseded_at: number | null;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  account_id: number;
  code_hash: string;
  used_at: number | null;
}
