import type { FastifyRequest } from 'fastify';
import type { AccountStatus } from '../accounts/table.ts';
import type { OfficeStatus, OfficerRow } from '../directory/index.ts';
import { ERRORS, type ErrorCode, type ErrorVars } from '../errors.ts';
import { formatDateTime, type Translate } from '../i18n/index.ts';
import { type FieldError, html, linkedErrorSummary, renderConsolePage, type SafeHtml } from '../web/index.ts';
import type { ProposalItemView, ProposalSummary } from './queries.ts';
import type { ItemDecision, ProposalStatus } from './table.ts';

export { type FieldError, linkedErrorSummary } from '../web/index.ts';

/** A refusal shown on the form it concerns: the error table's sentence, linked to `field` when given. */
export function failureError(t: Translate, code: ErrorCode, field?: string, vars?: ErrorVars): FieldError {
  const text = t(ERRORS[code].body, vars);
  return field === undefined ? { text } : { field, text };
}

/** A success or information message, read out by screen readers. */
export function notice(text: readonly string[] | undefined): SafeHtml {
  if (!text || text.length === 0) return html``;
  return html`<div class="status-box ok" role="status">${text.map((p) => html`<p>${p}</p>`)}</div>`;
}

/** Picks the name in the page's language. */
export function localName(request: FastifyRequest, en: string, hi: string): string {
  return request.lang === 'hi' ? hi : en;
}

/**
 * An officer's name as the page's reader reads it: the directory's Hindi name on a Hindi page, the English
 * name on an English one. The English name stands in (marked as English) where no Hindi name is held.
 */
export function officerName(request: FastifyRequest, nameEn: string, nameHi: string | null): SafeHtml {
  return request.lang === 'hi' && nameHi
    ? html`<span lang="hi">${nameHi}</span>`
    : html`<span lang="en">${nameEn}</span>`;
}

/** Both names, each marked with its language (where both are being checked, e.g. an uploaded row). */
export function bothNames(nameEn: string, nameHi: string): SafeHtml {
  return html`<span lang="en">${nameEn}</span><br /><span lang="hi">${nameHi}</span>`;
}

/** Office status as icon and text, never colour alone. */
export function officeCell(t: Translate, status: OfficeStatus): SafeHtml {
  return status === 'closed'
    ? html`<span class="office-closed">🔒 ${t('officeClosed')}</span>`
    : html`<span class="office-open">⚠ ${t('proposals.workflow.officeOpenFlag')}</span>`;
}

export interface DataTable {
  /** Names the table's wrapper, for links and scripts. */
  readonly id?: string;
  readonly caption: string;
  /** One column heading each. */
  readonly headings: readonly (string | SafeHtml)[];
  /** One row each: its cells. */
  readonly rows: readonly SafeHtml[];
}

/**
 * A data table in a wrapper that scrolls it sideways on narrow screens. The wrapper is a focusable region named
 * by the caption, so a keyboard user can reach and scroll it (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
export function dataTable(v: DataTable): SafeHtml {
  const captionId = v.id === undefined ? undefined : `${v.id}-caption`;
  const region =
    captionId === undefined
      ? html`role="region" tabindex="0" aria-label="${v.caption}"`
      : html`id="${v.id ?? ''}" role="region" tabindex="0" aria-labelledby="${captionId}"`;
  return html`<div class="table-wrap" ${region}>
    <table class="data">
      <caption ${captionId === undefined ? '' : html`id="${captionId}"`}>
        ${v.caption}
      </caption>
      <thead>
        <tr>
          ${v.headings.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${v.rows.map(
          (cells) =>
            html`<tr>
              ${cells}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The headings of the officer columns every officer table starts with. */
export function officerHeadings(t: Translate): string[] {
  return [t('employeeNo'), t('officer'), t('rank'), t('wing'), t('district'), t('office')];
}

/** One officer's cells under `officerHeadings`. */
export function officerCells(request: FastifyRequest, o: OfficerRow): SafeHtml {
  return html`<td>${o.employeeNo}</td>
    <td>${officerName(request, o.nameEn, o.nameHi)}</td>
    <td>${localName(request, o.rankEn, o.rankHi)}</td>
    <td>${localName(request, o.wingEn, o.wingHi)}</td>
    <td>${localName(request, o.districtEn, o.districtHi)}</td>
    <td>${officeCell(request.t, o.officeStatus)}</td>`;
}

const DECISION_ICON: Record<ItemDecision, string> = { pending: '⏳', approved: '✔', rejected: '✖' };

export function decisionText(t: Translate, decision: ItemDecision): string {
  return `${DECISION_ICON[decision]} ${t(`proposals.workflow.decision_${decision}`)}`;
}

