import type { FastifyRequest } from 'fastify';
import type { OfficeStatus } from '../../directory/table.ts';
import type { Translate } from '../../i18n/index.ts';
import { html, renderConsolePage, type SafeHtml } from '../../web/index.ts';
import { linkedErrorSummary, notice, proposalFacts, timeline, type FieldError } from '../pages-common.ts';
import type { ProposalSummary } from '../queries.ts';

/** The review pages' own stylesheet and script (static files: the CSP allows no inline script or style). */
export const REVIEW_STYLESHEET = '/static/review.css';
export const REVIEW_SCRIPT = '/static/review.js';

/**
 * A label text whose `[bracketed]` parts are for screen readers only: the officer's name in each control's
 * accessible name, without repeating it visibly in every cell of the officer's own row. The catalogue places
 * the brackets, so each language keeps its own word order ("Approve[ {name}]", "[{name} को ]स्वीकृत करें").
 */
export function withHiddenParts(text: string): SafeHtml {
  const parts = text.split(/\[([^\]]*)\]/);
  return html`${parts.map((p, i) => (i % 2 === 1 ? html`<span class="visually-hidden">${p}</span>` : p))}`;
}

/** The same text with the brackets dropped, for where all of it is read (a confirm page, a hidden label). */
export function withoutMarks(text: string): string {
  return text.replace(/[[\]]/g, '');
}

/** The errors of one field, shown beside it; `id` + "-error" is what the field's aria-describedby names. */
export function fieldMessages(id: string, errors: readonly string[]): SafeHtml | string {
  if (errors.length === 0) return '';
  return html`<p class="field-error" id="${id}-error">
    ${errors.map((e, i) => html`${i > 0 ? html`<br />` : ''}<span class="visually-hidden">⚠ </span>${e}`)}
  </p>`;
}

/** Office status as a badge: words and an icon, warning colours for an open office (see review.css). */
export function officeBadge(t: Translate, status: OfficeStatus): SafeHtml {
  return status === 'open'
    ? html`<span class="review-badge review-badge-warn"
        ><span aria-hidden="true">⚠ </span>${t('proposals.workflow.officeOpenFlag')}</span
      >`
    : html`<span class="review-badge review-badge-calm">${t('proposals.review.badgeOfficeClosed')}</span>`;
}

export interface ReviewFrame {
  readonly title: string;
  /** The proposal's facts and timeline under the heading, when the page is about one proposal. */
  readonly proposal?: ProposalSummary;
  readonly errors?: readonly FieldError[] | undefined;
  readonly notice?: readonly string[] | undefined;
  readonly main: SafeHtml;
}

/**
 * A review page in the console frame, with review.css and review.js.
 */
export function renderReviewFrame(request: FastifyRequest, f: ReviewFrame): string {
  const t = request.t;
  const errors = f.errors ?? [];
  return renderConsolePage(request, {
    title: f.title,
    hasError: errors.length > 0,
    scripts: [REVIEW_SCRIPT],
    styles: [REVIEW_STYLESHEET],
    main: html`<h1>${f.title}</h1>
      ${linkedErrorSummary(t, errors)} ${notice(f.notice)}
      ${f.proposal ? html`${proposalFacts(request, f.proposal)} ${timeline(request, f.proposal)}` : ''}
      ${f.main}`,
  });
}
