import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import { formatDateTime } from '../../i18n/index.ts';
import { accountCell, decisionText, localName, type FieldError } from '../pages-common.ts';
import type { ProposalItemView, ProposalSummary } from '../queries.ts';
import { contactLine, type ActivationContact } from './contacts.ts';
import {
  fieldMessages,
  officeBadge,
  renderReviewFrame,
  withHiddenParts,
  withoutMarks,
} from './review-markup.ts';
import { EMPTY_ROW, type RowChoice, type RowValues } from './table-form.ts';

export interface ReviewView {
  readonly proposal: ProposalSummary;
  readonly items: readonly ProposalItemView[];
  /** Where each item's activation goes (by item ID), flagged where the proposal disagrees. */
  readonly contacts: ReadonlyMap<number, ActivationContact>;
  /** A date about three months ahead in dd-mm-yyyy, for the date hint. */
  readonly exampleDate: string;
  readonly notice?: readonly string[];
  readonly errors?: readonly FieldError[];
  /** What was posted, by item ID, to fill the rows again after an error or "go back and change". */
  readonly values?: ReadonlyMap<number, RowValues>;
  /** The rows that were ticked, and the bulk rejection's reason, to show them again. */
  readonly selected?: readonly number[];
  readonly bulkReason?: string;
}

/** The page's own context for a row: its officer's name in the page's language, errors by field. */
interface RowContext {
  readonly request: FastifyRequest;
  readonly v: ReviewView;
  readonly errors: ReadonlyMap<string, readonly string[]>;
}

/** `aria-describedby` of a field: its hint, then its error when it has one. */
function describedBy(ids: readonly (string | false)[]): SafeHtml | string {
  const list = ids.filter((id): id is string => id !== false);
  return list.length === 0 ? '' : html`aria-describedby="${list.join(' ')}"`;
}

/** A radio inside its own label: the label's visible word plus the officer's name for screen readers. */
function choiceRadio(
  id: string,
  item: ProposalItemView,
  value: RowChoice | '',
  label: SafeHtml,
  checked: boolean,
  errorId: string | false,
): SafeHtml {
  return html`<label class="review-choice" for="${id}">
    <input
      type="radio"
      id="${id}"
      name="decision-${item.itemId}"
      value="${value}"
      ${checked ? html`checked` : ''}
      ${describedBy([errorId])}
    />
    <span>${label}</span>
  </label>`;
}

/** A one-line text field of a row, with its label (naming the officer), hint and error beside it. */
function rowTextField(
  c: RowContext,
  o: { id: string; label: SafeHtml; value: string; hint?: string; maxlength: number; date?: boolean },
): SafeHtml {
  const errors = c.errors.get(o.id) ?? [];
  const errorId = errors.length > 0 && `${o.id}-error`;
  const hintId = o.hint !== undefined && `${o.id}-hint`;
  return html`<div class="review-field">
    <label for="${o.id}">${o.label}</label>
    ${o.hint === undefined ? '' : html`<p class="hint" id="${o.id}-hint">${o.hint}</p>`}
    ${fieldMessages(o.id, errors)}
    <input
      type="text"
      id="${o.id}"
      name="${o.id}"
      maxlength="${o.maxlength}"
      value="${o.value}"
      ${o.date ? html`inputmode="numeric" autocomplete="off" size="10" class="review-date"` : ''}
      ${errors.length > 0 ? html`aria-invalid="true"` : ''}
      ${describedBy([hintId, errorId])}
    />
  </div>`;
}

/** A pending officer's decision: the choices, then the fields each choice needs (shown by review.js). */
function decisionControls(c: RowContext, item: ProposalItemView, name: string): SafeHtml {
  const t = c.request.t;
  const id = item.itemId;
  const row = c.v.values?.get(id) ?? EMPTY_ROW;
  const open = item.officeStatus === 'open';
  const approveValue: RowChoice = open ? 'exception' : 'approve';
  const groupErrors = c.errors.get(`decision-${id}`) ?? [];
  const groupErrorId = groupErrors.length > 0 && `decision-${id}-error`;
  const label = (key: Parameters<typeof t>[0]) => withHiddenParts(t(key, { name }));
  const approveChecked = row.choice === approveValue || (!open && row.choice === 'exception');
  return html`<fieldset class="review-decision" data-item="${id}">
      <legend class="visually-hidden">${t('proposals.workflow.decisionLegend', { name })}</legend>
      ${fieldMessages(`decision-${id}`, groupErrors)}
      ${choiceRadio(
        `decision-${id}-none`,
        item,
        '',
        label('proposals.review.rowUndecided'),
        row.choice === undefined,
        groupErrorId,
      )}
      ${choiceRadio(
        `decision-${id}`,
        item,
        approveValue,
        label(open ? 'proposals.review.rowException' : 'proposals.review.rowApprove'),
        approveChecked,
        groupErrorId,
      )}
      ${choiceRadio(
        `decision-${id}-reject`,
        item,
        'reject',
        label('proposals.review.rowReject'),
        row.choice === 'reject',
        groupErrorId,
      )}
    </fieldset>
    <div class="review-when" data-when="reject" data-for="${id}">
      ${rowTextField(c, {
        id: `reason-${id}`,
        label: label('proposals.review.rowReason'),
        value: row.reason,
        maxlength: 500,
      })}
    </div>
    ${
      open
        ? html`<div class="review-when" data-when="exception" data-for="${id}">
            ${rowTextField(c, {
              id: `exceptionReason-${id}`,
              label: label('proposals.review.rowExceptionReason'),
              value: row.exceptionReason,
              maxlength: 500,
            })}
            ${rowTextField(c, {
              id: `validUntil-${id}`,
              label: label('proposals.review.rowValidUntil'),
              value: row.validUntil,
              hint: t('proposals.workflow.validUntilHint', { example: c.v.exampleDate }),
              maxlength: 10,
              date: true,
            })}
          </div>`
        : ''
    }`;
}

