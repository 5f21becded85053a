import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, statusOf, type ErrorCode } from '../../errors.ts';
import { staffOf, type Staff } from '../../policy/index.ts';
import { type ConsoleFeature, routesPlugin } from '../../web/index.ts';
import { ConfirmForm, CreateForm, PickQuery, ProposalParams, RemoveForm } from '../forms.ts';
import { failureError, type FieldError } from '../pages-common.ts';
import { BACK_TO_LIST, formNotUnderstood, proposalNotFound } from '../replies.ts';
import { MAX_PICKS } from './eligible-officers.ts';
import { renderProposalDetail, type DetailView } from './pages-detail.ts';
import { renderProposalList } from './pages-list.ts';
import { renderSubmitConfirm } from './pages-submit.ts';
import { listOfficerLabels } from './repository.ts';
import {
  createProposalFromPicks,
  removeDraftItems,
  submitProposal,
  WORKFLOW_FAILURES,
  type CreateResult,
  type WorkflowDeps,
  type WorkflowRefusal,
} from './service.ts';
import { loadDetailView, loadListView, mayCreateFor, mayRead } from './views.ts';

const DetailQuery = z
  .object({
    notice: z.enum(['created', 'removed', 'submitted']).optional(),
    n: z.coerce.number().int().min(0).max(MAX_PICKS).default(0),
  })
  .catch({ notice: undefined, n: 0 });

const read = { config: { permission: 'proposal.read' } } as const;
const create = { config: { permission: 'proposal.create' } } as const;

/** Where each refusal shown on a form points: the part of the page to fix. */
const FAILURE_FIELD: Partial<Record<WorkflowRefusal, string>> = {
  no_officers: 'pick-form',
  too_many: 'pick-form',
  unknown_zone: 'pick-zone',
  nothing_selected: 'remove-form',
};

/** Refusals of the whole request (no such proposal, another zone's) end on the refusal page. */
function throwIfRefused(code: ErrorCode): void {
  if (code === 'PROPOSAL_NOT_FOUND') throw proposalNotFound(BACK_TO_LIST);
  if (code === 'FORBIDDEN') throw new AppError(code);
}

