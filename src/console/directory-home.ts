import { z } from 'zod';
import { listDirectory } from '../directory/repository.ts';
import { staffOf } from '../policy/index.ts';
import type { Store } from '../store/store.ts';
import type { ConsoleFeature } from '../web/console-feature.ts';
import { renderDirectory } from './console-pages.ts';
import { routesPlugin } from '../web/routes-plugin.ts';

const DirectoryQuery = z.object({ zone: z.string().max(50).optional() });

/** The console's home: the officers' directory, within the staff member's reach. */
export function directoryHome(deps: { readonly store: Store }): ConsoleFeature {
  const db = deps.store.db;
  return routesPlugin((app) => {
    app.get('/console', { config: { permission: 'directory.read' } }, async (request, reply) => {
      const staff = staffOf(request);
      const { zone } = DirectoryQuery.parse(request.query);
      const zones = await db
        .selectFrom('zones')
        .select(['id', 'name_en as nameEn', 'name_hi as nameHi'])
        .orderBy('name_en')
        .execute();
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
