import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import { dataTable, localName } from '../pages-common.ts';
import type { ProposalItemView, ProposalSummary } from '../queries.ts';
import { officeBadge, renderReviewFrame } from './review-markup.ts';
import type { PlannedDecision } from './table-rules.ts';

export interface PlanConfirm {
  readonly proposal: ProposalSummary;
  readonly items: readonly ProposalItemView[];
  readonly decisions: readonly PlannedDecision[];
}

function hidden(name: string, value: string): SafeHtml {
  return html`<input type="hidden" name="${name}" value="${value}" />`;
}

/** One decision as the confirm form posts it again: the row's fields, already checked and tidied. */
function hiddenRow(d: PlannedDecision): SafeHtml {
  const id = d.itemId;
  return html`${hidden(`decision-${id}`, d.row.choice ?? '')}${hidden(`reason-${id}`, d.row.reason)}${hidden(
    `exceptionReason-${id}`,
    d.row.exceptionReason,
  )}${hidden(`validUntil-${id}`, d.row.validUntil)}`;
}

function details(request: FastifyRequest, d: PlannedDecision): SafeHtml {
  const t = request.t;
  if (d.request.decision === 'reject')
    return html`${t('proposals.review.planReason', { reason: d.request.reason })}`;
  if (!d.request.exception) return html`—`;
  return html`<strong
      ><span aria-hidden="true">⚠ </span>${t('proposals.review.planException', {
        reason: d.request.exceptionReason,
      })}</strong
    ><br />${
      d.row.validUntil
        ? t('proposals.review.planValidUntil', { date: d.row.validUntil })
        : t('proposals.review.planNoEnd')
    }`;
}

/**
 * The confirm step of the review table (WCAG 3.3.4): every decision that will be recorded, with its reason,
 * exception and end date; "Yes, record N decisions", or back to the table with everything as it was typed.
 */
export function renderPlanConfirm(request: FastifyRequest, staff: Staff, v: PlanConfirm): string {
  const t = request.t;
  const n = v.decisions.length;
  const title = t('proposals.review.planTitle', { n, id: v.proposal.id });
  const itemOf = new Map(v.items.map((i) => [i.itemId, i]));
  const approvals = v.decisions.some((d) => d.request.decision === 'approve');
  const rejections = v.decisions.some((d) => d.request.decision === 'reject');
  const rows = v.decisions.flatMap((d) => {
    const item = itemOf.get(d.itemId);
    if (!item) return [];
    const approve = d.request.decision === 'approve';
    return [
      html`<th scope="row">${localName(request, item.nameEn, item.nameHi)}</th>
        <td>${item.employeeNo}</td>
        <td>${localName(request, item.districtEn, item.districtHi)}</td>
        <td>${officeBadge(t, item.officeStatus)}</td>
        <td>
          <strong
            >${approve ? `✔ ${t('proposals.workflow.approve')}` : `✖ ${t('proposals.workflow.reject')}`}</strong
          >
        </td>
        <td>${details(request, d)}</td>`,
    ];
  });
  return renderReviewFrame(request, {
    title,
    main: html`${approvals ? html`<p>${t('proposals.review.planApproveBody')}</p>` : ''}
      ${rejections ? html`<p>${t('proposals.review.planRejectBody')}</p>` : ''}
      ${dataTable({
        caption: t('proposals.review.planCaption'),
        headings: [
          t('officer'),
          t('employeeNo'),
          t('district'),
          t('office'),
          t('proposals.workflow.colDecision'),
          t('proposals.review.planDetails'),
        ],
        rows,
      })}
      <form method="post" action="/console/review/${v.proposal.id}/decide">
        ${hidden('_csrf', staff.csrf)} ${hidden('confirm', 'yes')} ${v.decisions.map(hiddenRow)}
        <p class="actions">
          <button type="submit" name="do" value="rows">${t('proposals.review.planConfirm', { n })}</button>
          <button type="submit" name="do" value="edit" class="secondary">
            ${t('proposals.review.planEdit')}
          </button>
          <a class="button secondary" href="/console/review/${v.proposal.id}"
            >${t('proposals.review.planDiscard')}</a
          >
        </p>
      </form>`,
  });
}
