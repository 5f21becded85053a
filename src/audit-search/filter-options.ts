import type { Kysely } from 'kysely';
import { listDistricts, listZones, type NamedPlace } from '../directory/index.ts';
import type { Staff } from '../policy/index.ts';
import type { Database } from '../store/index.ts';

/**
 * The zones and districts a reader may pick: everything state-wide; their zone and its districts; or their
 * district and its zone.
 */
export async function loadFilterOptions(
  db: Kysely<Database>,
  staff: Staff,
): Promise<{ zones: NamedPlace[]; districts: NamedPlace[] }> {
  const place = (d: NamedPlace) => ({ id: d.id, nameEn: d.nameEn, nameHi: d.nameHi });
  switch (staff.scope) {
    case 'all':
      return {
        zones: await listZones(db),
        districts: (await listDistricts(db, { order: 'name' })).map(place),
      };
    case 'zone': {
      const zoneId = staff.zoneId ?? '__none__';
      const districts = await listDistricts(db, { zoneId, order: 'name' });
      return { zones: await listZones(db, zoneId), districts: districts.map(place) };
    }
    case 'district': {
      const districts = await listDistricts(db, { districtId: staff.districtId ?? '__none__' });
      const zoneId = districts[0]?.zoneId;
      return { zones: zoneId ? await listZones(db, zoneId) : [], districts: districts.map(place) };
    }
  }
}
