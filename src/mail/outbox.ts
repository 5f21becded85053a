import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import type { Database } from '../store/index.ts';

/** One message to send. Both bodies are complete and bilingual; the text body is the fallback. */
export interface OutgoingMail {
  /** What kind of mail, for tracking in the console (e.g. `activation`, `proposal_decided`, `guide`). */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The account the mail concerns, if any (for "sent / bounced / used" tracking). */
  accountId?: number | null;
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
  const row = await trx
    .insertInto('mail_outbox')
    .values({
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
