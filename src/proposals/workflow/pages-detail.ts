import type { FastifyRequest } from 'fastify';
import { html, renderConsolePage, type SafeHtml } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import {
  accountCell,
  bothNames,
  decisionText,
  linkedErrorSummary,
  localName,
  notice,
  officeCell,
  proposalFacts,
  timeline,
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

/** The officers of a proposal; with a "Remove" checkbox column on an editable draft. */
export function itemsTable(
  request: FastifyRequest,
  v: Pick<DetailView, 'proposal' | 'items' | 'canEdit'>,
): SafeHtml {
  const t = request.t;
  return html`<div class="table-wrap">
    <table class="data">
      <caption>
        ${t('proposals.workflow.officersCaption', { id: v.proposal.id })}
      </caption>
      <thead>
        <tr>
          ${v.canEdit ? html`<th scope="col">${t('proposals.workflow.colRemove')}</th>` : ''}
          <th scope="col">${t('employeeNo')}</th>
          <th scope="col">${t('officer')}</th>
          <th scope="col">${t('rank')}</th>
          <th scope="col">${t('wing')}</th>
          <th scope="col">${t('district')}</th>
          <th scope="col">${t('office')}</th>
          <th scope="col">${t('proposals.workflow.colDecision')}</th>
          <th scope="col">${t('proposals.workflow.colReason')}</th>
          <th scope="col">${t('account')}</th>
        </tr>
      </thead>
      <tbody>
        ${v.items.map(
          (i) =>
            html`<tr>
              ${
                v.canEdit
                  ? html`<td>
                      <input type="checkbox" id="item-${i.itemId}" name="item" value="${i.itemId}" /><label
                        for="item-${i.itemId}"
                        class="visually-hidden"
                        >${t('proposals.workflow.colRemove')} ${i.nameEn}</label
                      >
                    </td>`
                  : ''
              }
              <td>${i.employeeNo}</td>
              <td>${bothNames(i.nameEn, i.nameHi)}</td>
              <td>${localName(request, i.rankEn, i.rankHi)}</td>
              <td>${localName(request, i.wingEn, i.wingHi)}</td>
              <td>${localName(request, i.districtEn, i.districtHi)}</td>
              <td>${officeCell(t, i.officeStatus)}</td>
              <td>${decisionText(t, i.decision)}</td>
              <td>${reasonCell(t, i)}</td>
              <td>${accountCell(t, i)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
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
  const title = t('proposals.workflow.detailTitle', {
    id: p.id,
    zone: localName(request, p.zoneEn, p.zoneHi),
  });
  const errors = v.errors ?? [];
  const body =
    v.items.length === 0
      ? html`<p class="status-box">${t('proposals.workflow.noItems')}</p>`
      : v.canEdit
        ? draftActions(request, staff, v)
        : itemsTable(request, v);
  return renderConsolePage(request, {
    title,
    hasError: errors.length > 0,
    main: html`<h1>${title}</h1>
      ${linkedErrorSummary(t, errors)} ${notice(v.notice)} ${proposalFacts(request, p)}
      ${timeline(request, p)}
      ${
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
