import { statusOf } from '../../errors.ts';
import { type ConsoleFeature, routesPlugin } from '../../web/index.ts';
import { localName, type FieldError } from '../pages-common.ts';
import { BACK_TO_QUEUE, formNotUnderstood } from '../replies.ts';
import { DECIDE, reviewRefusal, type ReviewAccess } from './access.ts';
import type { DecideDeps } from './decide-apply.ts';
import { decideMany } from './decide-many.ts';
import { exampleDate } from './decide-rules.ts';
import { DECIDE_FAILURES } from './decide-service.ts';
import { conflictError, formProblemErrors, manyNotice, problemErrors } from './outcome.ts';
import { renderPlanConfirm } from './pages-plan-confirm.ts';
import { parseTableForm } from './table-form.ts';
import { planDecisions } from './table-rules.ts';

/**
 * The review table's one form: the rows' own decisions, or the ticked rows approved or rejected together.
 * The first post is checked (every row's problem beside its field, nothing recorded) and answered with the
 * confirm step; the confirm step posts the checked decisions again with `confirm=yes`, and they are checked
 * once more and recorded together, or not at all.
 */
export function tableRoute(deps: DecideDeps, access: ReviewAccess): ConsoleFeature {
  const { showReview } = access;
  const invalid = statusOf(DECIDE_FAILURES.invalid);
  const conflict = statusOf(DECIDE_FAILURES.conflict);

  return routesPlugin((app) => {
    app.post('/console/review/:id/decide', DECIDE, async (request, reply) => {
      const { staff, data } = await access.acceptPost(request);
      const form = parseTableForm(
        request.body ?? {},
        data.items.map((i) => i.itemId),
      );
      if (!form) throw formNotUnderstood(BACK_TO_QUEUE);
      const t = request.t;
      const shown = { values: form.rows, selected: form.selected, bulkReason: form.bulkReason };
      if (form.action === 'edit') return showReview(request, reply, shown);

      const now = deps.clock.now();
      const plan = planDecisions(form, data.items, now);
      const nameOf = (o: { nameEn: string; nameHi: string }) => localName(request, o.nameEn, o.nameHi);
      const itemName = (itemId: number) => {
        const item = data.items.find((i) => i.itemId === itemId);
        return item ? nameOf(item) : '';
      };
      if (!plan.ok) {
        const example = exampleDate(now);
        const errors: FieldError[] = [
          ...formProblemErrors(t, plan.form),
          ...plan.rows.flatMap((r) => problemErrors(t, r.itemId, itemName(r.itemId), [r.problem], example)),
        ];
        return showReview(request, reply, { ...shown, errors }, invalid);
      }
      if (!form.confirm) {
        return reply.page(
          renderPlanConfirm(request, staff, {
            proposal: data.proposal,
            items: data.items,
            decisions: plan.decisions,
          }),
        );
      }

      const result = await decideMany(deps, {
        proposalId: data.proposal.id,
        decisions: plan.decisions,
        by: staff,
        ip: request.ip,
      });
      if (result.ok) return showReview(request, reply, { notice: manyNotice(t, result, nameOf) });
      switch (result.reason) {
        case 'conflict': {
          const errors = result.conflicts.map((c) =>
            conflictError(t, c.officer.itemId, nameOf(c.officer), c.current),
          );
          return showReview(request, reply, { errors }, conflict);
        }
        case 'invalid': {
          const errors = result.invalid.flatMap((i) =>
            problemErrors(t, i.officer.itemId, nameOf(i.officer), i.problems),
          );
          return showReview(request, reply, { ...shown, errors }, invalid);
        }
        case 'not_found':
        case 'not_submitted':
        case 'own_proposal':
          throw reviewRefusal(result.reason);
      }
    });
  });
}
