import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createStaffGuard, type Staff } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import type { FieldError } from './pages-common.ts';
import { renderProposalDetail } from './pages-detail.ts';
import { renderProposalList } from './pages-list.ts';
import { renderSubmitConfirm } from './pages-submit.ts';
import { findOfficerLabels, MAX_PICKS } from './proposal-directory.ts';
import { ConfirmForm, CreateForm, PickQuery, ProposalParams, RemoveForm } from './proposal-forms.ts';
import { createProposalReplies } from './proposal-replies.ts';
import {
  createProposalFromPicks,
  removeDraftItems,
  submitProposal,
  type CreateResult,
} from './proposal-service.ts';
import { loadDetailView, loadListView, mayCreateFor, mayRead } from './proposal-views.ts';
import { registerReviewRoutes } from './review-routes.ts';

const DetailQuery = z
  .object({
    notice: z.enum(['created', 'removed', 'submitted']).optional(),
    n: z.coerce.number().int().min(0).max(MAX_PICKS).default(0),
  })
  .catch({ notice: undefined, n: 0 });

/** Proposal list, picking officers into a draft, detail, removing items, submitting; then HQ review. */
export function registerProposalRoutes(app: FastifyInstance, deps: Deps): void {
  const guard = createStaffGuard(deps);
  const db = deps.store.db;
  const replies = createProposalReplies({ href: '/console/proposals', label: 'backToList' });

  /** The proposal in the path, if it exists and the staff member's zone reaches it; otherwise answers. */
  async function visibleProposal(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Staff,
    needCreate: boolean,
  ) {
    const params = ProposalParams.safeParse(request.params);
    const view = params.success ? await loadDetailView(db, staff, params.data.id) : undefined;
    if (!view) {
      await replies.notFound(request, reply, staff);
      return undefined;
    }
    const allowed = needCreate ? mayCreateFor(staff, view.proposal.zoneId) : mayRead(staff, view.proposal);
    if (!allowed) {
      await guard.deny(request, reply, staff.userId, needCreate ? 'proposal.create' : 'proposal.read');
      return undefined;
    }
    return view;
  }

  app.get('/console/proposals', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.read');
    if (!staff) return reply;
    const view = await loadListView(db, staff, { pick: PickQuery.parse(request.query) });
    return reply.page(renderProposalList(request, staff, view));
  });

  app.post('/console/proposals', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.create');
    if (!staff) return reply;
    if (!guard.validPost(request, staff)) return replies.csrfRefused(request, reply, staff);
    const form = CreateForm.safeParse(request.body ?? {});
    if (!form.success) return replies.badForm(request, reply, staff);
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
    if (result.reason === 'out_of_scope') return guard.deny(request, reply, staff.userId, 'proposal.create');
    const errors = await createErrors(request, result);
    const view = await loadListView(db, staff, {
      pick: { zone: zoneId },
      errors,
      checked: new Set(form.data.officer),
    });
    return reply.page(renderProposalList(request, staff, view), 400);
  });

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

  app.get('/console/proposals/:id', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.read');
    if (!staff) return reply;
    const view = await visibleProposal(request, reply, staff, false);
    if (!view) return reply;
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

  app.post('/console/proposals/:id/remove', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.create');
    if (!staff) return reply;
    if (!guard.validPost(request, staff)) return replies.csrfRefused(request, reply, staff);
    const view = await visibleProposal(request, reply, staff, true);
    if (!view) return reply;
    const form = RemoveForm.safeParse(request.body ?? {});
    if (!form.success) return replies.badForm(request, reply, staff);
    const result = await removeDraftItems(deps, {
      actor: staff,
      proposalId: view.proposal.id,
      itemIds: form.data.item,
    });
    if (result.ok)
      return reply.redirect(`/console/proposals/${view.proposal.id}?notice=removed&n=${result.removed}`, 303);
    if (result.reason === 'out_of_scope') return guard.deny(request, reply, staff.userId, 'proposal.create');
    if (result.reason === 'not_found') return replies.notFound(request, reply, staff);
    const error: FieldError =
      result.reason === 'nothing_selected'
        ? { field: 'remove-form', text: request.t('proposals.workflow.errNothingSelected') }
        : { text: request.t('proposals.workflow.errNotDraft') };
    return reply.page(
      renderProposalDetail(request, staff, { ...view, errors: [error] }),
      result.reason === 'not_draft' ? 409 : 400,
    );
  });

  app.post('/console/proposals/:id/submit', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.create');
    if (!staff) return reply;
    if (!guard.validPost(request, staff)) return replies.csrfRefused(request, reply, staff);
    const view = await visibleProposal(request, reply, staff, true);
    if (!view) return reply;
    const form = ConfirmForm.safeParse(request.body ?? {});
    if (!form.success) return replies.badForm(request, reply, staff);
    const fail = (status: number, text: string) =>
      reply.page(renderProposalDetail(request, staff, { ...view, errors: [{ text }] }), status);
    if (view.proposal.status !== 'draft') return fail(409, request.t('proposals.workflow.errNotDraft'));
    if (view.items.length === 0) return fail(400, request.t('proposals.workflow.errEmpty'));
    if (form.data.confirm !== 'yes') return reply.page(renderSubmitConfirm(request, staff, view));
    const result = await submitProposal(deps, { actor: staff, proposalId: view.proposal.id, ip: request.ip });
    if (result.ok) return reply.redirect(`/console/proposals/${view.proposal.id}?notice=submitted`, 303);
    switch (result.reason) {
      case 'out_of_scope':
        return guard.deny(request, reply, staff.userId, 'proposal.create');
      case 'not_found':
        return replies.notFound(request, reply, staff);
      case 'not_draft':
        return fail(409, request.t('proposals.workflow.errNotDraft'));
      case 'empty':
        return fail(400, request.t('proposals.workflow.errEmpty'));
    }
  });

  registerReviewRoutes(app, deps);
}
