import { listDistricts, listWings, listZones } from '../../directory/index.ts';
import type { Lang } from '../../i18n/index.ts';
import type { Staff } from '../../policy/index.ts';
import type { Db } from '../repository.ts';
import { ELIGIBLE_WINGS } from './csv-format.ts';
import type { Named } from './lookups.ts';
import { findExampleDistrict, listRanks } from './repository.ts';
import type { PlaceNames } from './tables.ts';
import { ALL_ZONES } from './validate.ts';

export interface UploadChoices {
  /** Every zone, for HQ's choice. */
  readonly zones: readonly Named[];
  readonly ranks: readonly Named[];
  /** The eligible wings. */
  readonly wings: readonly Named[];
  /** The districts of `zoneId` (none for a state-wide import). */
  readonly districts: readonly Named[];
}

/** What the upload page offers and explains. */
export async function loadUploadChoices(db: Db, zoneId: string | null): Promise<UploadChoices> {
  const [zones, ranks, wings, districts] = await Promise.all([
    listZones(db),
    listRanks(db),
    listWings(db),
    zoneId && zoneId !== ALL_ZONES ? listDistricts(db, { zoneId, order: 'name' }) : Promise.resolve([]),
  ]);
  return { zones, ranks, wings: wings.filter((w) => ELIGIBLE_WINGS.has(w.id)), districts };
}

/** A district to put in the template's example row: one of the zone's, else any. */
export async function exampleDistrict(db: Db, zoneId: string | null): Promise<{ id: string }> {
  return (await findExampleDistrict(db, zoneId)) ?? { id: 'lucknow' };
}

export type ZoneChoice =
  | { readonly kind: 'ok'; readonly zoneId: string }
  /** HQ did not pick a zone that exists. */
  | { readonly kind: 'missing' }
  /** The staff member has no zone to import for. */
  | { readonly kind: 'denied' };

/**
 * The zone an import is for. HQ picks one (or `all`); a zonal head's comes from their account, never the
 * form. `mismatch` tells the caller a zonal head posted another zone, which it audits.
 */
export function chooseZone(
  staff: Pick<Staff, 'scope' | 'zoneId'>,
  posted: string | undefined,
  zones: readonly Named[],
): ZoneChoice & { mismatch: boolean } {
  if (staff.scope === 'all') {
    const ok = posted === ALL_ZONES || zones.some((z) => z.id === posted);
    return ok && posted
      ? { kind: 'ok', zoneId: posted, mismatch: false }
      : { kind: 'missing', mismatch: false };
  }
  if (staff.scope !== 'zone' || !staff.zoneId) return { kind: 'denied', mismatch: false };
  const mismatch = posted !== undefined && posted !== '' && posted !== staff.zoneId;
  return { kind: 'ok', zoneId: staff.zoneId, mismatch };
}

/** The zone's name for the page, or "All zones". */
export function zoneLabel(lang: Lang, zones: readonly Named[], zoneId: string, all: string): string {
  if (zoneId === ALL_ZONES) return all;
  const zone = zones.find((z) => z.id === zoneId);
  return zone ? (lang === 'hi' ? zone.nameHi : zone.nameEn) : zoneId;
}

/** Every zone, district, rank and wing by ID, for the preview's table of valid rows. */
export async function loadPlaceNames(db: Db): Promise<PlaceNames> {
  const [zones, districts, ranks, wings] = await Promise.all([
    listZones(db),
    listDistricts(db),
    listRanks(db),
    listWings(db),
  ]);
  const byId = (list: readonly Named[]) => new Map(list.map((n) => [n.id, n]));
  return { zones: byId(zones), districts: byId(districts), ranks: byId(ranks), wings: byId(wings) };
}
