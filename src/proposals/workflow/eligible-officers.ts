import { listDistricts, listWings, listZones, type OfficerRow } from '../../directory/index.ts';
import type { Db } from '../repository.ts';
import { listOfficerStanding } from './repository.ts';

/** An officer a zonal head may propose: in the zone, without an account, not on a pending proposal. */
export type EligibleOfficer = OfficerRow;

/** Most officers one proposal may carry (a zone's whole closed-office staff fits comfortably). */
export const MAX_PICKS = 1000;

export type Ineligibility = 'unknown' | 'other_zone' | 'has_account' | 'on_pending_proposal';

/** Why each of `officerIds` may not go on a new proposal for `zoneId`; officers that may are left out. */
export async function findIneligibleOfficers(
  db: Db,
  zoneId: string,
  officerIds: readonly number[],
): Promise<Map<number, Ineligibility>> {
  const standing = await listOfficerStanding(db, officerIds);
  const problems = new Map<number, Ineligibility>();
  for (const id of new Set(officerIds)) {
    const officer = standing.get(id);
    if (officer === undefined) problems.set(id, 'unknown');
    else if (officer.zoneId !== zoneId) problems.set(id, 'other_zone');
    else if (officer.hasAccount) problems.set(id, 'has_account');
    else if (officer.pending) problems.set(id, 'on_pending_proposal');
  }
  return problems;
}

/** Zones, and a zone's districts and the wings, for the picker's filters. */
export async function loadPickerChoices(db: Db, zoneId: string | undefined) {
  const zones = await listZones(db);
  const districts = zoneId ? await listDistricts(db, { zoneId, order: 'name' }) : [];
  const wings = await listWings(db);
  return { zones, districts, wings };
}

export type PickerChoices = Awaited<ReturnType<typeof loadPickerChoices>>;
