import { AppError } from '../errors.ts';
import type { Staff } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import { findCircular, reachedStaff, type CircularRow } from './repository.ts';

/**
 * The circular a staff member may read: any for a state-wide reach; otherwise only one issued (or
 * withdrawn) that reached someone in their zone, or them. 404 otherwise, so numbers do not leak.
 */
export async function readableCircular(
  deps: { readonly store: Store },
  staff: Staff,
  id: number,
): Promise<CircularRow> {
  const c = await findCircular(deps.store.db, id);
  if (!c) throw new AppError('CIRCULAR_NOT_FOUND');
  if (staff.scope === 'all') return c;
  if (c.status === 'draft' || !(await reachedStaff(deps.store.db, id, staff)))
    throw new AppError('CIRCULAR_NOT_FOUND');
  return c;
}

/** Recipients limited to the reader's zone or district when their reach is. */
export function recipientScope(staff: Staff): { zoneId?: string; districtId?: string } {
  if (staff.scope === 'zone') return { zoneId: staff.zoneId ?? '__none__' };
  if (staff.scope === 'district') return { districtId: staff.districtId ?? '__none__' };
  return {};
}