export function statusText(t: Translate, status: ProposalStatus): string {
  return t(`proposals.workflow.status_${status}`);
}

export function accountStatusText(t: Translate, status: AccountStatus): string {
  return t(`status_${status}`);
}

/** The account column: user ID and status once provisioned. */
export function accountCell(
  t: Translate,
  item: Pick<ProposalItemView, 'userId' | 'accountStatus'>,
): SafeHtml {
  if (!item.userId || !item.accountStatus) return html`—`;
  return html`<code>${item.userId}</code><br />${accountStatusText(t, item.accountStatus)}`;
}

/** "Submitted → HQ review → Approved/Rejected → Activated", each step with its date or state. */
export function timeline(request: FastifyRequest, p: ProposalSummary): SafeHtml {
  const t = request.t;
  const when = (ms: number | null) => (ms === null ? null : formatDateTime(request.lang, ms));
  const submitted = when(p.submittedAt);
  const reviewStarted = when(p.firstDecisionAt);
  const decided = when(p.decidedAt);
  const steps: { label: string; state: string; done: boolean }[] = [
    {
      label: t('proposals.workflow.stepSubmitted'),
      state: submitted ?? t('proposals.workflow.stepNotYet'),
      done: submitted !== null,
    },
    {
      label: t('proposals.workflow.stepReview'),
      state: reviewStarted
        ? t('proposals.workflow.stepReviewStarted', { when: reviewStarted })
        : t('proposals.workflow.stepNotYet'),
      done: reviewStarted !== null,
    },
    {
      label: t('proposals.workflow.stepDecided'),
      state: decided
        ? t('proposals.workflow.stepDecidedOn', { when: decided, approved: p.approved, rejected: p.rejected })
        : t('proposals.workflow.stepNotYet'),
      done: decided !== null,
    },
    {
      label: t('proposals.workflow.stepActivated'),
      state: t('proposals.workflow.stepActivatedCount', { n: p.activated, m: p.approved }),
      done: p.approved > 0 && p.activated === p.approved,
    },
  ];
  const current = steps.findIndex((s) => !s.done);
  return html`<ol class="steps timeline" aria-label="${t('proposals.workflow.timelineLabel', { id: p.id })}">
    ${steps.map(
      (s, i) =>
        html`<li ${i === current ? html`aria-current="step"` : ''}>
          ${s.done ? '✔ ' : ''}${s.label}:
          ${s.state}${i < steps.length - 1 ? html`<span aria-hidden="true"> →</span>` : ''}
        </li>`,
    )}
  </ol>`;
}

/** The proposal's facts as a definition list. */
export function proposalFacts(request: FastifyRequest, p: ProposalSummary): SafeHtml {
  const t = request.t;
  return html`<dl class="facts">
    <dt>${t('zone')}</dt>
    <dd>${localName(request, p.zoneEn, p.zoneHi)}</dd>
    <dt>${t('proposals.workflow.colStatus')}</dt>
    <dd>${statusText(t, p.status)}</dd>
    <dt>${t('proposals.workflow.createdBy')}</dt>
    <dd>${p.createdByName} (<code>${p.createdByUserId}</code>)</dd>
    <dt>${t('proposals.workflow.createdAt')}</dt>
    <dd>${formatDateTime(request.lang, p.createdAt)}</dd>
    <dt>${t('proposals.workflow.colOfficers')}</dt>
    <dd>
      ${p.total} (${t('proposals.workflow.colApproved')}: ${p.approved},
      ${t('proposals.workflow.colRejected')}: ${p.rejected}, ${t('proposals.workflow.colPending')}:
      ${p.pending})
    </dd>
  </dl>`;
}

export interface ProposalPage {
  /** `detailTitle` (the proposer's page) or `reviewTitle` (HQ's), both naming the proposal and its zone. */
  readonly title: 'proposals.workflow.detailTitle' | 'proposals.workflow.reviewTitle';
  readonly proposal: ProposalSummary;
  readonly errors?: readonly FieldError[] | undefined;
  readonly notice?: readonly string[] | undefined;
  /** What follows the facts and the timeline. */
  readonly main: SafeHtml;
}

/** A page about one proposal: its title, errors or notice, facts and timeline, then the page's own part. */
export function renderProposalPage(request: FastifyRequest, v: ProposalPage): string {
  const t = request.t;
  const p = v.proposal;
  const title = t(v.title, { id: p.id, zone: localName(request, p.zoneEn, p.zoneHi) });
  const errors = v.errors ?? [];
  return renderConsolePage(request, {
    title,
    hasError: errors.length > 0,
    main: html`<h1>${title}</h1>
      ${linkedErrorSummary(t, errors)} ${notice(v.notice)} ${proposalFacts(request, p)}
      ${timeline(request, p)} ${v.main}`,
  });
}
