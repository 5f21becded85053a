import type { Generated } from 'kysely';

export type CircularStatus = 'draft' | 'issued' | 'withdrawn';
/** A recipient must read (and, if the circular asks, acknowledge); a copy is for information. */
export type AudienceKind = 'recipient' | 'copy';

export interface CircularTable {
  id: Generated<number>;
  /** The circular's number as the department writes it, e.g. `1234/वाणिज्य कर/2020`. */
  number: string;
  /** Date on the circular, `YYYY-MM-DD`. */
  issued_on: string;
  subject_en: string;
  subject_hi: string;
  /** Markdown; rendered through marked and sanitize-html, never trusted as HTML. */
  body_en: string;
  body_hi: string;
  authority_en: string;
  authority_hi: string;
  /** The endorsement's copy list as printed ("Copy for information to: …"), one entry per line. */
  copy_to_en: string;
  copy_to_hi: string;
  status: CircularStatus;
  ack_required: number;
  ack_deadline: number | null;
  /** 1: issuing publishes it as a versioned document that the access policy can require. */
  gates_access: number;
  /** `circular-<id>` when it gates access; the document kind the policy names. */
  document_kind: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  issued_by: string | null;
  issued_at: number | null;
}

/** Who a circular is addressed to, as chosen: a role, a zone or a district (null: any). */
export interface CircularAudienceTable {
  id: Generated<number>;
  circular_id: number;
  kind: AudienceKind;
  role: string | null;
  zone_id: string | null;
  district_id: string | null;
}

/** One person a circular reached (resolved from the audiences when issued), and what they did with it. */
export interface CircularRecipientTable {
  circular_id: number;
  account_id: number;
  kind: AudienceKind;
  zone_id: string | null;
  district_id: string | null;
  mailed_at: number | null;
  read_at: number | null;
  acknowledged_at: number | null;
  ack_ip: string | null;
  reminded_at: number | null;
}

export interface CircularAttachmentTable {
  id: Generated<number>;
  circular_id: number;
  file_name: string;
  content_type: string;
  size: number;
  /** The file lives at `<data>/attachments/<sha256>`: stored once by content, outside the database. */
  sha256: string;
  uploaded_by: string;
  uploaded_at: number;
}

/** A zonal head's statement that the zone's subordinates were informed of the circular. */
export interface CircularAttestationTable {
  circular_id: number;
  zone_id: string;
  account_id: number;
  attested_at: number;
  note: string;
}
