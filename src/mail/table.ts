import type { ColumnType, Generated } from 'kysely';

/** A nullable column an insert may leave out. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

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
  /** Who holds the claim while sending: the node (host and port) and its process run. */
  claim_node: Optional<string>;
  claim_run: Optional<string>;
  /** Random per row: the Message-ID's unique part, the same on every attempt. */
  message_key: Optional<string>;
  /** Where a reply goes, when not to the sender: a ticket's own reply address (issue 11). */
  reply_to: Optional<string>;
}
