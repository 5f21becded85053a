import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, DialectName } from '../store/index.ts';
import type { SessionBindingTable, SessionTable } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function findSessionRow(db: Db, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a session ended; false when it had already ended (so the end is recorded once). */
export async function markSessionEnded(
  trx: Transaction<Database>,
  id: string,
  reason: string,
  now: number,
): Promise<boolean> {
  const res = await trx
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export async function updatePosture(db: Db, id: string, posture: string, at: number): Promise<void> {
  await db.updateTable('sessions').set({ posture, posture_at: at }).where('id', '=', id).execute();
}

export async function updateLastSeen(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/**
 * The account's status, read in the session's own transaction and share-locked on PostgreSQL, so a
 * revocation committing meanwhile is either seen here or sees the new session.
 */
export async function lockAccountStatus(trx: Transaction<Database>, dialect: DialectName, accountId: number) {
  const query = trx.selectFrom('accounts').select('status').where('id', '=', accountId);
  const row = await (dialect === 'postgres' ? query.forShare() : query).executeTakeFirst();
  return row?.status;
}

export async function insertSession(
  trx: Transaction<Database>,
  row: Insertable<SessionTable>,
): Promise<void> {
  await trx.insertInto('sessions').values(row).execute();
}

export async function insertBinding(db: Db, row: Insertable<SessionBindingTable>): Promise<void> {
  await db.insertInto('session_bindings').values(row).execute();
}

/** Which of `ids` have ended, and why: one query for a node's whole cache (the revalidation check). */
export function findEndedSessions(db: Db, ids: readonly string[]) {
  return db
    .selectFrom('sessions')
    .select(['id', 'end_reason'])
    .where('id', 'in', ids)
    .where('ended_at', 'is not', null)
    .execute();
}

export function findBindingRow(db: Db, id: string) {
  return db.selectFrom('session_bindings').selectAll().where('id', '=', id).executeTakeFirst();
}
