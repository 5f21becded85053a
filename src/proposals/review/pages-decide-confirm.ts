import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import { bothNames, dataTable, localName } from '../pages-common.ts';
import { officeBadge, renderReviewFrame } from './review-markup.ts';
import type { ProposalItemView, ProposalSummary } from '../queries.ts';

function validityLine(request: FastifyRequest, validUntil: string): string {
  return validUntil
    ? request.t('proposals.workflow.confirmValidUntil', { date: validUntil })
    : request.t('proposals.workflow.confirmNoEnd');
}

function hidden(name: string, value: string): SafeHtml {
  return html`<input type="hidden" name="${name}" value="${value}" />`;
}

export interface DecisionConfirm {
  readonly proposal: ProposalSummary;
  readonly item: ProposalItemView;
  readonly decision: 'approve' | 'reject';
  readonly reason: string;
  readonly exceptionReason: string;
  /** The date as HQ typed it (already checked), or empty. */
  readonly validUntil: string;
}

/** The confirm step of one decision: what will happen, then "Yes, approve" / "Yes, reject". */
export function renderDecisionConfirm(request: FastifyRequest, staff: Staff, v: DecisionConfirm): string {
  const t = request.t;
  const approve = v.decision === 'approve';
  const name = localName(request, v.item.nameEn, v.item.nameHi);
  const title = approve
    ? t('proposals.workflow.confirmApproveTitle', { name })
    : t('proposals.workflow.confirmRejectTitle', { name });
  const body = approve
    ? html`<p>${t('proposals.workflow.confirmApproveBody', { name })}</p>
        ${
          v.item.officeStatus === 'open'
            ? html`<p class="status-box bad">
                ⚠ ${t('proposals.workflow.confirmException', { reason: v.exceptionReason })}
              </p>`
            : ''
        }
        <p>${validityLine(request, v.validUntil)}</p>`
    : html`<p>${t('proposals.workflow.confirmRejectBody', { reason: v.reason })}</p>`;
  return renderReviewFrame(request, {
    title,
    main: html`<p>
        ${bothNames(v.item.nameEn, v.item.nameHi)} — ${v.item.employeeNo},
        ${localName(request, v.item.districtEn, v.item.districtHi)} (${officeBadge(t, v.item.officeStatus)})
      </p>
      ${body}
      <form method="post" action="/console/review/${v.proposal.id}/items/${v.item.itemId}">
        ${hidden('_csrf', staff.csrf)} ${hidden('decision', v.decision)} ${hidden('reason', v.reason)}
        ${
          approve && v.item.officeStatus === 'open'
            ? html`${hidden('exception', 'yes')}${hidden('exceptionReason', v.exceptionReason)}`
            : ''
        }
        ${approve ? hidden('validUntil', v.validUntil) : ''} ${hidden('confirm', 'yes')}
        <p class="actions">
          <button type="submit">
            ${approve ? t('proposals.workflow.confirmApprove') : t('proposals.workflow.confirmReject')}
          </button>
          <a class="button secondary" href="/console/review/${v.proposal.id}"
            >${t('proposals.workflow.cancel')}</a
          >
        </p>
      </form>`,
  });
}

export interface BulkConfirm {
  readonly proposal: ProposalSummary;
  readonly eligible: readonly ProposalItemView[];
  readonly needsException: number;
  readonly decided: number;
  readonly validUntil: string;
}

/** The confirm step of "Approve all eligible": counts, names, then "Yes, approve N officers". */
export function renderBulkConfirm(request: FastifyRequest, staff: Staff, v: BulkConfirm): string {
  const t = request.t;
  const n = v.eligible.length;
  const title = t('proposals.workflow.bulkConfirmTitle', { n, id: v.proposal.id });
  return renderReviewFrame(request, {
    title,
    main: html`<p>${t('proposals.workflow.bulkConfirmBody')}</p>
      <p>${validityLine(request, v.validUntil)}</p>
      ${v.needsException > 0 ? html`<p>${t('proposals.workflow.bulkSkipped', { n: v.needsException })}</p>` : ''}
      ${v.decided > 0 ? html`<p>${t('proposals.workflow.bulkAlreadyDecided', { n: v.decided })}</p>` : ''}
      ${dataTable({
        caption: t('proposals.workflow.bulkNamesCaption'),
        headings: [t('employeeNo'), t('officer'), t('district')],
        rows: v.eligible.map(
          (i) =>
            html`<td>${i.employeeNo}</td>
              <td>${bothNames(i.nameEn, i.nameHi)}</td>
              <td>${localName(request, i.districtEn, i.districtHi)}</td>`,
        ),
      })}
      <form method="post" action="/console/review/${v.proposal.id}/approve-all">
        ${hidden('_csrf', staff.csrf)} ${hidden('validUntil', v.validUntil)} ${hidden('confirm', 'yes')}
        ${v.eligible.map((i) => hidden('item', String(i.itemId)))}
        <p class="actions">
          <button type="submit">${t('proposals.workflow.bulkConfirm', { n })}</button>
          <a class="button secondary" href="/console/review/${v.proposal.id}"
            >${t('proposals.workflow.cancel')}</a
          >
        </p>
      </form>`,
  });
}
