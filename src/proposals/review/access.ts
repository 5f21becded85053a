import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { staffOf, type Staff } from '../../policy/index.ts';
import type { Database } from '../../store/index.ts';
import { ProposalParams } from '../forms.ts';
import { findProposal, listProposalItems } from '../queries.ts';
import { BACK_TO_QUEUE } from '../replies.ts';
import type { Clock } from '../../clock.ts';
import { exampleDate } from './decide-rules.ts';
import { DECIDE_FAILURES, refusalFor, type ProposalRefusal } from './decide-service.ts';
import { renderReviewPage, type ReviewView } from './pages-review.ts';
import { listActivationContacts } from './repository.ts';

/** Every HQ review route needs `proposal.decide`. */
export const DECIDE = { config: { permission: 'proposal.decide' } } as const;

/** A refusal to review: no such proposal, not submitted, or the decider's own (separation of duties). */
export function reviewRefusal(reason: ProposalRefusal): AppError {
  return new AppError(DECIDE_FAILURES[reason], { back: BACK_TO_QUEUE });
}

/** What every HQ review route shares: loading a reviewable proposal and showing the review page. */
export function createReviewAccess(db: Kysely<Database>, clock: Clock) {
  /** The proposal in the path if HQ may review it now, with its officers; otherwise throws the refusal. */
  async function reviewable(request: FastifyRequest, staff: Staff) {
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
    if (!proposal || reason) throw reviewRefusal(reason ?? 'not_found');
    return { proposal, items: await listProposalItems(db, proposal.id) };
  }

  /** Where each officer's activation goes, by item ID. */
  async function contactsOf(proposalId: number) {
    const rows = await listActivationContacts(db, proposalId);
    return new Map(rows.map((r) => [r.itemId, r]));
  }

  /** The review page, freshly read, with a notice or errors (and the posted rows to fill in again). */
  async function showReview(
    request: FastifyRequest,
    reply: FastifyReply,
    extras: Pick<ReviewView, 'notice' | 'errors' | 'values' | 'selected' | 'bulkReason'>,
    status = 200,
  ) {
    const staff = staffOf(request);
    const data = await reviewable(request, staff);
    const contacts = await contactsOf(data.proposal.id);
    const example = exampleDate(clock.now());
    return reply.page(
      renderReviewPage(request, staff, { ...data, contacts, exampleDate: example, ...extras }),
      status,
    );
  }

  /** The start of every review form post: the decider and a proposal they may review now. */
  async function acceptPost(request: FastifyRequest) {
    const staff = staffOf(request);
    return { staff, data: await reviewable(request, staff) };
  }

  return { showReview, acceptPost };
}

export type ReviewAccess = ReturnType<typeof createReviewAccess>;
