import { OFFICER_COLUMNS, type OfficerRow } from '../../directory/index.ts';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** An officer a zonal head may propose: in the zone, without an account, not on a pending proposal. */
export type EligibleOfficer = OfficerRow;

export interface PickFilter {
  readonly zoneId: string;
  readonly districtId?: string | undefined;
  readonly wingId?: string | undefined;
}

/** Most officers one proposal may carry (a zone's whole closed-office staff fits comfortably). */
export const MAX_PICKS = 1000;

function officersInZone(db: Db, zoneId: string) {
  return db
    .selectFrom('officers as o')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .where('d.zone_id', '=', zoneId);
}

/** The zone's officers who can still be proposed, by district, wing and name. */
export function listEligibleOfficers(db: Db, filter: PickFilter): Promise<EligibleOfficer[]> {
  let q = officersInZone(db, filter.zoneId)
    .innerJoin('ranks as r', 'r.id', 'o.rank_id')
    .innerJoin('wings as w', 'w.id', 'o.wing_id')
    .select([...OFFICER_COLUMNS])
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('accounts as a').select('a.id').whereRef('a.officer_id', '=', 'o.id'))),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('proposal_items as pi')
            .select('pi.id')
            .whereRef('pi.officer_id', '=', 'o.id')
            .where('pi.decision', '=', 'pending'),
        ),
      ),
    )
    .orderBy('d.name_en')
    .orderBy('w.sort_order')
    .orderBy('o.name_en');
  if (filter.districtId) q = q.where('d.id', '=', filter.districtId);
  if (filter.wingId) q = q.where('o.wing_id', '=', filter.wingId);
  return q.execute();
}

export type Ineligibility = 'unknown' | 'other_zone' | 'has_account' | 'on_pending_proposal';

/** Why each of `officerIds` may not go on a new proposal for `zoneId`; officers that may are left out. */
export async function findIneligibleOfficers(
  db: Db,
  zoneId: string,
  officerIds: readonly number[],
): Promise<Map<number, Ineligibility>> {
  const problems = new Map<number, Ineligibility>();
  if (officerIds.length === 0) return problems;
  const ids = [...new Set(officerIds)];
  const rows = await db
    .selectFrom('officers as o')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .select(['o.id', 'd.zone_id as zoneId'])
    .where('o.id', 'in', ids)
    .execute();
  const zones = new Map(rows.map((r) => [r.id, r.zoneId]));
  const withAccount = new Set(
    (await db.selectFrom('accounts').select('officer_id').where('officer_id', 'in', ids).execute()).map(
      (r) => r.officer_id,
    ),
  );
  const pending = new Set(
    (
      await db
        .selectFrom('proposal_items')
        .select('officer_id')
        .where('officer_id', 'in', ids)
        .where('decision', '=', 'pending')
        .execute()
    ).map((r) => r.officer_id),
  );
  for (const id of ids) {
    const zone = zones.get(id);
    if (zone === undefined) problems.set(id, 'unknown');
    else if (zone !== zoneId) problems.set(id, 'other_zone');
    else if (withAccount.has(id)) problems.set(id, 'has_account');
    else if (pending.has(id)) problems.set(id, 'on_pending_proposal');
  }
  return problems;
}

/** Zones, and a zone's districts and the wings, for the picker's filters. */
export async function loadPickerChoices(db: Db, zoneId: string | undefined) {
  const zones = await db
    .selectFrom('zones')
    .select(['id', 'name_en as nameEn', 'name_hi as nameHi'])
    .orderBy('name_en')
    .execute();
  const districts = zoneId
    ? await db
        .selectFrom('districts')
        .select(['id', 'name_en as nameEn', 'name_hi as nameHi'])
        .where('zone_id', '=', zoneId)
        .orderBy('name_en')
        .execute()
    : [];
  const wings = await db
    .selectFrom('wings')
    .select(['id', 'name_en as nameEn', 'name_hi as nameHi'])
    .orderBy('sort_order')
    .execute();
  return { zones, districts, wings };
}

export type PickerChoices = Awaited<ReturnType<typeof loadPickerChoices>>;

/** "Name (employee no.)" for each known officer ID, to name them in messages. */
export async function findOfficerLabels(db: Db, officerIds: readonly number[]): Promise<Map<number, string>> {
  if (officerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('officers')
    .select(['id', 'name_en', 'employee_no'])
    .where('id', 'in', [...officerIds])
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.name_en} (${r.employee_no})`]));
}
