import { statusOf } from '../../errors.ts';
import { type ConsoleFeature, routesPlugin } from '../../web/index.ts';
import { BACK_TO_QUEUE, formNotUnderstood, proposalNotFound } from '../replies.ts';
import type { DecideDeps } from './decide-apply.ts';
import {
  checkDecision,
  classifyReplay,
  exampleDate,
  parseValidUntil,
  type DecisionRequest,
} from './decide-rules.ts';
import { DECIDE_FAILURES, decideItem } from './decide-service.ts';
import { renderDecisionConfirm } from './pages-decide-confirm.ts';
import { DecisionForm, ItemParams, type DecisionFormValues } from '../forms.ts';
import type { RowValues } from './table-form.ts';
import { localName } from '../pages-common.ts';
import { DECIDE, reviewRefusal, type ReviewAccess } from './access.ts';
import { conflictError, decisionNotice, problemErrors } from './outcome.ts';

/** The one officer's posted fields as their row of the review table shows them again. */
function rowOf(f: DecisionFormValues): RowValues {
  const choice = f.decision === 'approve' && f.exception === 'yes' ? 'exception' : f.decision;
  return { choice, reason: f.reason, exceptionReason: f.exceptionReason, validUntil: f.validUntil };
}

/**
 * One officer's decision (the form of earlier review pages, and scripts): the first post is checked and answered with a confirm page; the second, with
 * `confirm=yes`, decides. A repeated decision reports "already…"; a contradicting one is refused.
 */
export function decisionRoute(deps: DecideDeps, access: ReviewAccess): ConsoleFeature {
  const { showReview } = access;
  const invalid = statusOf(DECIDE_FAILURES.invalid);
  const conflict = statusOf(DECIDE_FAILURES.conflict);

  return routesPlugin((app) => {
    app.post('/console/review/:id/items/:itemId', DECIDE, async (request, reply) => {
      const { staff, data } = await access.acceptPost(request);
      const params = ItemParams.safeParse(request.params);
      const item = params.success ? data.items.find((i) => i.itemId === params.data.itemId) : undefined;
      if (!item) throw proposalNotFound(BACK_TO_QUEUE);
      const form = DecisionForm.safeParse(request.body ?? {});
      if (!form.success) throw formNotUnderstood(BACK_TO_QUEUE);
      const f = form.data;
      const t = request.t;
      const name = localName(request, item.nameEn, item.nameHi);
      const posted = { values: new Map([[item.itemId, rowOf(f)]]) };
      if (!f.decision) {
        const errors = [
          { field: `decision-${item.itemId}`, text: t('proposals.workflow.errChooseDecision', { name }) },
        ];
        return showReview(request, reply, { errors, ...posted }, invalid);
      }
      const replay = classifyReplay(item.decision, f.decision);
      if (replay === 'conflict' && item.decision !== 'pending') {
        const errors = [conflictError(t, item.itemId, name, item.decision)];
        return showReview(request, reply, { errors }, conflict);
      }
      if (replay === 'already_approved' || replay === 'already_rejected') {
        const key = replay === 'already_approved' ? 'alreadyApproved' : 'alreadyRejected';
        return showReview(request, reply, { notice: [t(`proposals.workflow.${key}`, { name })] });
      }
      const now = deps.clock.now();
      const validUntil =
        f.decision === 'approve'
          ? parseValidUntil(f.validUntil, now)
          : { ok: true as const, value: null, text: '' };
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
        const errors = problemErrors(t, item.itemId, name, problems, exampleDate(now));
        return showReview(request, reply, { errors, ...posted }, invalid);
      }
      if (f.confirm !== 'yes') {
        const until = validUntil.ok ? validUntil.text : '';
        const confirm = { proposal: data.proposal, item, ...decision, validUntil: until };
        return reply.page(renderDecisionConfirm(request, staff, confirm));
      }

      const result = await decideItem(deps, {
        proposalId: data.proposal.id,
        itemId: item.itemId,
        request: decision,
        by: staff,
        ip: request.ip,
      });
      if (result.ok) return showReview(request, reply, { notice: decisionNotice(t, result) });
      switch (result.reason) {
        case 'conflict':
          return showReview(
            request,
            reply,
            { errors: [conflictError(t, item.itemId, name, result.current)] },
            conflict,
          );
        case 'invalid': {
          const errors = problemErrors(t, item.itemId, name, result.problems);
          return showReview(request, reply, { errors, ...posted }, invalid);
        }
        case 'not_found':
        case 'not_submitted':
        case 'own_proposal':
          throw reviewRefusal(result.reason);
      }
    });
  });
}
