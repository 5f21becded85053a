import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createStaffGuard } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { IdParams, createTargetLoader } from './lifecycle-access.ts';
import { loadAccountHistory } from './lifecycle-history.ts';
import { isAccountAction } from './lifecycle-rules.ts';
import { registerLifecycleRoutes } from './lifecycle-routes.ts';
import { AccountFilters, listAccounts, loadFilterOptions } from './list-query.ts';
import { allowedActions } from './pages-common.ts';
import { renderAccountDetail } from './pages-detail.ts';
import { renderAccountList } from './pages-list.ts';

const DetailQuery = z.object({ done: z.string().max(20).optional() });

/** Every value of a GET query as a string, for echoing back into the filter form. */
function queryStrings(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [key, value] of Object.entries(query)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** The accounts console: a scoped list, one page per account, and lifecycle actions with a confirm step. */
export function registerAccountRoutes(app: FastifyInstance, deps: Deps): void {
  const guard = createStaffGuard(deps);
  const db = deps.store.db;

  const reachableTarget = createTargetLoader(deps, guard);

  app.get('/console/accounts', async (request, reply) => {
    const staff = await guard.require(request, reply, 'account.read');
    if (!staff) return reply;
    const raw = queryStrings(request.query);
    const options = await loadFilterOptions(db, staff);
    const parsed = AccountFilters.safeParse(raw);
    if (!parsed.success) {
      const view = { staff, raw, options, filters: undefined, result: undefined };
      return reply.page(
        renderAccountList(request, { ...view, error: request.t('accounts.errFilters') }),
        400,
      );
    }
    const result = await listAccounts(db, staff, parsed.data);
    return reply.page(renderAccountList(request, { staff, raw, options, filters: parsed.data, result }));
  });

  app.get('/console/accounts/:id', async (request, reply) => {
    const staff = await guard.require(request, reply, 'account.read');
    if (!staff) return reply;
    const target = await reachableTarget(
      request,
      reply,
      staff,
      IdParams.safeParse(request.params).data?.id,
      'account.read',
    );
    if (!target) return reply;
    const done = DetailQuery.safeParse(request.query).data?.done;
    const history = await loadAccountHistory(db, target.id, deps.clock.now());
    return reply.page(
      renderAccountDetail(request, {
        staff,
        target,
        history,
        actions: allowedActions(staff, target),
        done: isAccountAction(done) ? done : undefined,
      }),
    );
  });

  registerLifecycleRoutes(app, deps, guard, reachableTarget);
}
