/** An activation's saved steps, one row per link (migration 0008; see progress-repository.ts). */
export interface ActivationProgressTable {
  token_id: number;
  account_id: number;
  started_at: number;
  updated_at: number;
  ack_document_id: number | null;
  ack_version: number | null;
  password_hash: string | null;
  totp_sealed: string | null;
  totp_confirmed: number;
  recovery_sealed: string | null;
}
