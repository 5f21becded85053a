/** A passkey or security key (WebAuthn credential). Only the public key is kept. */
export interface WebauthnCredentialTable {
  /** Credential ID, base64url. */
  id: string;
  account_id: number;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of transports the authenticator named. */
  transports: string;
  name: string;
  device_type: string | null;
  backed_up: number;
  created_at: number;
  last_used_at: number | null;
}
