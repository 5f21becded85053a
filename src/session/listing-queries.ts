import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Whose live sessions: one person's, or every session opened on one device. */
export type SessionOwner = { readonly accountId: number } | { readonly deviceId: string };

/**
 * The sessions of a person or a device that are live at `now`: not ended, within the absolute limit and
 * within the idle limit as far as the database knows (last use is written back at most once a minute, so a
 * session in use is never counted out). With the device's name, newest first.
 */
export function findLiveSessionRows(db: Db, owner: SessionOwner, now: number) {
  let query = db
    .selectFrom('sessions')
    .leftJoin('devices', 'devices.id', 'sessions.device_id')
    .select([
      'sessions.id',
      'sessions.account_id',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.ip',
      'sessions.user_agent',
      'sessions.device_id',
      'devices.name as device_name',
    ])
    .where('sessions.ended_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where(sql<boolean>`sessions.last_seen_at + sessions.idle_timeout_s * 1000 > ${now}`);
  query =
    'accountId' in owner
      ? query.where('sessions.account_id', '=', owner.accountId)
      : query.where('sessions.device_id', '=', owner.deviceId);
  return query.orderBy('sessions.created_at', 'desc').execute();
}

/** One device row, whole. */
export function findDeviceRow(db: Db, id: string) {
  return db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The devices bound to a person, revoked ones too (the page says so), most recently used first. */
export function findDevicesOfAccount(db: Db, accountId: number) {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('last_seen_at', 'desc')
    .limit(100)
    .execute();
}

/**
 * Binds an unbound device to a person and records its use; a device bound to someone else is left alone.
 * True when the device is (now) this person's.
 */
export async function bindDeviceRow(db: Db, id: string, accountId: number, now: number): Promise<boolean> {
  await db
    .updateTable('devices')
    .set({ account_id: accountId })
    .where('id', '=', id)
    .where('account_id', 'is', null)
    .execute();
  const res = await db
    .updateTable('devices')
    .set({ last_seen_at: now })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Marks a device revoked; false when it was already revoked (so the revocation is recorded once). */
export async function markDeviceRevoked(db: Db, id: string, by: string, now: number): Promise<boolean> {
  const res = await db
    .updateTable('devices')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Every session of a person or a device not yet recorded as ended, whatever its limits say. */
export async function findOpenSessionIds(db: Db, owner: SessionOwner): Promise<string[]> {
  let query = db.selectFrom('sessions').select('id').where('ended_at', 'is', null);
  query =
    'accountId' in owner
      ? query.where('account_id', '=', owner.accountId)
      : query.where('device_id', '=', owner.deviceId);
  return (await query.execute()).map((r) => r.id);
}

/** Whose session an ID is, or undefined for none. */
export async function findSessionAccount(db: Db, id: string): Promise<number | undefined> {
  const row = await db.selectFrom('sessions').select('account_id').where('id', '=', id).executeTakeFirst();
  return row?.account_id;
}
