import type { FastifyInstance } from 'fastify';
import type { StaffGuard } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { checkDecision, classifyReplay, parseValidUntil, type DecisionRequest } from './decide-rules.ts';
import { decideItem } from './decide-service.ts';
import { renderDecisionConfirm } from './pages-decide-confirm.ts';
import { DecisionForm, ItemParams } from './proposal-forms.ts';
import type { ReviewAccess } from './review-access.ts';
import { conflictError, decisionNotice, problemErrors } from './review-outcome.ts';

/**
 * One officer's decision: the first post is checked and answered with a confirm page; the second, with
 * `confirm=yes`, decides. A repeated decision reports "already…"; a contradicting one is refused.
 */
export function registerDecisionRoute(
  app: FastifyInstance,
  deps: Deps,
  guard: StaffGuard,
  access: ReviewAccess,
): void {
  const { replies, showReview } = access;

  app.post('/console/review/:id/items/:itemId', async (request, reply) => {
    const accepted = await access.acceptPost(request, reply, guard);
    if (!accepted) return reply;
    const { staff, data } = accepted;
    const params = ItemParams.safeParse(request.params);
    const item = params.success ? data.items.find((i) => i.itemId === params.data.itemId) : undefined;
    if (!item) return replies.notFound(request, reply, staff);
    const form = DecisionForm.safeParse(request.body ?? {});
    if (!form.success) return replies.badForm(request, reply, staff);
    const f = form.data;
    const t = request.t;
    const name = item.nameEn;
    const posted = { itemId: item.itemId, form: f };
    if (!f.decision) {
      const errors = [
        { field: `decision-${item.itemId}`, text: t('proposals.workflow.errChooseDecision', { name }) },
      ];
      return showReview(request, reply, staff, { errors, posted }, 400);
    }
    const replay = classifyReplay(item.decision, f.decision);
    if (replay === 'conflict' && item.decision !== 'pending') {
      const errors = [conflictError(t, item.itemId, name, item.decision)];
      return showReview(request, reply, staff, { errors }, 409);
    }
    if (replay === 'already_approved' || replay === 'already_rejected') {
      const key = replay === 'already_approved' ? 'alreadyApproved' : 'alreadyRejected';
      return showReview(request, reply, staff, { notice: [t(`proposals.workflow.${key}`, { name })] });
    }
    const validUntil =
      f.decision === 'approve'
        ? parseValidUntil(f.validUntil, deps.clock.now())
        : { ok: true as const, value: null };
    const decision: DecisionRequest = {
      decision: f.decision,
      reason: f.reason,
      exception: f.exception === 'yes',
      exceptionReason: f.exceptionReason,
      validUntil: validUntil.ok ? validUntil.value : null,
    };
    const problems = [
      ...checkDecision(decision, item.officeStatus),
      ...(validUntil.ok ? [] : [validUntil.reason]),
    ];
    if (problems.length > 0) {
      const errors = problemErrors(t, item.itemId, name, problems);
      return showReview(request, reply, staff, { errors, posted }, 400);
    }
    if (f.confirm !== 'yes') {
      const confirm = { proposal: data.proposal, item, ...decision, validUntil: f.validUntil };
      return reply.page(renderDecisionConfirm(request, staff, confirm));
    }

    const result = await decideItem(deps, {
      proposalId: data.proposal.id,
      itemId: item.itemId,
      request: decision,
      by: staff,
      ip: request.ip,
    });
    if (result.ok) return showReview(request, reply, staff, { notice: decisionNotice(t, result) });
    switch (result.reason) {
      case 'conflict':
        return showReview(
          request,
          reply,
          staff,
          { errors: [conflictError(t, item.itemId, name, result.current)] },
          409,
        );
      case 'invalid': {
        const errors = problemErrors(t, item.itemId, name, result.problems);
        return showReview(request, reply, staff, { errors, posted }, 400);
      }
      case 'not_found':
      case 'not_submitted':
      case 'own_proposal':
        return access.refuse(request, reply, staff, result.reason);
    }
  });
}
