import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import {
  accountCell,
  dataTable,
  decisionText,
  localName,
  officerCells,
  officerHeadings,
  renderProposalPage,
  type FieldError,
} from '../pages-common.ts';
import type { ProposalItemView, ProposalSummary } from '../queries.ts';

export interface DetailView {
  readonly proposal: ProposalSummary;
  readonly items: readonly ProposalItemView[];
  /** Draft, and the staff member may create proposals for its zone: remove and submit are offered. */
  readonly canEdit: boolean;
  /** Submitted, HQ, and not the creator: a link to the review page. */
  readonly canReview: boolean;
  readonly errors?: readonly FieldError[];
  readonly notice?: readonly string[];
}

function reasonCell(t: FastifyRequest['t'], item: ProposalItemView): SafeHtml {
  if (item.decision === 'rejected') return html`${item.reason ?? ''}`;
  if (item.openOfficeException)
    return html`${t('proposals.workflow.exceptionNote', { reason: item.openOfficeException })}`;
  return html``;
}

function removeCell(request: FastifyRequest, item: ProposalItemView): SafeHtml {
  const t = request.t;
  return html`<td>
    <input type="checkbox" id="item-${item.itemId}" name="item" value="${item.itemId}" /><label
      for="item-${item.itemId}"
      class="visually-hidden"
      >${t('proposals.workflow.colRemove')} ${localName(request, item.nameEn, item.nameHi)}</label
    >
  </td>`;
}

/** The officers of a proposal; with a "Remove" checkbox column on an editable draft. */
export function itemsTable(
  request: FastifyRequest,
  v: Pick<DetailView, 'proposal' | 'items' | 'canEdit'>,
): SafeHtml {
  const t = request.t;
  return dataTable({
    caption: t('proposals.workflow.officersCaption', { id: v.proposal.id }),
    headings: [
      ...(v.canEdit ? [t('proposals.workflow.colRemove')] : []),
      ...officerHeadings(t),
      t('proposals.workflow.colDecision'),
      t('proposals.workflow.colReason'),
      t('account'),
    ],
    rows: v.items.map(
      (i) =>
        html`${v.canEdit ? removeCell(request, i) : ''} ${officerCells(request, i)}
          <td>${decisionText(t, i.decision)}</td>
          <td>${reasonCell(t, i)}</td>
          <td>${accountCell(t, i)}</td>`,
    ),
  });
}

function draftActions(request: FastifyRequest, staff: Staff, v: DetailView): SafeHtml {
  const t = request.t;
  const id = v.proposal.id;
  return html`<form method="post" action="/console/proposals/${id}/remove" id="remove-form">
      <input type="hidden" name="_csrf" value="${staff.csrf}" />
      ${itemsTable(request, v)}
      <p class="actions">
        <button type="submit" class="secondary">${t('proposals.workflow.removeSelected')}</button>
      </p>
    </form>
    <form method="post" action="/console/proposals/${id}/submit">
      <input type="hidden" name="_csrf" value="${staff.csrf}" />
      <p class="actions"><button type="submit">${t('proposals.workflow.submitButton')}</button></p>
    </form>`;
}

/** `/console/proposals/:id`: facts, timeline, officers; draft editing or a link to HQ review. */
export function renderProposalDetail(request: FastifyRequest, staff: Staff, v: DetailView): string {
  const t = request.t;
  const p = v.proposal;
  const body =
    v.items.length === 0
      ? html`<p class="status-box">${t('proposals.workflow.noItems')}</p>`
      : v.canEdit
        ? draftActions(request, staff, v)
        : itemsTable(request, v);
  return renderProposalPage(request, {
    title: 'proposals.workflow.detailTitle',
    proposal: p,
    errors: v.errors,
    notice: v.notice,
    main: html`${
        v.canReview
          ? html`<p class="actions">
              <a class="button" href="/console/review/${p.id}">${t('proposals.workflow.reviewLink')}</a>
            </p>`
          : ''
      }
      ${body}
      <p><a href="/console/proposals">${t('proposals.workflow.backToList')}</a></p>`,
  });
}
