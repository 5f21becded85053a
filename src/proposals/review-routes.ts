import type { FastifyInstance } from 'fastify';
import { createStaffGuard } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { renderReviewQueue } from './pages-queue.ts';
import { listProposals } from './proposal-queries.ts';
import { createReviewAccess } from './review-access.ts';
import { registerBulkApprovalRoute } from './review-bulk-route.ts';
import { registerDecisionRoute } from './review-decide-route.ts';

/** HQ review: the queue, one proposal's officers, one decision at a time or all eligible at once. */
export function registerReviewRoutes(app: FastifyInstance, deps: Deps): void {
  const guard = createStaffGuard(deps);
  const access = createReviewAccess(deps);

  app.get('/console/review', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.decide');
    if (!staff) return reply;
    const proposals = await listProposals(deps.store.db, { status: 'submitted', order: 'oldest' });
    return reply.page(renderReviewQueue(request, staff, proposals));
  });

  app.get('/console/review/:id', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.decide');
    if (!staff) return reply;
    return access.showReview(request, reply, staff, {});
  });

  registerDecisionRoute(app, deps, guard, access);
  registerBulkApprovalRoute(app, deps, guard, access);
}
