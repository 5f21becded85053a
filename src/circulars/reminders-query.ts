import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Issued circulars that want acknowledgement and whose deadline has passed, with someone still to remind. */
export async function findOverdueCircularIds(db: Db, now: number): Promise<number[]> {
  const rows = await db
    .selectFrom('circulars as c')
    .select('c.id')
    .where('c.status', '=', 'issued')
    .where('c.ack_required', '=', 1)
    .where('c.ack_deadline', 'is not', null)
    .where('c.ack_deadline', '<', now)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('circular_recipients as r')
          .select('r.account_id')
          .whereRef('r.circular_id', '=', 'c.id')
          .where('r.kind', '=', 'recipient')
          .where('r.acknowledged_at', 'is', null)
          .where('r.reminded_at', 'is', null),
      ),
    )
    .orderBy('c.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Recipients of a circular still to remind, with where to write and which page to link. */
export function findUnremindedRecipients(db: Db, circularId: number, limit: number) {
  return db
    .selectFrom('circular_recipients as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .select(['r.account_id as accountId', 'a.role', 'a.email', 'o.email as officerEmail'])
    .where('r.circular_id', '=', circularId)
    .where('r.kind', '=', 'recipient')
    .where('r.acknowledged_at', 'is', null)
    .where('r.reminded_at', 'is', null)
    .orderBy('r.account_id')
    .limit(limit)
    .execute();
}

/**
 * Claims one recipient's reminder: sets `reminded_at` only where it is still null (and they still have not
 * acknowledged). True for exactly one of several nodes racing for the same row.
 */
export async function claimReminder(
  trx: Transaction<Database>,
  circularId: number,
  accountId: number,
  now: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('circular_recipients')
    .set({ reminded_at: now })
    .where('circular_id', '=', circularId)
    .where('account_id', '=', accountId)
    .where('reminded_at', 'is', null)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
