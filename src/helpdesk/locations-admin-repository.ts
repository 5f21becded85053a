import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { SupportLocationTable } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A district office with its system integrator, when one is set. */
export interface LocationListRow {
  readonly districtId: string;
  readonly districtEn: string;
  readonly districtHi: string;
  readonly zoneEn: string;
  readonly zoneHi: string;
  readonly siName: string | null;
  readonly siPhone: string | null;
  readonly siEmail: string | null;
  readonly hoursEn: string | null;
  readonly hoursHi: string | null;
  readonly updatedAt: number | null;
  readonly updatedBy: string | null;
}

/** Every district office (zone, then district order) with its SI or nulls. */
export async function listLocations(db: Db): Promise<LocationListRow[]> {
  const rows = await db
    .selectFrom('districts as d')
    .innerJoin('zones as z', 'z.id', 'd.zone_id')
    .leftJoin('support_locations as s', 's.district_id', 'd.id')
    .select([
      'd.id as districtId',
      'd.name_en as districtEn',
      'd.name_hi as districtHi',
      'z.name_en as zoneEn',
      'z.name_hi as zoneHi',
      's.si_name as siName',
      's.si_phone as siPhone',
      's.si_email as siEmail',
      's.hours_en as hoursEn',
      's.hours_hi as hoursHi',
      's.updated_at as updatedAt',
      's.updated_by as updatedBy',
    ])
    .orderBy('z.name_en')
    .orderBy('d.name_en')
    .execute();
  return rows;
}

/** Inserts or replaces the district's SI. */
export async function upsertLocation(trx: Db, row: Insertable<SupportLocationTable>): Promise<void> {
  await trx
    .insertInto('support_locations')
    .values(row)
    .onConflict((oc) =>
      oc.column('district_id').doUpdateSet({
        si_name: row.si_name,
        si_phone: row.si_phone,
        si_email: row.si_email ?? null,
        hours_en: row.hours_en,
        hours_hi: row.hours_hi,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}

/** Removes the district's SI; false when there was none. */
export async function deleteLocation(trx: Db, districtId: string): Promise<boolean> {
  const res = await trx
    .deleteFrom('support_locations')
    .where('district_id', '=', districtId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
