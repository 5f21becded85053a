import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Staff } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import { findAccountTarget, staffReaches, type AccountTarget } from './lifecycle-target.ts';

/** An account ID in a console path. */
export const IdParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

/**
 * The account named in the path, if the staff member's scope for the route's permission reaches it:
 * NOT_FOUND for an unknown account, FORBIDDEN (audited by the console scope) for one out of reach.
 */
export async function reachableAccount(
  deps: { readonly store: Store },
  staff: Staff,
  params: unknown,
): Promise<AccountTarget> {
  const id = IdParams.safeParse(params).data?.id;
  const target = id === undefined ? undefined : await findAccountTarget(deps.store.db, id);
  if (!target) throw new AppError('NOT_FOUND', { back: { href: '/console/accounts', label: 'accountsNav' } });
  if (!staffReaches(staff, target)) throw new AppError('FORBIDDEN');
  return target;
}
