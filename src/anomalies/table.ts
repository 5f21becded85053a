import type { Generated } from 'kysely';

export const ANOMALY_KINDS = [
  'account_failures',
  'address_failures',
  'unusual_hour',
  'new_device',
  'concurrent_networks',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Something the detector flagged in the audit trail, and when HQ was told. */
export interface AuditAnomalyTable {
  id: Generated<number>;
  kind: AnomalyKind;
  /** The user ID or the address it concerns. */
  subject: string;
  detected_at: number;
  /** The audit event that tipped it; (kind, subject, event_seq) is unique, so a rescan flags nothing twice. */
  event_seq: number;
  /** JSON: counts, hours, networks, device names. */
  detail: string;
  notified_at: number | null;
}
