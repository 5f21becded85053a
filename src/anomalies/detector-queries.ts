import type { Kysely, Transaction } from 'kysely';
import type { AuditEventType } from '../audit/index.ts';
import type { Database } from '../store/index.ts';
import type { AnomalyKind } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The trail's events of these types by `actor`, in (`after`, `atMost`] by time, up to event `seq`. */
export function findRecentByActor(
  db: Db,
  q: { actor: string; types: readonly AuditEventType[]; after: number; atMost: number; seq: number },
) {
  return db
    .selectFrom('audit_events')
    .select(['seq', 'at', 'ip'])
    .where('actor', '=', q.actor)
    .where('type', 'in', q.types)
    .where('at', '>', q.after)
    .where('at', '<=', q.atMost)
    .where('seq', '<=', q.seq)
    .orderBy('seq')
    .execute();
}

/** The same, from one address; with `detail` for tallied records' counts. */
export function findRecentByAddress(
  db: Db,
  q: { ip: string; types: readonly AuditEventType[]; after: number; atMost: number; seq: number },
) {
  return db
    .selectFrom('audit_events')
    .select(['seq', 'at', 'type', 'detail', 'actor'])
    .where('ip', '=', q.ip)
    .where('type', 'in', q.types)
    .where('at', '>', q.after)
    .where('at', '<=', q.atMost)
    .where('seq', '<=', q.seq)
    .orderBy('seq')
    .execute();
}

/** True when `kind` was already flagged for `subject` on an event timed in (`after`, `atMost`]. */
export async function wasFlaggedSince(
  db: Db,
  q: { kind: AnomalyKind; subject: string; after: number; atMost: number },
): Promise<boolean> {
  const row = await db
    .selectFrom('audit_anomalies as an')
    .innerJoin('audit_events as e', 'e.seq', 'an.event_seq')
    .select('an.id')
    .where('an.kind', '=', q.kind)
    .where('an.subject', '=', q.subject)
    .where('e.at', '>', q.after)
    .where('e.at', '<=', q.atMost)
    .executeTakeFirst();
  return row !== undefined;
}

export function findAccountByUserId(db: Db, userId: string) {
  return db.selectFrom('accounts').select(['id', 'user_id']).where('user_id', '=', userId).executeTakeFirst();
}

export function findSessionById(db: Db, id: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'account_id', 'device_id', 'created_at', 'ip'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Whether the account opened a session on this device before `before` (ms). */
export async function hadEarlierSessionOnDevice(
  db: Db,
  q: { accountId: number; deviceId: string; sessionId: string; before: number },
): Promise<boolean> {
  const row = await db
    .selectFrom('sessions')
    .select('id')
    .where('account_id', '=', q.accountId)
    .where('device_id', '=', q.deviceId)
    .where('id', '!=', q.sessionId)
    .where('created_at', '<=', q.before)
    .executeTakeFirst();
  return row !== undefined;
}

/** The device, and the account's other devices trusted before it (revoked ones too). */
export async function findDeviceAndOthers(db: Db, q: { accountId: number; deviceId: string }) {
  const device = await db
    .selectFrom('devices')
    .select(['id', 'name', 'trusted_at', 'account_id'])
    .where('id', '=', q.deviceId)
    .executeTakeFirst();
  if (!device) return undefined;
  const others = await db
    .selectFrom('devices')
    .select(['id', 'name'])
    .where('account_id', '=', q.accountId)
    .where('id', '!=', q.deviceId)
    .where('trusted_at', '<', device.trusted_at)
    .execute();
  return { device, others };
}

/**
 * The account's other sessions live at `at`: opened before it, not ended by then, within their absolute
 * and idle limits as last seen.
 */
export function findOtherLiveSessions(
  db: Db,
  q: { accountId: number; sessionId: string | null; at: number },
) {
  let query = db
    .selectFrom('sessions')
    .select(['id', 'ip', 'created_at', 'last_seen_at', 'idle_timeout_s'])
    .where('account_id', '=', q.accountId)
    .where('created_at', '<', q.at)
    .where('expires_at', '>', q.at)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', q.at)]))
    .where('ip', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(50);
  if (q.sessionId !== null) query = query.where('id', '!=', q.sessionId);
  return query.execute();
}

export interface NewAnomaly {
  readonly kind: AnomalyKind;
  readonly subject: string;
  readonly eventSeq: number;
  readonly detail: string;
}

/** Flags one anomaly; undefined when (kind, subject, event) was flagged already (by a re-read or a peer). */
export async function insertAnomaly(
  trx: Transaction<Database>,
  a: NewAnomaly,
  now: number,
): Promise<number | undefined> {
  const row = await trx
    .insertInto('audit_anomalies')
    .values({
      kind: a.kind,
      subject: a.subject,
      event_seq: a.eventSeq,
      detail: a.detail,
      detected_at: now,
      notified_at: null,
    })
    .onConflict((oc) => oc.columns(['kind', 'subject', 'event_seq']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Anomalies HQ has not been told of yet, oldest first, with the time of the event that tipped them. */
export function findUnnotified(db: Db, limit: number) {
  return db
    .selectFrom('audit_anomalies as an')
    .leftJoin('audit_events as e', 'e.seq', 'an.event_seq')
    .select(['an.id', 'an.kind', 'an.subject', 'an.detail', 'an.event_seq', 'an.detected_at', 'e.at'])
    .where('an.notified_at', 'is', null)
    .orderBy('an.id')
    .limit(limit)
    .execute();
}

/** When HQ was last mailed about anomalies; undefined when never. */
export async function findLastNotifiedAt(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('audit_anomalies')
    .select((eb) => eb.fn.max<number | string | null>('notified_at').as('last'))
    .executeTakeFirst();
  const last = row?.last;
  return last === null || last === undefined ? undefined : Number(last);
}

/**
 * Marks anomalies notified; returns the IDs this call marked (on PostgreSQL a peer marking the same rows
 * waits for this transaction, then finds them marked and mails nothing).
 */
export async function markNotified(
  trx: Transaction<Database>,
  ids: readonly number[],
  now: number,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .updateTable('audit_anomalies')
    .set({ notified_at: now })
    .where('id', 'in', ids)
    .where('notified_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Active HQ administrators with an e-mail address: who is told of anomalies. */
export function findHqRecipients(db: Db) {
  return db
    .selectFrom('accounts')
    .select(['id', 'email'])
    .where('role', '=', 'hq_admin')
    .where('status', '=', 'active')
    .where('email', 'is not', null)
    .where('email', '!=', '')
    .orderBy('id')
    .execute();
}
