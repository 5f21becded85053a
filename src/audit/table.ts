export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
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
  hash: string;
}
