import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Staff, StaffGuard } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { partitionForBulk } from './decide-rules.ts';
import { refusalFor, type ProposalRefusal } from './decide-service.ts';
import { simplePage } from './pages-common.ts';
import { renderReviewPage, type ReviewView } from './pages-review.ts';
import { ProposalParams } from './proposal-forms.ts';
import { findProposal, listProposalItems } from './proposal-queries.ts';
import { createProposalReplies } from './proposal-replies.ts';

/** What every HQ review route shares: loading a reviewable proposal, refusing, and showing the review page. */
export function createReviewAccess(deps: Deps) {
  const db = deps.store.db;
  const replies = createProposalReplies({ href: '/console/review', label: 'backToQueue' });
  const back = (request: FastifyRequest) => ({
    href: '/console/review',
    label: request.t('proposals.workflow.backToQueue'),
  });

  /** Separation of duties: the creator of a proposal is refused, with a clear page, and it is audited. */
  async function refuseOwn(request: FastifyRequest, reply: FastifyReply, staff: Staff) {
    await deps.audit.append({
      type: 'console.access_denied',
      actor: staff.userId,
      ip: request.ip,
      target: request.url.slice(0, 200),
      detail: { permission: 'proposal.decide', reason: 'separation_of_duties' },
    });
    const t = request.t;
    return reply.page(
      simplePage(request, staff, {
        title: t('proposals.workflow.ownTitle'),
        body: [t('proposals.workflow.ownBody')],
        back: back(request),
      }),
      403,
    );
  }

  async function refuse(request: FastifyRequest, reply: FastifyReply, staff: Staff, reason: ProposalRefusal) {
    const t = request.t;
    switch (reason) {
      case 'not_found':
        return replies.notFound(request, reply, staff);
      case 'own_proposal':
        return refuseOwn(request, reply, staff);
      case 'not_submitted':
        return reply.page(
          simplePage(request, staff, {
            title: t('proposals.workflow.notSubmittedTitle'),
            body: [t('proposals.workflow.notSubmittedBody')],
            back: back(request),
          }),
          409,
        );
    }
  }

  /** The proposal in the path if HQ may review it now, with its officers; otherwise answers. */
  async function reviewable(request: FastifyRequest, reply: FastifyReply, staff: Staff) {
    const params = ProposalParams.safeParse(request.params);
    const proposal = params.success ? await findProposal(db, params.data.id) : undefined;
    const reason = refusalFor(
      proposal && {
        id: proposal.id,
        zoneId: proposal.zoneId,
        status: proposal.status,
        createdBy: proposal.createdById,
      },
      staff,
    );
    if (!proposal || reason) {
      await refuse(request, reply, staff, reason ?? 'not_found');
      return undefined;
    }
    return { proposal, items: await listProposalItems(db, proposal.id) };
  }

  /** The review page, freshly read, with a notice or errors (and the posted values to fill in again). */
  async function showReview(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Staff,
    extras: Pick<ReviewView, 'notice' | 'errors' | 'posted'>,
    status = 200,
  ) {
    const data = await reviewable(request, reply, staff);
    if (!data) return reply;
    const bulkEligible = partitionForBulk(data.items).eligible.length;
    return reply.page(renderReviewPage(request, staff, { ...data, bulkEligible, ...extras }), status);
  }

  /**
   * The shared start of every review form post: an HQ decider, a valid form token, and a proposal they may
   * review now. Answers itself and returns undefined when any of these fails.
   */
  async function acceptPost(request: FastifyRequest, reply: FastifyReply, guard: StaffGuard) {
    const staff = await guard.require(request, reply, 'proposal.decide');
    if (!staff) return undefined;
    if (!guard.validPost(request, staff)) {
      await replies.csrfRefused(request, reply, staff);
      return undefined;
    }
    const data = await reviewable(request, reply, staff);
    return data ? { staff, data } : undefined;
  }

  return { replies, refuse, reviewable, showReview, acceptPost };
}

export type ReviewAccess = ReturnType<typeof createReviewAccess>;
