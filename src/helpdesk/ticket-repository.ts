import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../store/index.ts';
import type { TicketAttachmentTable, TicketEventTable, TicketTable } from './table.ts';
import type { TicketAttachmentRow, TicketEventRow, TicketRow } from './model.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Statuses the SLA clock no longer runs in. */
const DONE = ['resolved', 'closed'];

/** The officer behind an account: where their ticket goes, and where its mail goes. */
export interface TicketOwner {
  readonly accountId: number;
  readonly userId: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly districtId: string | null;
  readonly zoneId: string | null;
}

/** The account's officer, district and zone (district and zone null for an account without an officer). */
export function findTicketOwner(db: Db, accountId: number): Promise<TicketOwner | undefined> {
  return db
    .selectFrom('accounts as a')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .leftJoin('districts as d', 'd.id', 'o.district_id')
    .select((eb) => [
      'a.id as accountId',
      'a.user_id as userId',
      'a.display_name as displayName',
      // The account's address, else the directory's (which the zonal office registered).
      eb.fn.coalesce('a.email', 'o.email').as('email'),
      'd.id as districtId',
      'd.zone_id as zoneId',
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
}

export function findSupportLocation(db: Db, districtId: string) {
  return db
    .selectFrom('support_locations')
    .selectAll()
    .where('district_id', '=', districtId)
    .executeTakeFirst();
}

export function findDistrictNames(db: Db, districtId: string) {
  return db
    .selectFrom('districts')
    .select(['name_en', 'name_hi'])
    .where('id', '=', districtId)
    .executeTakeFirst();
}

/** Every gazetted holiday, as `YYYY-MM-DD` days. */
export async function listHolidayDays(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('holidays').select('day').execute();
  return new Set(rows.map((r) => r.day));
}

export function findSlaTarget(db: Db, priority: string) {
  return db.selectFrom('sla_targets').selectAll().where('priority', '=', priority).executeTakeFirst();
}

/** The highest ticket number issued in `year` (`T-<year>-nnnnnn`), or undefined for none yet. */
export async function findLastTicketNumber(db: Db, year: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('tickets')
    .select('number')
    .where('number', 'like', `T-${year}-%`)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.number;
}

export function insertTicket(trx: Db, row: Insertable<TicketTable>): Promise<TicketRow> {
  return trx.insertInto('tickets').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findTicket(db: Db, id: number): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTicketByNumber(db: Db, number: string): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirst();
}

export function listTicketsOfAccount(db: Db, accountId: number): Promise<TicketRow[]> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Changes a ticket only while it is still in the state the caller read (`status` and `updated_at`), so two
 * staff members acting at once cannot both move it. Returns the new row, or undefined when it had changed.
 */
export function updateTicketIfUnchanged(
  trx: Db,
  seen: Pick<TicketRow, 'id' | 'status' | 'updated_at'>,
  patch: Updateable<TicketTable>,
): Promise<TicketRow | undefined> {
  return trx
    .updateTable('tickets')
    .set(patch)
    .where('id', '=', seen.id)
    .where('status', '=', seen.status)
    .where('updated_at', '=', seen.updated_at)
    .returningAll()
    .executeTakeFirst();
}

export function insertTicketEvent(trx: Db, row: Insertable<TicketEventTable>): Promise<TicketEventRow> {
  return trx.insertInto('ticket_events').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A ticket's events in order; internal notes and actions left out unless `withInternal`. */
export function listTicketEvents(db: Db, ticketId: number, withInternal: boolean): Promise<TicketEventRow[]> {
  let q = db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId);
  if (!withInternal) q = q.where('visibility', '=', 'public');
  return q.orderBy('id').execute();
}

export function insertTicketAttachment(
  trx: Db,
  row: Insertable<TicketAttachmentTable>,
): Promise<TicketAttachmentRow> {
  return trx.insertInto('ticket_attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A ticket's attachments; those on internal notes left out unless `withInternal`. */
export function listTicketAttachments(
  db: Db,
  ticketId: number,
  withInternal: boolean,
): Promise<TicketAttachmentRow[]> {
  let q = db
    .selectFrom('ticket_attachments as t')
    .leftJoin('ticket_events as e', 'e.id', 't.event_id')
    .selectAll('t')
    .where('t.ticket_id', '=', ticketId);
  if (!withInternal) q = q.where((eb) => eb.or([eb('e.id', 'is', null), eb('e.visibility', '=', 'public')]));
  return q.orderBy('t.id').execute();
}

export type SlaTargetName = 'response' | 'resolution';

/** Open tickets with a target that has passed and not been marked breached since it was set. */
export async function listBreachedTicketIds(db: Db, now: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('tickets')
    .select('id')
    .where('status', 'not in', DONE)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('response_due_at', '<=', now),
          eb.or([
            eb('response_breached_at', 'is', null),
            eb('response_breached_at', '<', eb.ref('response_due_at')),
          ]),
        ]),
        eb.and([
          eb('resolution_due_at', '<=', now),
          eb.or([
            eb('resolution_breached_at', 'is', null),
            eb('resolution_breached_at', '<', eb.ref('resolution_due_at')),
          ]),
        ]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claims one missed target of one ticket with a single conditional update: only the first caller whose
 * update sees the target passed and not yet marked breached (since its due date was set) gets `true`.
 * Several scheduler nodes, or a node that restarts mid-pass, therefore escalate a missed target once. Run
 * it in the transaction that escalates: if that transaction fails, the claim rolls back with it.
 */
export async function claimBreach(
  trx: Db,
  ticketId: number,
  target: SlaTargetName,
  now: number,
): Promise<boolean> {
  const due = target === 'response' ? 'response_due_at' : 'resolution_due_at';
  const breached = target === 'response' ? 'response_breached_at' : 'resolution_breached_at';
  const result = await trx
    .updateTable('tickets')
    .set(target === 'response' ? { response_breached_at: now } : { resolution_breached_at: now })
    .where('id', '=', ticketId)
    .where('status', 'not in', DONE)
    .where(due, '<=', now)
    .where((eb) => eb.or([eb(breached, 'is', null), eb(breached, '<', eb.ref(due))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Active accounts with an e-mail address, by role and reach, for escalation mail. */
export async function findStaffEmails(
  db: Db,
  role: 'system_integrator' | 'helpdesk' | 'hq_admin' | 'zonal_head',
  where: { districtId?: string | null; zoneId?: string | null } = {},
): Promise<string[]> {
  let q = db
    .selectFrom('accounts')
    .select('email')
    .where('role', '=', role)
    .where('status', '=', 'active')
    .where('email', 'is not', null);
  if (where.districtId !== undefined) q = q.where('scope_district_id', '=', where.districtId);
  if (where.zoneId !== undefined) q = q.where('scope_zone_id', '=', where.zoneId);
  const rows = await q.orderBy('id').execute();
  return rows.flatMap((r) => (r.email ? [r.email] : []));
}

/** Changes a ticket the caller has already claimed or locked in `trx`; returns the new row. */
export function updateTicket(trx: Db, id: number, patch: Updateable<TicketTable>): Promise<TicketRow> {
  return trx.updateTable('tickets').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
