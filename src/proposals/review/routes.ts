import type { ConsoleFeature } from '../../web/index.ts';
import { staffOf } from '../../policy/index.ts';
import { listProposals } from '../queries.ts';
import { createReviewAccess, DECIDE } from './access.ts';
import { bulkApprovalRoute } from './bulk-route.ts';
import type { DecideDeps } from './decide-apply.ts';
import { decisionRoute } from './decide-route.ts';
import { renderReviewQueue } from './pages-queue.ts';
import { tableRoute } from './table-route.ts';

/**
 * HQ review: the queue, and one proposal's table of officers, decided row by row or the ticked rows together
 * (`/decide`). The one-officer and "all eligible" posts stay for scripts and older pages.
 */
export function reviewRoutes(deps: DecideDeps): ConsoleFeature {
  const access = createReviewAccess(deps.store.db, deps.clock);

  return async (app) => {
    app.get('/console/review', DECIDE, async (request, reply) => {
      const proposals = await listProposals(deps.store.db, { status: 'submitted', order: 'oldest' });
      return reply.page(renderReviewQueue(request, staffOf(request), proposals));
    });

    app.get('/console/review/:id', DECIDE, async (request, reply) => access.showReview(request, reply, {}));

    await app.register(tableRoute(deps, access));
    await app.register(decisionRoute(deps, access));
    await app.register(bulkApprovalRoute(deps, access));
  };
}
