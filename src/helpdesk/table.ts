import type { Generated } from 'kysely';

/** A district office's system integrator: the officer's first call (issue 11). */
export interface SupportLocationTable {
  district_id: string;
  si_name: string;
  si_phone: string;
  si_email: string | null;
  /** When the SI answers, in words, e.g. "Mon–Sat 10:00–18:00" / "सोम–शनि 10:00–18:00". */
  hours_en: string;
  hours_hi: string;
  updated_at: number;
  updated_by: string;
}

/** A gazetted holiday: the SLA clock does not run on it. `day` is `YYYY-MM-DD` (India). */
export interface HolidayTable {
  day: string;
  name_en: string;
  name_hi: string;
}

/** Business minutes to the first response and to resolution, per priority. */
export interface SlaTargetTable {
  priority: string;
  response_minutes: number;
  resolution_minutes: number;
}

export interface TicketTable {
  id: Generated<number>;
  /** Shown to people and in mail subjects: `T-2026-000123`. */
  number: string;
  account_id: number | null;
  user_id: string;
  /** The location (district office) whose SI queue holds it, and its zone (for the zonal head). */
  district_id: string | null;
  zone_id: string | null;
  category: string;
  priority: string;
  status: string;
  /** Who works it now: the location's SI, the helpdesk, or HQ. */
  tier: string;
  subject: string;
  created_at: number;
  updated_at: number;
  first_response_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  /** When the current tier must first respond / resolve (business time); null once met. */
  response_due_at: number | null;
  resolution_due_at: number | null;
  /** Set once, by the scheduler, when the target was missed (the escalation happened then). */
  response_breached_at: number | null;
  resolution_breached_at: number | null;
  escalated_at: number | null;
}

export interface TicketEventTable {
  id: Generated<number>;
  ticket_id: number;
  at: number;
  /** created, reply, note, status, escalated, action, breach, attachment. */
  kind: string;
  /** `public` (the officer sees it and is mailed) or `internal` (staff only). */
  visibility: string;
  /** The user ID of who wrote it, or `system`. */
  author: string;
  /** portal, console, mail, system. */
  via: string;
  body: string;
  /** JSON: the status change, the action and its reason, the breached target. */
  detail: string;
}

export interface TicketAttachmentTable {
  id: Generated<number>;
  ticket_id: number;
  event_id: number | null;
  file_name: string;
  content_type: string;
  size: number;
  /** Stored once by content at `<data>/attachments/<sha256>` (shared with circulars' attachments). */
  sha256: string;
  uploaded_by: string;
  uploaded_at: number;
}
