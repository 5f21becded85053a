import { z } from 'zod';
import { listDirectory, listZones } from '../directory/index.ts';
import { staffOf } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import { type ConsoleFeature, routesPlugin } from '../web/index.ts';
import { renderDirectory } from './console-pages.ts';

const DirectoryQuery = z.object({ zone: z.string().max(50).optional() });

/** The console's home: the officers' directory, within the staff member's reach. */
export function directoryHome(deps: { readonly store: Store }): ConsoleFeature {
  const db = deps.store.db;
  return routesPlugin((app) => {
    app.get('/console', { config: { permission: 'directory.read' } }, async (request, reply) => {
      const staff = staffOf(request);
      const { zone } = DirectoryQuery.parse(request.query);
      const zones = await listZones(db);
      // A zonal head's zone comes from the account, never from the query string.
      const selectedZone = staff.scope === 'all' ? zone || undefined : (staff.zoneId ?? '__none__');
      let rows = await listDirectory(db, selectedZone);
      if (staff.scope === 'district') rows = rows.filter((r) => r.districtId === staff.districtId);
      return reply.page(
        renderDirectory(request, { rows, zones, selectedZone, canPickZone: staff.scope === 'all' }),
      );
    });
  });
}