/** A decided officer: who decided what and when, the reason or exception, and the account. */
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

function selectCell(c: RowContext, item: ProposalItemView, name: string): SafeHtml {
  if (item.decision !== 'pending') return html`<td></td>`;
  const id = `select-${item.itemId}`;
  const ticked = c.v.selected?.includes(item.itemId) ?? false;
  return html`<td class="review-select">
    <input
      type="checkbox"
      id="${id}"
      name="select"
      value="${item.itemId}"
      ${ticked ? html`checked` : ''}
    /><label for="${id}" class="visually-hidden"
      >${withoutMarks(c.request.t('proposals.review.rowSelect', { name }))}</label
    >
  </td>`;
}

function itemRow(c: RowContext, item: ProposalItemView): SafeHtml {
  const request = c.request;
  const name = localName(request, item.nameEn, item.nameHi);
  return html`<tr id="officer-${item.itemId}" data-employee-no="${item.employeeNo}">
    ${selectCell(c, item, name)}
    <th scope="row" lang="${request.lang}">${name}</th>
    <td>${item.employeeNo}</td>
    <td>${localName(request, item.districtEn, item.districtHi)}</td>
    <td>${officeBadge(request.t, item.officeStatus)}</td>
    <td class="review-contact">${contactLine(request, c.v.contacts.get(item.itemId))}</td>
    <td class="review-decision-cell">
      ${item.decision === 'pending' ? decisionControls(c, item, name) : decidedSummary(request, item)}
    </td>
  </tr>`;
}

function officersTable(c: RowContext): SafeHtml {
  const t = c.request.t;
  const headings = [
    t('proposals.workflow.colSelect'),
    t('officer'),
    t('employeeNo'),
    t('district'),
    t('office'),
    t('proposals.review.colContact'),
    t('proposals.workflow.colDecision'),
  ];
  return html`<div
    class="table-wrap review-table-wrap"
    role="region"
    aria-labelledby="review-caption"
    tabindex="0"
  >
    <table class="data review-table" id="review-table">
      <caption id="review-caption">
        ${t('proposals.review.tableCaption', { id: c.v.proposal.id })}
      </caption>
      <thead>
        <tr>
          ${headings.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${c.v.items.map((i) => itemRow(c, i))}
      </tbody>
    </table>
  </div>`;
}

/** The buttons under the table: the rows' own decisions, or the ticked rows together. */
function actions(c: RowContext): SafeHtml {
  const t = c.request.t;
  const general = c.errors.get('review-actions') ?? [];
  const reasonErrors = c.errors.get('bulkReason') ?? [];
  return html`<div class="review-actions" id="review-actions" tabindex="-1">
    ${fieldMessages('review-actions', general)}
    <p class="actions">
      <button type="submit" name="do" value="rows">${t('proposals.review.rowsButton')}</button>
    </p>
    <fieldset class="review-bulk">
      <legend>${t('proposals.review.selectedLegend')}</legend>
      <p class="actions">
        <button type="submit" name="do" value="approve_selected" class="secondary">
          ${t('proposals.review.approveSelected')}
        </button>
      </p>
      <div class="review-field">
        <label for="bulkReason">${t('proposals.review.bulkReasonLabel')}</label>
        ${fieldMessages('bulkReason', reasonErrors)}
        <input
          type="text"
          id="bulkReason"
          name="bulkReason"
          maxlength="500"
          value="${c.v.bulkReason ?? ''}"
          ${reasonErrors.length > 0 ? html`aria-invalid="true" aria-describedby="bulkReason-error"` : ''}
        />
      </div>
      <p class="actions">
        <button type="submit" name="do" value="reject_selected" class="secondary">
          ${t('proposals.review.rejectSelected')}
        </button>
      </p>
    </fieldset>
  </div>`;
}

/** Errors by the field they concern, to show each beside its field. */
function errorsByField(errors: readonly FieldError[]): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const e of errors) {
    if (e.field === undefined) continue;
    byField.set(e.field, [...(byField.get(e.field) ?? []), e.text]);
  }
  return byField;
}

/**
 * `/console/review/:id`: one table row per officer (name, employee number, district, office status, where the
 * activation goes, the decision), the rows' decisions or a bulk action on the ticked rows, one confirm step.
 */
export function renderReviewPage(request: FastifyRequest, staff: Staff, v: ReviewView): string {
  const t = request.t;
  const pending = v.items.some((i) => i.decision === 'pending');
  const c: RowContext = { request, v, errors: errorsByField(v.errors ?? []) };
  const body = pending
    ? html`<p>${t('proposals.workflow.reviewIntro')}</p>
        <form method="post" action="/console/review/${v.proposal.id}/decide" novalidate id="review-form">
          <input type="hidden" name="_csrf" value="${staff.csrf}" />
          ${officersTable(c)} ${actions(c)}
        </form>`
    : html`<p class="status-box ok">${t('proposals.workflow.allDecided')}</p>
        ${officersTable(c)}`;
  const p = v.proposal;
  return renderReviewFrame(request, {
    title: t('proposals.workflow.reviewTitle', { id: p.id, zone: localName(request, p.zoneEn, p.zoneHi) }),
    proposal: p,
    errors: v.errors,
    notice: v.notice,
    main: html`${body}
      <p><a href="/console/review">${t('proposals.workflow.backToQueue')}</a></p>`,
  });
}
