import type { FastifyRequest } from 'fastify';
import { errorSummary, html, renderConsolePage, type SafeHtml } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import { renderIssueTable, renderValidRows, type PlaceNames } from './tables.ts';
import type { ImportReport } from './validate.ts';

export interface PreviewView {
  readonly staff: Staff;
  readonly report: ImportReport;
  /** The stored upload the commit form refers to. */
  readonly key: string;
  readonly zoneLabel: string;
  /** Names for the IDs the valid rows hold. */
  readonly names: PlaceNames;
  readonly errors?: readonly string[];
}

/** The preview's own address. */
export const previewPath = (key: string): string => `/console/proposals/import/${encodeURIComponent(key)}`;

function renderCommitForm(request: FastifyRequest, v: PreviewView): SafeHtml | string {
  const t = request.t;
  const { counts } = v.report;
  if (counts.valid === 0) return '';
  return html`<form method="post" action="/console/proposals/import/commit">
    <input type="hidden" name="_csrf" value="${v.staff.csrf}" />
    <input type="hidden" name="key" value="${v.key}" />
    ${
      counts.rejected > 0
        ? html`<label class="checkbox"
            ><input type="checkbox" name="dropRejected" value="yes" />
            ${t('proposals.import.dropRejected', { n: counts.valid })}</label
          >`
        : ''
    }
    <p class="hint">${t('proposals.import.commitHint')}</p>
    <p class="actions"><button type="submit">${t('proposals.import.commit', { n: counts.valid })}</button></p>
  </form>`;
}

/**
 * The dry run's report: counts, problems by row and column, notes, valid rows, and the commit form. Served at
 * the upload's own address (`previewPath`), so the language switch, a reload and the back button keep it.
 */
export function renderPreviewPage(request: FastifyRequest, v: PreviewView): string {
  const t = request.t;
  const { report } = v;
  const { counts } = report;
  const rejected = counts.rejected > 0;
  const reportHref = `/console/proposals/import/report.csv?key=${encodeURIComponent(v.key)}`;
  return renderConsolePage(request, {
    title: t('proposals.import.previewTitle'),
    hasError: rejected || (v.errors ?? []).length > 0,
    main: html`<h1>${t('proposals.import.previewTitle')}</h1>
      ${errorSummary(t, v.errors ?? [])}
      <p>${t('proposals.import.zoneFixed', { zone: v.zoneLabel })}</p>
      <div class="status-box ${rejected ? 'bad' : 'ok'}">
        <p role="status">
          <strong
            >${
              rejected
                ? t('proposals.import.rejectedStatus', { n: counts.rejected })
                : t('proposals.import.allValid', { n: counts.valid })
            }</strong
          >
          ${t('proposals.import.summary', {
            rows: counts.rows,
            valid: counts.valid,
            rejected: counts.rejected,
            newOfficers: counts.newOfficers,
            existing: counts.existingOfficers,
          })}
        </p>
        ${rejected ? html`<p>${t('proposals.import.blocked')}</p>` : ''}
      </div>
      ${
        report.problems.length > 0
          ? html`<h2>${t('proposals.import.problemsCaption')}</h2>
              ${renderIssueTable(request, report.problems, {
                id: 'problems',
                caption: t('proposals.import.problemsCaption'),
                total: report.listed?.problems,
              })}`
          : ''
      }
      ${
        report.notes.length > 0
          ? html`<h2>${t('proposals.import.notesCaption')}</h2>
              ${renderIssueTable(request, report.notes, {
                id: 'notes',
                caption: t('proposals.import.notesCaption'),
                notes: true,
                total: report.listed?.notes,
              })}`
          : ''
      }
      ${
        report.problems.length + report.notes.length > 0
          ? html`<p><a href="${reportHref}" download>${t('proposals.import.reportLink')}</a></p>`
          : ''
      }
      ${
        counts.valid > 0
          ? html`<h2>${t('proposals.import.validCaption')}</h2>
              ${renderValidRows(request, report.rows, v.names, { total: counts.valid })}`
          : ''
      }
      ${renderCommitForm(request, v)}
      <p><a href="/console/proposals/import">${t('proposals.import.uploadAgain')}</a></p>`,
  });
}
