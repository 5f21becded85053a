import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import type { Database } from '../store/index.ts';
import type { ComposedMail } from './compose.ts';
import { insertOutboxMail } from './outbox-repository.ts';

/**
 * One message to send: a mail from `composeMail` (both bodies complete and bilingual; the text body is the
 * fallback), and where it goes.
 */
export interface OutgoingMail extends ComposedMail {
  /** What kind of mail, for tracking in the console (e.g. `activation`, `proposal_decided`, `guide`). */
  readonly kind: string;
  readonly to: string;
  /** The account the mail concerns, if any (for "sent / bounced / used" tracking). */
  readonly accountId?: number | null;
  /** Where a reply goes when not to the sender: a ticket's reply address (issue 11). */
  readonly replyTo?: string | null;
}

/**
 * Writes a mail to the outbox inside the caller's transaction, so it is sent if and only if the change
 * that caused it commits. The body may carry a one-time link, so it is sealed at rest; the worker erases
 * it once sent. Returns the outbox row ID.
 */
export async function enqueueMail(
  trx: Transaction<Database>,
  keyring: Keyring,
  clock: Clock,
  mail: OutgoingMail,
): Promise<number> {
  const now = clock.now();
  return insertOutboxMail(trx, {
    kind: mail.kind,
    to_address: mail.to,
    subject: mail.subject,
    body_sealed: keyring.seal('mail-encryption', JSON.stringify({ text: mail.text, html: mail.html })),
    status: 'pending',
    next_attempt_at: now,
    last_error: null,
    account_id: mail.accountId ?? null,
    created_at: now,
    sent_at: null,
    // Random, so Message-IDs reveal nothing and cannot be guessed from the row ID alone.
    message_key: randomBytes(12).toString('base64url'),
    reply_to: mail.replyTo ?? null,
  });
}
