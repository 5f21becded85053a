import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, statusOf } from '../../errors.ts';
import { staffOf, type Staff } from '../../policy/index.ts';
import { type ConsoleFeature, routesPlugin } from '../../web/index.ts';
import { ConfirmForm, CreateForm, PickQuery, ProposalParams, RemoveForm } from '../forms.ts';
import type { FieldError } from '../pages-common.ts';
import { BACK_TO_LIST, formNotUnderstood, proposalNotFound } from '../replies.ts';
import { findOfficerLabels, MAX_PICKS } from './eligible-officers.ts';
import { renderProposalDetail } from './pages-detail.ts';
import { renderProposalList } from './pages-list.ts';
import { renderSubmitConfirm } from './pages-submit.ts';
import {
  createProposalFromPicks,
  removeDraftItems,
  submitProposal,
  type CreateResult,
  type WorkflowDeps,
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

  async function createErrors(
    request: FastifyRequest,
    result: CreateResult & { ok: false },
  ): Promise<FieldError[]> {
    const t = request.t;
    switch (result.reason) {
      case 'no_officers':
        return [{ field: 'pick-form', text: t('proposals.workflow.errNoOfficers') }];
      case 'too_many':
        return [{ field: 'pick-form', text: t('proposals.workflow.errTooMany', { max: MAX_PICKS }) }];
      case 'unknown_zone':
      case 'out_of_scope':
        return [{ field: 'pick-zone', text: t('proposals.workflow.errUnknownZone') }];
      case 'ineligible': {
        const labels = await findOfficerLabels(
          db,
          result.problems.map((p) => p.officerId),
        );
        return [
          { text: t('proposals.workflow.errNothingCreated') },
          ...result.problems.map((p) => ({
            text: t(`proposals.workflow.inel_${p.problem}`, {
              name: labels.get(p.officerId) ?? `#${p.officerId}`,
            }),
          })),
        ];
      }
    }
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
      if (result.reason === 'out_of_scope') throw new AppError('FORBIDDEN');
      const errors = await createErrors(request, result);
      const view = await loadListView(db, staff, {
        pick: { zone: zoneId },
        errors,
        checked: new Set(form.data.officer),
      });
      return reply.page(renderProposalList(request, staff, view), statusOf('VALIDATION_FAILED'));
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
      if (result.ok)
        return reply.redirect(
          `/console/proposals/${view.proposal.id}?notice=removed&n=${result.removed}`,
          303,
        );
      if (result.reason === 'out_of_scope') throw new AppError('FORBIDDEN');
      if (result.reason === 'not_found') throw proposalNotFound(BACK_TO_LIST);
      const error: FieldError =
        result.reason === 'nothing_selected'
          ? { field: 'remove-form', text: request.t('proposals.workflow.errNothingSelected') }
          : { text: request.t('proposals.workflow.errNotDraft') };
      return reply.page(
        renderProposalDetail(request, staff, { ...view, errors: [error] }),
        statusOf(result.reason === 'not_draft' ? 'CONFLICT' : 'VALIDATION_FAILED'),
      );
    });

    app.post('/console/proposals/:id/submit', create, async (request, reply) => {
      const staff = staffOf(request);
      const view = await visibleProposal(request, staff, true);
      const form = ConfirmForm.safeParse(request.body ?? {});
      if (!form.success) throw formNotUnderstood(BACK_TO_LIST);
      const fail = (code: 'CONFLICT' | 'VALIDATION_FAILED', text: string) =>
        reply.page(renderProposalDetail(request, staff, { ...view, errors: [{ text }] }), statusOf(code));
      const notDraft = () => fail('CONFLICT', request.t('proposals.workflow.errNotDraft'));
      const empty = () => fail('VALIDATION_FAILED', request.t('proposals.workflow.errEmpty'));
      if (view.proposal.status !== 'draft') return notDraft();
      if (view.items.length === 0) return empty();
      if (form.data.confirm !== 'yes') return reply.page(renderSubmitConfirm(request, staff, view));
      const result = await submitProposal(deps, {
        actor: staff,
        proposalId: view.proposal.id,
        ip: request.ip,
      });
      if (result.ok) return reply.redirect(`/console/proposals/${view.proposal.id}?notice=submitted`, 303);
      switch (result.reason) {
        case 'out_of_scope':
          throw new AppError('FORBIDDEN');
        case 'not_found':
          throw proposalNotFound(BACK_TO_LIST);
        case 'not_draft':
          return notDraft();
        case 'empty':
          return empty();
      }
    });
  });
}
