import type { FastifyRequest } from 'fastify';
import type { Lang } from '../../i18n/index.ts';
import { html, type SafeHtml } from '../../web/index.ts';
import { bothNames, dataTable } from '../pages-common.ts';
import type { ImportIssue } from './issues.ts';
import type { ImportRow } from './rules.ts';
import { describeIssue } from './text.ts';

/** Rows shown on a page; the full report is a download. */
export const PAGE_LIMIT = 500;

const other = (lang: Lang): Lang => (lang === 'hi' ? 'en' : 'hi');

function shownNote(request: FastifyRequest, shown: number, total: number): SafeHtml | string {
  return shown < total
    ? html`<p class="hint">${request.t('proposals.import.shown', { shown, total })}</p>`
    : '';
}

/** Problems (or notes) by line and column, each explained and with its fix in Hindi and English. */
export function renderIssueTable(
  request: FastifyRequest,
  issues: readonly ImportIssue[],
  o: { id: string; caption: string; notes?: boolean; limit?: number; total?: number },
): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const second = other(lang);
  const shown = issues.slice(0, o.limit ?? PAGE_LIMIT);
  return html`${dataTable({
    id: o.id,
    caption: o.caption,
    headings: [
      t('proposals.import.line'),
      t('proposals.import.column'),
      t('proposals.import.value'),
      t(o.notes ? 'proposals.import.note' : 'proposals.import.problem'),
      t('proposals.import.fix'),
    ],
    rows: shown.map((i) => {
      const here = describeIssue(i, lang);
      const there = describeIssue(i, second);
      return html`<td>${i.line ?? t('proposals.import.wholeFile')}</td>
        <td>${i.column ? html`<code>${i.column}</code>` : ''}</td>
        <td>${i.value}</td>
        <td>${here.problem}<br /><span class="hint" lang="${second}">${there.problem}</span></td>
        <td>${here.fix}<br /><span class="hint" lang="${second}">${there.fix}</span></td>`;
    }),
  })}
  ${shownNote(request, shown.length, o.total ?? issues.length)}`;
}

/** The rows that would be imported. */
export function renderValidRows(
  request: FastifyRequest,
  rows: readonly ImportRow[],
  limit = PAGE_LIMIT,
  total = rows.length,
): SafeHtml {
  const t = request.t;
  const shown = rows.slice(0, limit);
  return html`${dataTable({
    id: 'valid-rows',
    caption: t('proposals.import.validCaption'),
    headings: [
      t('proposals.import.line'),
      t('employeeNo'),
      t('officer'),
      t('rank'),
      t('wing'),
      t('district'),
      t('zone'),
      t('proposals.import.email'),
      t('proposals.import.directory'),
    ],
    rows: shown.map(
      (r) =>
        html`<td>${r.line}</td>
          <td>${r.employeeNo}</td>
          <td>${bothNames(r.nameEn, r.nameHi)}</td>
          <td>${r.rankId}</td>
          <td>${r.wingId}</td>
          <td>${r.districtId}</td>
          <td>${r.zoneId}</td>
          <td>${r.email}</td>
          <td>
            ${t(r.officerId === null ? 'proposals.import.newOfficer' : 'proposals.import.inDirectory')}
          </td>`,
    ),
  })}
  ${shownNote(request, shown.length, total)}`;
}
