import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Permission } from '../console/permissions.ts';
import type { Staff, StaffGuard } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { findAccountTarget, staffReaches, type AccountTarget } from './lifecycle-target.ts';

/** An account ID in a console path. */
export const IdParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

export type TargetLoader = ReturnType<typeof createTargetLoader>;

/**
 * Loads the account named in a path if the staff member's scope for `permission` reaches it; otherwise
 * answers itself (404 for an unknown account, 403 audited for one out of reach) and returns undefined.
 */
export function createTargetLoader(deps: Pick<Deps, 'store'>, guard: StaffGuard) {
  return async function reachableTarget(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Staff,
    id: number | undefined,
    permission: Permission,
  ): Promise<AccountTarget | undefined> {
    const target = id === undefined ? undefined : await findAccountTarget(deps.store.db, id);
    if (!target) {
      reply.callNotFound();
      return undefined;
    }
    if (!staffReaches(staff, target)) {
      await guard.deny(request, reply, staff.userId, permission);
      return undefined;
    }
    return target;
  };
}
