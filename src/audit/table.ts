import type { Generated } from 'kysely';

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  /** HMAC of `head|seq|hash` under the chain key: the head cannot be moved back without the secret. */
  mac: string | null;
}

export interface AuditEventTable {
  seq: number;
  at: number;
  type: string;
  actor: string | null;
  target: string | null;
  ip: string | null;
  /** Canonical JSON of the event's details. */
  detail: string;
  prev_hash: string;
  /** SHA-256 chain over the previous hash and the fields: public, so an export verifies with standard tools. */
  hash: string;
  /** HMAC of `hash` under the chain key (derived from the root secret, never stored in the database). */
  mac: string | null;
}

/** A signed statement that the chain had this head at this sequence number and time. */
export interface AuditCheckpointTable {
  id: Generated<number>;
  seq: number;
  hash: string;
  at: number;
  /** Ed25519 signature, base64, over the checkpoint's canonical message. */
  signature: string;
  /** SHA-256 of the public key (SPKI DER), hex, first 16 characters. */
  key_id: string;
  node: string | null;
}

/** How far a reader of the trail (shipping, anomaly detection) has got: advanced by compare-and-set. */
export interface AuditCursorTable {
  name: string;
  seq: number;
  updated_at: number;
}
