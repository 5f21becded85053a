import type { Generated } from 'kysely';

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface MailOutboxTable {
  id: Generated<number>;
  kind: string;
  to_address: string;
  subject: string;
  /** Sealed JSON `{ text, html }`; null once sent. */
  body_sealed: string | null;
  status: MailStatus;
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  account_id: number | null;
  created_at: number;
  sent_at: number | null;
}
