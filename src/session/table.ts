export interface SessionTable {
  id: string;
  secret_hash: string;
  account_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  idle_timeout_s: number;
  ended_at: number | null;
  end_reason: string | null;
  ip: string | null;
  user_agent: string | null;
  device_id: string | null;
  disclaimer_version: number;
  mfa: number;
}

export interface SessionBindingTable {
  id: string;
  secret_hash: string;
  session_id: string;
  host: string;
  created_at: number;
}

export interface DeviceTable {
  id: string;
  trusted_at: number;
  revoked_at: number | null;
  user_agent: string | null;
  last_seen_at: number;
}
