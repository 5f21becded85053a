import { statusOf } from '../../errors.ts';
import { type ConsoleFeature, routesPlugin } from '../../web/index.ts';
import { BACK_TO_QUEUE, formNotUnderstood } from '../replies.ts';
import type { DecideDeps } from './decide-apply.ts';
import { exampleDate, parseValidUntil, partitionForBulk } from './decide-rules.ts';
import { approveAllEligible } from './decide-service.ts';
import { failureError, type FieldError } from '../pages-common.ts';
import { renderBulkConfirm } from './pages-decide-confirm.ts';
import { BulkForm } from '../forms.ts';
import { DECIDE, reviewRefusal, type ReviewAccess } from './access.ts';
import { bulkNotice } from './outcome.ts';

/**
 * "Approve all eligible" (the form of earlier review pages, and scripts; the table's "approve selected" does
 * this now): the first post answers with a summary (counts and names); the second, with
 * `confirm=yes` and the listed items, approves exactly those still eligible.
 */
export function bulkApprovalRoute(deps: DecideDeps, access: ReviewAccess): ConsoleFeature {
  const { showReview } = access;

  return routesPlugin((app) => {
    app.post('/console/review/:id/approve-all', DECIDE, async (request, reply) => {
      const { staff, data } = await access.acceptPost(request);
      const form = BulkForm.safeParse(request.body ?? {});
      if (!form.success) throw formNotUnderstood(BACK_TO_QUEUE);
      const t = request.t;
      const validUntil = parseValidUntil(form.data.validUntil, deps.clock.now());
      if (!validUntil.ok) {
        const example = exampleDate(deps.clock.now());
        const errors: FieldError[] = [
          { text: t(`proposals.workflow.err_${validUntil.reason}`, { example }) },
        ];
        return showReview(request, reply, { errors }, statusOf('VALIDATION_FAILED'));
      }
      const parts = partitionForBulk(data.items);
      if (form.data.confirm !== 'yes') {
        if (parts.eligible.length === 0) {
          const none = 'PROPOSAL_NONE_ELIGIBLE';
          return showReview(request, reply, { errors: [failureError(t, none)] }, statusOf(none));
        }
        return reply.page(
          renderBulkConfirm(request, staff, {
            proposal: data.proposal,
            eligible: parts.eligible,
            needsException: parts.needsException.length,
            decided: parts.decided.length,
            validUntil: validUntil.text,
          }),
        );
      }
      if (form.data.item.length === 0) throw formNotUnderstood(BACK_TO_QUEUE);
      const result = await approveAllEligible(deps, {
        proposalId: data.proposal.id,
        itemIds: form.data.item,
        validUntil: validUntil.value,
        by: staff,
        ip: request.ip,
      });
      if (!result.ok) throw reviewRefusal(result.reason);
      return showReview(request, reply, { notice: bulkNotice(t, result) });
    });
  });
}
