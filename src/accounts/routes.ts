import { z } from 'zod';
import { statusOf } from '../errors.ts';
import { staffOf } from '../policy/index.ts';
import { type ConsoleFeature, queryStrings } from '../web/index.ts';
import { reachableAccount } from './account-access.ts';
import { loadAccountHistory } from './history-queries.ts';
import { isAccountAction } from './lifecycle-rules.ts';
import { lifecycleRoutes } from './lifecycle-routes.ts';
import type { LifecycleDeps } from './lifecycle-service.ts';
import { AccountFilters, listAccounts, loadFilterOptions, SEARCH_MAX } from './list-query.ts';
import { allowedActions } from './pages-common.ts';
import { renderAccountDetail } from './pages-detail.ts';
import { renderAccountList } from './pages-list.ts';
import { sessionAdminRoutes } from './sessions-routes.ts';
import { loadLiveSessionsSection } from './sessions-section.ts';

/** The accounts console reads through the store and acts through the lifecycle service. */
export type AccountRouteDeps = LifecycleDeps;

const DetailQuery = z.object({ done: z.string().max(20).optional() });

/** The accounts console: a scoped list, one page per account, and lifecycle actions with a confirm step. */
export function accountRoutes(deps: AccountRouteDeps): ConsoleFeature {
  const db = deps.store.db;
  const read = { config: { permission: 'account.read' } } as const;

  return async (app) => {
    app.get('/console/accounts', read, async (request, reply) => {
      const staff = staffOf(request);
      const raw = queryStrings(request.query);
      const options = await loadFilterOptions(db, staff);
      const parsed = AccountFilters.safeParse(raw);
      if (!parsed.success) {
        const view = { staff, raw, options, filters: undefined, result: undefined };
        const search = parsed.error.issues.some((i) => i.path[0] === 'q');
        const error = request.t(search ? 'accounts.errSearch' : 'accounts.errFilters', { max: SEARCH_MAX });
        return reply.page(renderAccountList(request, { ...view, error }), statusOf('VALIDATION_FAILED'));
      }
      const result = await listAccounts(db, staff, parsed.data);
      return reply.page(renderAccountList(request, { staff, raw, options, filters: parsed.data, result }));
    });

    app.get('/console/accounts/:id', read, async (request, reply) => {
      const staff = staffOf(request);
      const target = await reachableAccount(deps, staff, request.params);
      const done = DetailQuery.safeParse(request.query).data?.done;
      const history = await loadAccountHistory(db, target.id, deps.clock.now());
      return reply.page(
        renderAccountDetail(request, {
          staff,
          target,
          history,
          actions: allowedActions(staff, target),
          done: isAccountAction(done) ? done : undefined,
          live: await loadLiveSessionsSection(deps, request, staff, target),
        }),
      );
    });

    await app.register(lifecycleRoutes(deps));
    await app.register(sessionAdminRoutes(deps));
  };
}
