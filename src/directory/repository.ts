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

/** The zone of that district, from `zones z`. */
export const ZONE_COLUMNS = ['z.id as zoneId', 'z.name_en as zoneEn', 'z.name_hi as zoneHi'] as const;

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

/** An officer's row with the zone of their district. */
export interface OfficerPlacement extends OfficerRow {
  zoneId: string;
  zoneEn: string;
  zoneHi: string;
}

/** An officer with the names of their rank, wing, district and zone. */
export async function findOfficerPlacement(db: Db, officerId: number): Promise<OfficerPlacement | undefined> {
  const row = await db
    .selectFrom('officers as o')
    .innerJoin('ranks as r', 'r.id', 'o.rank_id')
    .innerJoin('wings as w', 'w.id', 'o.wing_id')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .innerJoin('zones as z', 'z.id', 'd.zone_id')
    .select([...OFFICER_COLUMNS, ...ZONE_COLUMNS])
    .where('o.id', '=', officerId)
    .executeTakeFirst();
  return row;
}

export interface DirectoryRow extends OfficerPlacement {
  userId: string | null;
  accountStatus: string | null;
}

/** Officers for the console's directory, optionally limited to one zone, in zone → district → wing order. */
export async function listDirectory(db: Db, zoneId?: string): Promise<DirectoryRow[]> {
  let q = db
    .selectFrom('officers as o')
    .innerJoin('ranks as r', 'r.id', 'o.rank_id')
    .innerJoin('wings as w', 'w.id', 'o.wing_id')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .innerJoin('zones as z', 'z.id', 'd.zone_id')
    .leftJoin('accounts as a', 'a.officer_id', 'o.id')
    .select([...OFFICER_COLUMNS, ...ZONE_COLUMNS, 'a.user_id as userId', 'a.status as accountStatus'])
    .orderBy('z.name_en')
    .orderBy('d.name_en')
    .orderBy('w.sort_order')
    .orderBy('o.name_en');
  if (zoneId) q = q.where('z.id', '=', zoneId);
  return q.execute();
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

export function listDistricts(db: Db, zoneId?: string): Promise<DistrictSummary[]> {
  let q = districtQuery(db).orderBy('z.name_en').orderBy('d.name_en');
  if (zoneId) q = q.where('z.id', '=', zoneId);
  return q.execute();
}

export function findDistrict(db: Db, id: string): Promise<DistrictSummary | undefined> {
  return districtQuery(db).where('d.id', '=', id).executeTakeFirst();
}
