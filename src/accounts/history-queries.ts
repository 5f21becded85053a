import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** How many of each kind of record the account page shows, newest first. */
export const HISTORY_LIMIT = 20;

export interface SessionSummary {
  createdAt: number;
  lastSeenAt: number;
  endedAt: number | null;
  endReason: string | null;
  ip: string | null;
}

export type LinkState = 'unused' | 'used' | 'superseded' | 'expired';

/** An activation or reset link as administrators may see it: its dates and state, never the token. */
export interface LinkSummary {
  purpose: 'activation' | 'reset';
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  supersededAt: number | null;
  state: LinkState;
}

/** A mail about the account: its kind, delivery status and times, never its body. */
export interface MailSummary {
  kind: string;
  status: string;
  attempts: number;
  createdAt: number;
  sentAt: number | null;
}

export interface AccountHistory {
  sessions: SessionSummary[];
  links: LinkSummary[];
  mails: MailSummary[];
}

/** A link's state at `now`: used and superseded are final; an unused link runs out at its expiry. */
export function linkState(
  link: { usedAt: number | null; supersededAt: number | null; expiresAt: number },
  now: number,
): LinkState {
  if (link.usedAt !== null) return 'used';
  if (link.supersededAt !== null) return 'superseded';
  return link.expiresAt <= now ? 'expired' : 'unused';
}

/** The account's recent sessions, links and mails. */
export async function loadAccountHistory(db: Db, accountId: number, now: number): Promise<AccountHistory> {
  const sessions = await db
    .selectFrom('sessions')
    .select([
      'created_at as createdAt',
      'last_seen_at as lastSeenAt',
      'ended_at as endedAt',
      'end_reason as endReason',
      'ip',
    ])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  const links = await db
    .selectFrom('account_tokens')
    .select([
      'purpose',
      'created_at as createdAt',
      'expires_at as expiresAt',
      'used_at as usedAt',
      'superseded_at as supersededAt',
    ])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  const mails = await db
    .selectFrom('mail_outbox')
    .select(['kind', 'status', 'attempts', 'created_at as createdAt', 'sent_at as sentAt'])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  return {
    sessions,
    links: links.map((l) => ({ ...l, state: linkState(l, now) })),
    mails,
  };
}
