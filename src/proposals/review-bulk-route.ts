import type { FastifyInstance } from 'fastify';
import type { StaffGuard } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { parseValidUntil, partitionForBulk } from './decide-rules.ts';
import { approveAllEligible } from './decide-service.ts';
import type { FieldError } from './pages-common.ts';
import { renderBulkConfirm } from './pages-decide-confirm.ts';
import { BulkForm } from './proposal-forms.ts';
import type { ReviewAccess } from './review-access.ts';
import { bulkNotice } from './review-outcome.ts';

/**
 * "Approve all eligible": the first post answers with a summary (counts and names); the second, with
 * `confirm=yes` and the listed items, approves exactly those still eligible.
 */
export function registerBulkApprovalRoute(
  app: FastifyInstance,
  deps: Deps,
  guard: StaffGuard,
  access: ReviewAccess,
): void {
  const { replies, showReview } = access;

  app.post('/console/review/:id/approve-all', async (request, reply) => {
    const accepted = await access.acceptPost(request, reply, guard);
    if (!accepted) return reply;
    const { staff, data } = accepted;
    const form = BulkForm.safeParse(request.body ?? {});
    if (!form.success) return replies.badForm(request, reply, staff);
    const t = request.t;
    const validUntil = parseValidUntil(form.data.validUntil, deps.clock.now());
    if (!validUntil.ok) {
      const errors: FieldError[] = [
        { field: 'bulk-validUntil', text: t(`proposals.workflow.err_${validUntil.reason}`) },
      ];
      return showReview(request, reply, staff, { errors }, 400);
    }
    const parts = partitionForBulk(data.items);
    if (form.data.confirm !== 'yes') {
      if (parts.eligible.length === 0)
        return showReview(
          request,
          reply,
          staff,
          { errors: [{ text: t('proposals.workflow.bulkNone') }] },
          409,
        );
      return reply.page(
        renderBulkConfirm(request, staff, {
          proposal: data.proposal,
          eligible: parts.eligible,
          needsException: parts.needsException.length,
          decided: parts.decided.length,
          validUntil: form.data.validUntil,
        }),
      );
    }
    if (form.data.item.length === 0) return replies.badForm(request, reply, staff);
    const result = await approveAllEligible(deps, {
      proposalId: data.proposal.id,
      itemIds: form.data.item,
      validUntil: validUntil.value,
      by: staff,
      ip: request.ip,
    });
    if (!result.ok) return access.refuse(request, reply, staff, result.reason);
    return showReview(request, reply, staff, { notice: bulkNotice(t, result) });
  });
}
