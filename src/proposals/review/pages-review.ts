import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import { formatDateTime } from '../../i18n/index.ts';
import {
  accountCell,
  bothNames,
  decisionText,
  localName,
  officeCell,
  renderProposalPage,
  type FieldError,
} from '../pages-common.ts';
import type { DecisionFormValues } from '../forms.ts';
import type { ProposalItemView, ProposalSummary } from '../queries.ts';
import { contactLine, type ActivationContact } from './contacts.ts';
import type { Verdict } from './decide-rules.ts';

export interface ReviewView {
  readonly proposal: ProposalSummary;
  readonly items: readonly ProposalItemView[];
  /** Where each item's activation goes (by item ID), flagged where the proposal disagrees. */
  readonly contacts: ReadonlyMap<number, ActivationContact>;
  /** Pending officers in closed offices, for "Approve all eligible". */
  readonly bulkEligible: number;
  readonly notice?: readonly string[];
  readonly errors?: readonly FieldError[];
  /** What was posted for one officer, to fill their form again after an error. */
  readonly posted?: { readonly itemId: number; readonly form: DecisionFormValues };
}

/** One choice of the decision, checked again when it was the one posted. */
function verdictRadio(id: string, value: Verdict, label: string, posted?: DecisionFormValues): SafeHtml {
  return html`<div class="checkbox">
    <input
      type="radio"
      id="${id}"
      name="decision"
      value="${value}"
      ${posted?.decision === value ? html`checked` : ''}
    />
    <label for="${id}">${label}</label>
  </div>`;
}

function decisionForm(
  request: FastifyRequest,
  staff: Staff,
  v: ReviewView,
  item: ProposalItemView,
): SafeHtml {
  const t = request.t;
  const id = item.itemId;
  const f = v.posted?.itemId === id ? v.posted.form : undefined;
  return html`<form method="post" action="/console/review/${v.proposal.id}/items/${id}" novalidate>
    <input type="hidden" name="_csrf" value="${staff.csrf}" />
    <fieldset>
      <legend>${t('proposals.workflow.decisionLegend', { name: item.nameEn })}</legend>
      ${verdictRadio(`decision-${id}`, 'approve', t('proposals.workflow.approve'), f)}
      ${verdictRadio(`decision-${id}-reject`, 'reject', t('proposals.workflow.reject'), f)}
    </fieldset>
    <label for="reason-${id}">${t('proposals.workflow.reasonLabel')}</label>
    <input type="text" id="reason-${id}" name="reason" maxlength="500" value="${f?.reason ?? ''}" />
    ${
      item.officeStatus === 'open'
        ? html`<div class="checkbox">
              <input
                type="checkbox"
                id="exception-${id}"
                name="exception"
                value="yes"
                ${f?.exception ? html`checked` : ''}
              />
              <label for="exception-${id}">${t('proposals.workflow.exceptionLabel')}</label>
            </div>
            <label for="exceptionReason-${id}">${t('proposals.workflow.exceptionReasonLabel')}</label>
            <input
              type="text"
              id="exceptionReason-${id}"
              name="exceptionReason"
              maxlength="500"
              value="${f?.exceptionReason ?? ''}"
            />`
        : ''
    }
    <label for="validUntil-${id}">${t('proposals.workflow.validUntilLabel')}</label>
    <p class="hint" id="validUntil-${id}-hint">${t('proposals.workflow.validUntilHint')}</p>
    <input
      type="date"
      id="validUntil-${id}"
      name="validUntil"
      aria-describedby="validUntil-${id}-hint"
      value="${f?.validUntil ?? ''}"
    />
    <p class="actions"><button type="submit">${t('proposals.workflow.continue')}</button></p>
  </form>`;
}

function decidedSummary(request: FastifyRequest, item: ProposalItemView): SafeHtml {
  const t = request.t;
  return html`<p>
      ${
        item.decidedAt !== null
          ? t('proposals.workflow.decidedBy', {
              decision: decisionText(t, item.decision),
              who: item.decidedByUserId ?? '—',
              when: formatDateTime(request.lang, item.decidedAt),
            })
          : decisionText(t, item.decision)
      }
    </p>
    ${item.reason ? html`<p>${t('proposals.workflow.colReason')}: ${item.reason}</p>` : ''}
    ${
      item.openOfficeException
        ? html`<p>${t('proposals.workflow.exceptionNote', { reason: item.openOfficeException })}</p>`
        : ''
    }
    <p>${t('account')}: ${accountCell(t, item)}</p>`;
}

function itemSection(request: FastifyRequest, staff: Staff, v: ReviewView, item: ProposalItemView): SafeHtml {
  const t = request.t;
  return html`<section class="review-item" aria-labelledby="officer-${item.itemId}">
    <h3 id="officer-${item.itemId}">${bothNames(item.nameEn, item.nameHi)}</h3>
    <p>
      ${t('employeeNo')}: ${item.employeeNo} · ${t('rank')}: ${localName(request, item.rankEn, item.rankHi)} ·
      ${t('wing')}: ${localName(request, item.wingEn, item.wingHi)} · ${t('district')}:
      ${localName(request, item.districtEn, item.districtHi)} · ${t('office')}:
      ${officeCell(t, item.officeStatus)}
    </p>
    ${contactLine(request, v.contacts.get(item.itemId))}
    ${item.decision === 'pending' ? decisionForm(request, staff, v, item) : decidedSummary(request, item)}
  </section>`;
}

function bulkSection(request: FastifyRequest, staff: Staff, v: ReviewView): SafeHtml {
  const t = request.t;
  if (v.bulkEligible === 0) return html`<p class="status-box">${t('proposals.workflow.bulkNone')}</p>`;
  return html`<section aria-labelledby="bulk-title">
    <h2 id="bulk-title">${t('proposals.workflow.bulkTitle')}</h2>
    <p>${t('proposals.workflow.bulkIntro', { n: v.bulkEligible })}</p>
    <form method="post" action="/console/review/${v.proposal.id}/approve-all" novalidate>
      <input type="hidden" name="_csrf" value="${staff.csrf}" />
      <label for="bulk-validUntil">${t('proposals.workflow.validUntilLabel')}</label>
      <p class="hint" id="bulk-validUntil-hint">${t('proposals.workflow.validUntilHint')}</p>
      <input type="date" id="bulk-validUntil" name="validUntil" aria-describedby="bulk-validUntil-hint" />
      <p class="actions"><button type="submit">${t('proposals.workflow.bulkButton')}</button></p>
    </form>
  </section>`;
}

/** `/console/review/:id`: one form per pending officer, decided officers as text, and the bulk action. */
export function renderReviewPage(request: FastifyRequest, staff: Staff, v: ReviewView): string {
  const t = request.t;
  const pending = v.items.some((i) => i.decision === 'pending');
  return renderProposalPage(request, {
    title: 'proposals.workflow.reviewTitle',
    proposal: v.proposal,
    errors: v.errors,
    notice: v.notice,
    main: html`${
        pending
          ? html`<p>${t('proposals.workflow.reviewIntro')}</p>
              ${bulkSection(request, staff, v)}`
          : html`<p class="status-box ok">${t('proposals.workflow.allDecided')}</p>`
      }
      <h2>${t('proposals.workflow.officersCaption', { id: v.proposal.id })}</h2>
      ${v.items.map((i) => itemSection(request, staff, v, i))}
      <p><a href="/console/review">${t('proposals.workflow.backToQueue')}</a></p>`,
  });
}