/** Proposal list, picking officers into a draft, detail, removing items, submitting. */
export function workflowRoutes(deps: WorkflowDeps): ConsoleFeature {
  const db = deps.store.db;

  /** The proposal in the path, if it exists and the staff member's zone reaches it. */
  async function visibleProposal(request: FastifyRequest, staff: Staff, needCreate: boolean) {
    const params = ProposalParams.safeParse(request.params);
    const view = params.success ? await loadDetailView(db, staff, params.data.id) : undefined;
    if (!view) throw proposalNotFound(BACK_TO_LIST);
    const allowed = needCreate ? mayCreateFor(staff, view.proposal.zoneId) : mayRead(staff, view.proposal);
    if (!allowed) throw new AppError('FORBIDDEN');
    return view;
  }

  /** The detail page again, with the refusal on it; or the refusal page for refusals of the request. */
  function refuseOnDetail(
    request: FastifyRequest,
    reply: FastifyReply,
    view: DetailView,
    reason: WorkflowRefusal,
  ) {
    const code = WORKFLOW_FAILURES[reason];
    throwIfRefused(code);
    const errors = [failureError(request.t, code, FAILURE_FIELD[reason])];
    return reply.page(renderProposalDetail(request, staffOf(request), { ...view, errors }), statusOf(code));
  }

  async function createErrors(
    request: FastifyRequest,
    result: CreateResult & { ok: false },
  ): Promise<FieldError[]> {
    const code = WORKFLOW_FAILURES[result.reason];
    const summary = failureError(request.t, code, FAILURE_FIELD[result.reason], { max: MAX_PICKS });
    if (result.reason !== 'ineligible') return [summary];
    const labels = await listOfficerLabels(
      db,
      result.problems.map((p) => p.officerId),
      request.lang,
    );
    return [
      summary,
      ...result.problems.map((p) => ({
        text: request.t(`proposals.workflow.inel_${p.problem}`, {
          name: labels.get(p.officerId) ?? `#${p.officerId}`,
        }),
      })),
    ];
  }

  return routesPlugin((app) => {
    app.get('/console/proposals', read, async (request, reply) => {
      const staff = staffOf(request);
      const view = await loadListView(db, staff, { pick: PickQuery.parse(request.query) });
      return reply.page(renderProposalList(request, staff, view));
    });

    app.post('/console/proposals', create, async (request, reply) => {
      const staff = staffOf(request);
      const form = CreateForm.safeParse(request.body ?? {});
      if (!form.success) throw formNotUnderstood(BACK_TO_LIST);
      const zoneId = staff.scope === 'all' ? form.data.zone : (staff.zoneId ?? undefined);
      const result: CreateResult = zoneId
        ? await createProposalFromPicks(deps, {
            actor: staff,
            zoneId,
            officerIds: form.data.officer,
            ip: request.ip,
          })
        : { ok: false, reason: 'unknown_zone' };
      if (result.ok) return reply.redirect(`/console/proposals/${result.proposalId}?notice=created`, 303);
      throwIfRefused(WORKFLOW_FAILURES[result.reason]);
      const errors = await createErrors(request, result);
      const view = await loadListView(db, staff, {
        pick: { zone: zoneId },
        errors,
        checked: new Set(form.data.officer),
      });
      return reply.page(renderProposalList(request, staff, view), statusOf(WORKFLOW_FAILURES[result.reason]));
    });

    app.get('/console/proposals/:id', read, async (request, reply) => {
      const staff = staffOf(request);
      const view = await visibleProposal(request, staff, false);
      const q = DetailQuery.parse(request.query);
      const t = request.t;
      const text =
        q.notice === 'created'
          ? t('proposals.workflow.draftCreated', { n: view.items.length })
          : q.notice === 'removed'
            ? t('proposals.workflow.removed', { n: q.n })
            : q.notice === 'submitted'
              ? t('proposals.workflow.submitted', { n: view.items.length })
              : undefined;
      return reply.page(renderProposalDetail(request, staff, { ...view, notice: text ? [text] : undefined }));
    });

    app.post('/console/proposals/:id/remove', create, async (request, reply) => {
      const staff = staffOf(request);
      const view = await visibleProposal(request, staff, true);
      const form = RemoveForm.safeParse(request.body ?? {});
      if (!form.success) throw formNotUnderstood(BACK_TO_LIST);
      const result = await removeDraftItems(deps, {
        actor: staff,
        proposalId: view.proposal.id,
        itemIds: form.data.item,
      });
      if (!result.ok) return refuseOnDetail(request, reply, view, result.reason);
      return reply.redirect(`/console/proposals/${view.proposal.id}?notice=removed&n=${result.removed}`, 303);
    });

    app.post('/console/proposals/:id/submit', create, async (request, reply) => {
      const staff = staffOf(request);
      const view = await visibleProposal(request, staff, true);
      const form = ConfirmForm.safeParse(request.body ?? {});
      if (!form.success) throw formNotUnderstood(BACK_TO_LIST);
      // Checked before the confirm step too, so nobody confirms what cannot be sent.
      if (view.proposal.status !== 'draft') return refuseOnDetail(request, reply, view, 'not_draft');
      if (view.items.length === 0) return refuseOnDetail(request, reply, view, 'empty');
      if (form.data.confirm !== 'yes') return reply.page(renderSubmitConfirm(request, staff, view));
      const result = await submitProposal(deps, {
        actor: staff,
        proposalId: view.proposal.id,
        ip: request.ip,
      });
      if (!result.ok) return refuseOnDetail(request, reply, view, result.reason);
      return reply.redirect(`/console/proposals/${view.proposal.id}?notice=submitted`, 303);
    });
  });
}
