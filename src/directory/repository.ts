import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { OfficeStatus } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** An officer with rank, wing and district names, from `officers o` joined to `ranks r`, `wings w`, `districts d`. */
export const OFFICER_COLUMNS = [
  'o.id as officerId',
  'o.employee_no as employeeNo',
  'o.name_en as nameEn',
  'o.name_hi as nameHi',
  'r.name_en as rankEn',
  'r.name_hi as rankHi',
  'w.id as wingId',
  'w.name_en as wingEn',
  'w.name_hi as wingHi',
  'd.id as districtId',
  'd.name_en as districtEn',
  'd.name_hi as districtHi',
  'd.office_status as officeStatus',
] as const;

/** An officer's row with the zone of their district (`zones z`) and their registered e-mail. */
const PLACEMENT_COLUMNS = [
  ...OFFICER_COLUMNS,
  'z.id as zoneId',
  'z.name_en as zoneEn',
  'z.name_hi as zoneHi',
  'o.email as officerEmail',
  'r.id as rankId',
] as const;

/** An officer with the names of their rank, wing and district (the columns of `OFFICER_COLUMNS`). */
export interface OfficerRow {
  officerId: number;
  employeeNo: string;
  nameEn: string;
  nameHi: string;
  rankEn: string;
  rankHi: string;
  wingId: string;
  wingEn: string;
  wingHi: string;
  districtId: string;
  districtEn: string;
  districtHi: string;
  officeStatus: OfficeStatus;
}

/** An officer's row with the zone of their district and their e-mail address. */
export interface OfficerPlacement extends OfficerRow {
  rankId: string;
  zoneId: string;
  zoneEn: string;
  zoneHi: string;
  officerEmail: string;
}

/** Officers with their rank, wing, district and zone: the one join every placement is read through. */
function placements(db: Db) {
  return db
    .selectFrom('officers as o')
    .innerJoin('ranks as r', 'r.id', 'o.rank_id')
    .innerJoin('wings as w', 'w.id', 'o.wing_id')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .innerJoin('zones as z', 'z.id', 'd.zone_id');
}

/** An officer with the names of their rank, wing, district and zone. */
export function findOfficerPlacement(db: Db, officerId: number): Promise<OfficerPlacement | undefined> {
  return placements(db).select(PLACEMENT_COLUMNS).where('o.id', '=', officerId).executeTakeFirst();
}

export interface DirectoryRow extends OfficerPlacement {
  userId: string | null;
  accountStatus: string | null;
}

/** Officers for the console's directory, optionally limited to one zone, in zone → district → wing order. */
export function listDirectory(db: Db, zoneId?: string): Promise<DirectoryRow[]> {
  let q = placements(db)
    .leftJoin('accounts as a', 'a.officer_id', 'o.id')
    .select([...PLACEMENT_COLUMNS, 'a.user_id as userId', 'a.status as accountStatus'])
    .orderBy('z.name_en')
    .orderBy('d.name_en')
    .orderBy('w.sort_order')
    .orderBy('o.name_en');
  if (zoneId) q = q.where('z.id', '=', zoneId);
  return q.execute();
}

/** A zone or wing by name, for filters. */
export interface NamedPlace {
  id: string;
  nameEn: string;
  nameHi: string;
}

/** The zones in name order; only `zoneId` when one is given. */
export function listZones(db: Db, zoneId?: string): Promise<NamedPlace[]> {
  let q = db.selectFrom('zones').select(['id', 'name_en as nameEn', 'name_hi as nameHi']).orderBy('name_en');
  if (zoneId !== undefined) q = q.where('id', '=', zoneId);
  return q.execute();
}

/** The wings in the department's own order. */
/** The zone with this ID, or undefined. */
export function findZone(db: Db, id: string): Promise<NamedPlace | undefined> {
  return db
    .selectFrom('zones')
    .select(['id', 'name_en as nameEn', 'name_hi as nameHi'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function listWings(db: Db): Promise<NamedPlace[]> {
  return db
    .selectFrom('wings')
    .select(['id', 'name_en as nameEn', 'name_hi as nameHi'])
    .orderBy('sort_order')
    .execute();
}

export interface DistrictSummary {
  id: string;
  nameEn: string;
  nameHi: string;
  zoneId: string;
  zoneEn: string;
  zoneHi: string;
  officeStatus: OfficeStatus;
  statusChangedAt: number;
  statusChangedBy: string | null;
}

function districtQuery(db: Db) {
  return db
    .selectFrom('districts as d')
    .innerJoin('zones as z', 'z.id', 'd.zone_id')
    .select([
      'd.id',
      'd.name_en as nameEn',
      'd.name_hi as nameHi',
      'z.id as zoneId',
      'z.name_en as zoneEn',
      'z.name_hi as zoneHi',
      'd.office_status as officeStatus',
      'd.status_changed_at as statusChangedAt',
      'd.status_changed_by as statusChangedBy',
    ]);
}

export interface DistrictFilter {
  readonly zoneId?: string;
  readonly districtId?: string;
  /** By zone and then name (the district pages), or by name alone (a filter's list). */
  readonly order?: 'zone' | 'name';
}

/** The districts the filter names, in the order it asks for. */
export function listDistricts(db: Db, filter: DistrictFilter = {}): Promise<DistrictSummary[]> {
  let q = districtQuery(db);
  q = filter.order === 'name' ? q.orderBy('d.name_en') : q.orderBy('z.name_en').orderBy('d.name_en');
  if (filter.zoneId !== undefined) q = q.where('z.id', '=', filter.zoneId);
  if (filter.districtId !== undefined) q = q.where('d.id', '=', filter.districtId);
  return q.execute();
}

export function findDistrict(db: Db, id: string): Promise<DistrictSummary | undefined> {
  return districtQuery(db).where('d.id', '=', id).executeTakeFirst();
}

/**
 * Sets a district office's status, conditional on the status read (so two HQ users cannot both apply one
 * change). False when the row no longer had `from`.
 */
export async function setOfficeStatus(
  trx: Transaction<Database>,
  change: { districtId: string; from: OfficeStatus; to: OfficeStatus; actor: string; now: number },
): Promise<boolean> {
  const res = await trx
    .updateTable('districts')
    .set({ office_status: change.to, status_changed_at: change.now, status_changed_by: change.actor })
    .where('id', '=', change.districtId)
    .where('office_status', '=', change.from)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export interface StatusHistoryRow {
  readonly id: number;
  readonly officeStatus: OfficeStatus;
  readonly orderNo: string;
  readonly orderDate: string;
  readonly reason: string;
  readonly changedBy: string;
  readonly changedAt: number;
}

export async function insertStatusHistory(
  trx: Transaction<Database>,
  districtId: string,
  row: Omit<StatusHistoryRow, 'id'>,
): Promise<void> {
  await trx
    .insertInto('district_status_history')
    .values({
      district_id: districtId,
      office_status: row.officeStatus,
      order_no: row.orderNo,
      order_date: row.orderDate,
      reason: row.reason,
      changed_by: row.changedBy,
      changed_at: row.changedAt,
    })
    .execute();
}

/** A district's recorded status changes, newest first. */
export function listStatusHistory(db: Db, districtId: string): Promise<StatusHistoryRow[]> {
  return db
    .selectFrom('district_status_history')
    .select([
      'id',
      'office_status as officeStatus',
      'order_no as orderNo',
      'order_date as orderDate',
      'reason',
      'changed_by as changedBy',
      'changed_at as changedAt',
    ])
    .where('district_id', '=', districtId)
    .orderBy('changed_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
