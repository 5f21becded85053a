import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { CircularAttachmentTable, CircularRecipientTable, CircularTable } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What a recipient sees of circulars: issued ones, and withdrawn ones shown as withdrawn. Never drafts. */
const VISIBLE = ['issued', 'withdrawn'] as const;

/** One line of a person's circulars: the circular's heading and what they did with it. */
export interface InboxRow {
  readonly id: number;
  readonly number: string;
  readonly issued_on: string;
  readonly subject_en: string;
  readonly subject_hi: string;
  readonly status: CircularTable['status'];
  readonly ack_required: number;
  readonly ack_deadline: number | null;
  readonly kind: CircularRecipientTable['kind'];
  readonly read_at: number | null;
  readonly acknowledged_at: number | null;
}

function inboxQuery(db: Db, accountId: number) {
  return db
    .selectFrom('circular_recipients as r')
    .innerJoin('circulars as c', 'c.id', 'r.circular_id')
    .select([
      'c.id',
      'c.number',
      'c.issued_on',
      'c.subject_en',
      'c.subject_hi',
      'c.status',
      'c.ack_required',
      'c.ack_deadline',
      'r.kind',
      'r.read_at',
      'r.acknowledged_at',
    ])
    .where('r.account_id', '=', accountId)
    .orderBy('c.issued_at', 'desc')
    .orderBy('c.id', 'desc');
}

/** The circulars addressed to an account (as recipient or copy), newest issued first. */
export function listCircularsFor(db: Db, accountId: number): Promise<InboxRow[]> {
  return inboxQuery(db, accountId).where('c.status', 'in', VISIBLE).execute();
}

export interface UnreadRow {
  readonly id: number;
  readonly number: string;
  readonly subject_en: string;
  readonly subject_hi: string;
  /** How many unread issued circulars there are in all (the rows are at most `limit`). */
  readonly total: number;
}

/**
 * The newest `limit` issued circulars the account has not opened, each row carrying the total count: one
 * query on the `circular_recipients_account` index, run for every page a signed-in person opens.
 */
export async function findUnreadFor(db: Db, accountId: number, limit: number): Promise<UnreadRow[]> {
  const rows = await db
    .selectFrom('circular_recipients as r')
    .innerJoin('circulars as c', 'c.id', 'r.circular_id')
    .select([
      'c.id',
      'c.number',
      'c.subject_en',
      'c.subject_hi',
      sql<number | string>`count(*) over ()`.as('total'),
    ])
    .where('r.account_id', '=', accountId)
    .where('r.read_at', 'is', null)
    .where('c.status', '=', 'issued')
    .orderBy('c.issued_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
  // PostgreSQL's count is a bigint, which arrives as a string.
  return rows.map((r) => ({ ...r, total: Number(r.total) }));
}

/** Issued circulars the account must still acknowledge (as a recipient, where the circular asks). */
export function findAwaitingAcknowledgement(db: Db, accountId: number): Promise<InboxRow[]> {
  return inboxQuery(db, accountId)
    .where('c.status', '=', 'issued')
    .where('r.kind', '=', 'recipient')
    .where('c.ack_required', '=', 1)
    .where('r.acknowledged_at', 'is', null)
    .execute();
}

export type AddressedCircular = Selectable<CircularTable> & {
  readonly kind: CircularRecipientTable['kind'];
  readonly read_at: number | null;
  readonly acknowledged_at: number | null;
  readonly ack_ip: string | null;
};

/** A circular as addressed to this account; undefined when it is not addressed to them or is a draft. */
export function findAddressedCircular(
  db: Db,
  circularId: number,
  accountId: number,
): Promise<AddressedCircular | undefined> {
  return db
    .selectFrom('circulars as c')
    .innerJoin('circular_recipients as r', 'r.circular_id', 'c.id')
    .selectAll('c')
    .select(['r.kind', 'r.read_at', 'r.acknowledged_at', 'r.ack_ip'])
    .where('c.id', '=', circularId)
    .where('r.account_id', '=', accountId)
    .where('c.status', 'in', VISIBLE)
    .executeTakeFirst();
}

/** Records the first opening; false when it was already recorded (so it is audited once). */
export async function markRead(
  trx: Transaction<Database>,
  circularId: number,
  accountId: number,
  now: number,
): Promise<boolean> {
  const result = await trx
    .updateTable('circular_recipients')
    .set({ read_at: now })
    .where('circular_id', '=', circularId)
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records the acknowledgement once; false when it was already recorded. Only a recipient's row. */
export async function markAcknowledged(
  trx: Transaction<Database>,
  circularId: number,
  accountId: number,
  now: number,
  ip: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('circular_recipients')
    .set({ acknowledged_at: now, ack_ip: ip })
    .where('circular_id', '=', circularId)
    .where('account_id', '=', accountId)
    .where('kind', '=', 'recipient')
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type AttachmentRow = Selectable<CircularAttachmentTable>;

export function listAttachments(db: Db, circularId: number): Promise<AttachmentRow[]> {
  return db
    .selectFrom('circular_attachments')
    .selectAll()
    .where('circular_id', '=', circularId)
    .orderBy('id')
    .execute();
}

export function findAttachment(
  db: Db,
  circularId: number,
  attachmentId: number,
): Promise<AttachmentRow | undefined> {
  return db
    .selectFrom('circular_attachments')
    .selectAll()
    .where('circular_id', '=', circularId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}
