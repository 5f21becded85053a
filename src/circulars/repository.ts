import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { AudienceInput, CircularDraft } from './schemas.ts';
import type {
  CircularAttachmentTable,
  CircularAudienceTable,
  CircularStatus,
  CircularTable,
} from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type CircularRow = Selectable<CircularTable>;
export type AudienceRow = Selectable<CircularAudienceTable>;
export type AttachmentRow = Selectable<CircularAttachmentTable>;

function draftColumns(d: CircularDraft) {
  return {
    number: d.number,
    issued_on: d.issuedOn,
    subject_en: d.subjectEn,
    subject_hi: d.subjectHi,
    body_en: d.bodyEn,
    body_hi: d.bodyHi,
    authority_en: d.authorityEn,
    authority_hi: d.authorityHi,
    copy_to_en: d.copyToEn,
    copy_to_hi: d.copyToHi,
    ack_required: d.ackRequired ? 1 : 0,
    ack_deadline: d.ackDeadline,
    gates_access: d.gatesAccess ? 1 : 0,
  };
}

async function insertAudiences(
  trx: Transaction<Database>,
  circularId: number,
  audiences: readonly AudienceInput[],
) {
  if (!audiences.length) return;
  await trx
    .insertInto('circular_audiences')
    .values(
      audiences.map((a) => ({
        circular_id: circularId,
        kind: a.kind,
        role: a.role,
        zone_id: a.zoneId,
        district_id: a.districtId,
      })),
    )
    .execute();
}

/** Inserts a draft and its audiences; returns its ID. The number's uniqueness is the table's. */
export async function insertDraft(
  trx: Transaction<Database>,
  d: CircularDraft,
  by: string,
  now: number,
): Promise<number> {
  const row = await trx
    .insertInto('circulars')
    .values({ ...draftColumns(d), status: 'draft', created_by: by, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertAudiences(trx, row.id, d.audiences);
  return row.id;
}

/** Replaces a draft's fields and audiences; false when it is no longer a draft. */
export async function updateDraft(
  trx: Transaction<Database>,
  id: number,
  d: CircularDraft,
  now: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('circulars')
    .set({ ...draftColumns(d), updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await trx.deleteFrom('circular_audiences').where('circular_id', '=', id).execute();
  await insertAudiences(trx, id, d.audiences);
  return true;
}

export function findCircular(db: Db, id: number): Promise<CircularRow | undefined> {
  return db.selectFrom('circulars').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function numberTaken(db: Db, number: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('circulars').select('id').where('number', '=', number);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export function listAudiences(db: Db, circularId: number): Promise<AudienceRow[]> {
  return db
    .selectFrom('circular_audiences')
    .selectAll()
    .where('circular_id', '=', circularId)
    .orderBy('id')
    .execute();
}

/** Moves a draft to issued (compare-and-set on status); false when another request got there first. */
export async function markIssued(trx: Transaction<Database>, id: number, by: string, now: number) {
  const r = await trx
    .updateTable('circulars')
    .set({ status: 'issued', issued_by: by, issued_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setDocumentKind(trx: Transaction<Database>, id: number, kind: string): Promise<void> {
  await trx.updateTable('circulars').set({ document_kind: kind }).where('id', '=', id).execute();
}

export async function setStatus(
  trx: Transaction<Database>,
  id: number,
  from: CircularStatus,
  to: CircularStatus,
  now: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('circulars')
    .set({ status: to, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface NewRecipient {
  readonly accountId: number;
  readonly kind: 'recipient' | 'copy';
  readonly zoneId: string | null;
  readonly districtId: string | null;
  readonly mailedAt: number | null;
}

export async function insertRecipients(
  trx: Transaction<Database>,
  circularId: number,
  rows: readonly NewRecipient[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('circular_recipients')
      .values(
        rows.slice(i, i + 200).map((r) => ({
          circular_id: circularId,
          account_id: r.accountId,
          kind: r.kind,
          zone_id: r.zoneId,
          district_id: r.districtId,
          mailed_at: r.mailedAt,
          read_at: null,
          acknowledged_at: null,
          ack_ip: null,
          reminded_at: null,
        })),
      )
      .execute();
  }
}

export function listAttachments(db: Db, circularId: number): Promise<AttachmentRow[]> {
  return db
    .selectFrom('circular_attachments')
    .selectAll()
    .where('circular_id', '=', circularId)
    .orderBy('id')
    .execute();
}

export function findAttachment(db: Db, circularId: number, id: number): Promise<AttachmentRow | undefined> {
  return db
    .selectFrom('circular_attachments')
    .selectAll()
    .where('circular_id', '=', circularId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function countAttachments(db: Db, circularId: number): Promise<number> {
  const r = await db
    .selectFrom('circular_attachments')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('circular_id', '=', circularId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertAttachment(
  trx: Transaction<Database>,
  a: Omit<AttachmentRow, 'id'>,
): Promise<number> {
  const row = await trx
    .insertInto('circular_attachments')
    .values(a)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteAttachment(trx: Transaction<Database>, circularId: number, id: number) {
  const r = await trx
    .deleteFrom('circular_attachments')
    .where('circular_id', '=', circularId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Inserts a zone's attestation; false when the zone has already attested (the primary key). */
export async function insertAttestation(
  trx: Transaction<Database>,
  a: { circularId: number; zoneId: string; accountId: number; at: number; note: string },
): Promise<boolean> {
  const existing = await trx
    .selectFrom('circular_attestations')
    .select('zone_id')
    .where('circular_id', '=', a.circularId)
    .where('zone_id', '=', a.zoneId)
    .executeTakeFirst();
  if (existing) return false;
  await trx
    .insertInto('circular_attestations')
    .values({
      circular_id: a.circularId,
      zone_id: a.zoneId,
      account_id: a.accountId,
      attested_at: a.at,
      note: a.note,
    })
    .execute();
  return true;
}

/** True when the circular reached anyone in the zone. */
export async function reachedZone(db: Db, circularId: number, zoneId: string): Promise<boolean> {
  const r = await db
    .selectFrom('circular_recipients')
    .select('account_id')
    .where('circular_id', '=', circularId)
    .where('zone_id', '=', zoneId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** True when the circular reached anyone in the zone, or the account itself. */
export async function reachedStaff(
  db: Db,
  circularId: number,
  who: { accountId: number; zoneId: string | null },
): Promise<boolean> {
  const r = await db
    .selectFrom('circular_recipients')
    .select('account_id')
    .where('circular_id', '=', circularId)
    .where((eb) =>
      who.zoneId === null
        ? eb('account_id', '=', who.accountId)
        : eb.or([eb('account_id', '=', who.accountId), eb('zone_id', '=', who.zoneId)]),
    )
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
