import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, DialectName } from '../store/index.ts';
import type { MailOutboxTable, MailStatus } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Writes one outbox row in the caller's transaction and returns its ID. */
export async function insertOutboxMail(
  trx: Transaction<Database>,
  row: Insertable<MailOutboxTable>,
): Promise<number> {
  const inserted = await trx.insertInto('mail_outbox').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/** A claimed outbox row: what the worker needs to send it. */
export interface ClaimedMail {
  readonly id: number;
  readonly kind: string;
  readonly to: string;
  readonly subject: string;
  readonly bodySealed: string | null;
  readonly attempts: number;
  /** The Message-ID's unique part; null for rows queued before it existed. */
  readonly messageKey: string | null;
  readonly replyTo: string | null;
}

/**
 * Claims up to `limit` due mails (pending, `next_attempt_at <= now`), oldest first, in one statement: their
 * `next_attempt_at` moves to `leaseUntil`, so no other worker picks them up while this one sends. On
 * PostgreSQL the inner select skips rows another node is claiming at the same moment (`for update skip
 * locked`); SQLite runs one write statement at a time. A claim names its holder (`node`, `run`): a worker
 * that dies mid-send leaves its claims to its node's next run (`releaseEarlierRunsClaims`), or to anyone
 * once the lease ends.
 */
export async function claimDueMail(
  db: Db,
  dialect: DialectName,
  input: { now: number; leaseUntil: number; limit: number; node: string; run: string },
): Promise<ClaimedMail[]> {
  const rows = await db
    .updateTable('mail_outbox')
    .set({ next_attempt_at: input.leaseUntil, claim_node: input.node, claim_run: input.run })
    .where('id', 'in', (eb) => {
      const due = eb
        .selectFrom('mail_outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', input.now)
        .orderBy('id')
        .limit(input.limit);
      return dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
    })
    .where('status', '=', 'pending')
    .returning(['id', 'kind', 'to_address', 'subject', 'body_sealed', 'attempts', 'message_key', 'reply_to'])
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      to: r.to_address,
      subject: r.subject,
      bodySealed: r.body_sealed,
      attempts: r.attempts,
      messageKey: r.message_key ?? null,
      replyTo: r.reply_to ?? null,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Gives claimed mails back unsent (no attempt counted), due again at `at`. */
export async function releaseMailClaims(db: Db, ids: readonly number[], at: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('mail_outbox')
    .set({ next_attempt_at: at, claim_node: null, claim_run: null })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Gives back, due at `at`, the claims `node` held in earlier runs: a node that restarts knows its previous
 * process is gone, so its mail need not wait out the lease. Claims of other nodes are left to their lease.
 * Returns how many were released.
 */
export async function releaseEarlierRunsClaims(
  db: Db,
  input: { node: string; run: string; at: number },
): Promise<number> {
  const result = await db
    .updateTable('mail_outbox')
    .set({ next_attempt_at: input.at, claim_node: null, claim_run: null })
    .where('status', '=', 'pending')
    .where('claim_node', '=', input.node)
    .where('claim_run', '!=', input.run)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks a claimed mail sent and erases its body, so one-time links do not linger. */
export async function markMailSent(trx: Transaction<Database>, id: number, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: now, body_sealed: null, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records a failed attempt: pending again at `retryAt`, or failed for good when `retryAt` is null (the
 * body is erased then too: a resend issues a fresh link).
 */
export async function recordMailFailure(
  trx: Transaction<Database>,
  input: { id: number; attempts: number; error: string; retryAt: number | null },
): Promise<void> {
  const base = { attempts: input.attempts, last_error: input.error, claim_node: null, claim_run: null };
  await trx
    .updateTable('mail_outbox')
    .set(
      input.retryAt === null
        ? { ...base, status: 'failed', body_sealed: null }
        : { ...base, next_attempt_at: input.retryAt },
    )
    .where('id', '=', input.id)
    .where('status', '=', 'pending')
    .execute();
}

/** An outbox row as the console shows it: never the body. */
export interface OutboxEntry {
  readonly id: number;
  readonly kind: string;
  readonly to: string;
  readonly subject: string;
  readonly status: MailStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
}

/** The newest outbox rows, optionally of one status. */
export async function listOutbox(
  db: Db,
  filter: { status?: MailStatus; limit: number },
): Promise<OutboxEntry[]> {
  let query = db
    .selectFrom('mail_outbox')
    .select([
      'id',
      'kind',
      'to_address as to',
      'subject',
      'status',
      'attempts',
      'next_attempt_at as nextAttemptAt',
      'last_error as lastError',
      'created_at as createdAt',
      'sent_at as sentAt',
    ])
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query.execute();
}

/** How many mails are in each status. */
export async function countOutboxByStatus(db: Db): Promise<Record<MailStatus, number>> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<MailStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Mails not sent yet (pending, whether due or waiting to retry) and when the oldest was queued. */
export async function outboxBacklog(
  db: Db,
  now: number,
): Promise<{ readonly depth: number; readonly oldestAgeS: number }> {
  const row = await db
    .selectFrom('mail_outbox')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const oldest = row?.oldest ?? undefined;
  return {
    depth: Number(row?.n ?? 0),
    oldestAgeS: oldest === undefined ? 0 : Math.max(0, (now - oldest) / 1000),
  };
}
