import type { FastifyRequest } from 'fastify';
import type { Lang } from '../../i18n/index.ts';
import { html, type SafeHtml } from '../../web/index.ts';
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
  o: { id: string; caption: string; notes?: boolean; limit?: number },
): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const second = other(lang);
  const shown = issues.slice(0, o.limit ?? PAGE_LIMIT);
  return html`<div class="table-wrap" id="${o.id}">
      <table class="data">
        <caption>
          ${o.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('proposals.import.line')}</th>
            <th scope="col">${t('proposals.import.column')}</th>
            <th scope="col">${t('proposals.import.value')}</th>
            <th scope="col">${t(o.notes ? 'proposals.import.note' : 'proposals.import.problem')}</th>
            <th scope="col">${t('proposals.import.fix')}</th>
          </tr>
        </thead>
        <tbody>
          ${shown.map((i) => {
            const here = describeIssue(i, lang);
            const there = describeIssue(i, second);
            return html`<tr>
              <td>${i.line ?? t('proposals.import.wholeFile')}</td>
              <td>${i.column ? html`<code>${i.column}</code>` : ''}</td>
              <td>${i.value}</td>
              <td>${here.problem}<br /><span class="hint" lang="${second}">${there.problem}</span></td>
              <td>${here.fix}<br /><span class="hint" lang="${second}">${there.fix}</span></td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
    ${shownNote(request, shown.length, issues.length)}`;
}

/** The rows that would be imported. */
export function renderValidRows(
  request: FastifyRequest,
  rows: readonly ImportRow[],
  limit = PAGE_LIMIT,
): SafeHtml {
  const t = request.t;
  const shown = rows.slice(0, limit);
  return html`<div class="table-wrap" id="valid-rows">
      <table class="data">
        <caption>
          ${t('proposals.import.validCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('proposals.import.line')}</th>
            <th scope="col">${t('employeeNo')}</th>
            <th scope="col">${t('officer')}</th>
            <th scope="col">${t('rank')}</th>
            <th scope="col">${t('wing')}</th>
            <th scope="col">${t('district')}</th>
            <th scope="col">${t('zone')}</th>
            <th scope="col">${t('proposals.import.email')}</th>
            <th scope="col">${t('proposals.import.directory')}</th>
          </tr>
        </thead>
        <tbody>
          ${shown.map(
            (r) =>
              html`<tr>
                <td>${r.line}</td>
                <td>${r.employeeNo}</td>
                <td><span lang="en">${r.nameEn}</span><br /><span lang="hi">${r.nameHi}</span></td>
                <td>${r.rankId}</td>
                <td>${r.wingId}</td>
                <td>${r.districtId}</td>
                <td>${r.zoneId}</td>
                <td>${r.email}</td>
                <td>
                  ${t(r.officerId === null ? 'proposals.import.newOfficer' : 'proposals.import.inDirectory')}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${shownNote(request, shown.length, rows.length)}`;
}
