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
  /** Which second factor opened it: 'totp', 'passkey' or 'recovery'; null for none. */
  mfa_method: string | null;
  /** The inspector's last verified report for this session (JSON of `AgentPosture`), and when. */
  posture: string | null;
  posture_at: number | null;
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
  /** Whose device: set when a session first opens on it. */
  account_id: number | null;
  /** The officer's own name for it, or one made from the browser ("Chrome on Windows"). */
  name: string | null;
  browser: string | null;
  /** Who revoked it (a user ID), when revoked. */
  revoked_by: string | null;
  /** The inspector's Ed25519 public key (SPKI, base64url) registered for this device, and when. */
  inspector_key: string | null;
  inspector_key_at: number | null;
}
