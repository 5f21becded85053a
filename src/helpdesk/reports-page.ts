import type { FastifyRequest } from 'fastify';
import { formatDateTime } from '../i18n/index.ts';
import type { Scope } from '../policy/index.ts';
import { html, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { renderFailureChart } from './reports-chart.ts';
import type { HelpdeskReport } from './reports-data.ts';
import { failureLabel, REPORT_TABLES, reportTable, type ReportTableId } from './reports-tables.ts';

export const REPORTS_PATH = '/console/helpdesk/reports';

function tableHtml(request: FastifyRequest, report: HelpdeskReport, id: ReportTableId): SafeHtml {
  const tbl = reportTable(report, id, request.lang);
  if (tbl.empty) return html`<p class="empty" id="empty-${id}">${tbl.empty}</p>`;
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="${tbl.caption}">
    <table class="data" id="table-${id}">
      <caption>
        ${tbl.caption}
      </caption>
      <thead>
        <tr>
          ${tbl.columns.map((c) => html`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${tbl.rows.map(
          ([head, ...cells]) =>
            html`<tr>
              <th scope="row">${head}</th>
              ${cells.map((c) => html`<td>${c ?? ''}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function failures(request: FastifyRequest, report: HelpdeskReport): SafeHtml {
  const t = request.t;
  const chart =
    report.failures.length === 0
      ? ''
      : html`<figure>
          ${renderFailureChart({
            id: 'failure-chart',
            title: t('ticketMail.chartTitle'),
            description: t('ticketMail.chartDesc', { n: report.failures.length }),
            bars: report.failures.map((f) => ({ label: failureLabel(request.lang, f), value: f.count })),
          })}
          <figcaption>${t('ticketMail.failuresNote')}</figcaption>
        </figure>`;
  return html`<h2>${t('ticketMail.failuresHeading')}</h2>
    ${chart} ${tableHtml(request, report, 'failures')}`;
}

/** The helpdesk reports page: every table, the failure chart with its table, and a CSV link per table. */
export function renderHelpdeskReportPage(
  request: FastifyRequest,
  v: { report: HelpdeskReport; now: number; userId: string; scope: Scope },
): string {
  const t = request.t;
  const { report } = v;
  const main = html`<h1>${t('ticketMail.reportTitle')}</h1>
    <p>${t('ticketMail.reportIntro')}</p>
    <p role="status">
      ${t('ticketMail.reportGenerated', { when: formatDateTime(request.lang, v.now), who: v.userId })}
      ${v.scope === 'all' ? '' : t('ticketMail.reportScopeNote')}
    </p>
    <h2>${t('ticketMail.openHeading')}</h2>
    ${report.openTotal === 0 ? '' : html`<p>${t('ticketMail.openTotal', { n: report.openTotal })}</p>`}
    ${tableHtml(request, report, 'category')}
    ${report.openTotal === 0 ? '' : tableHtml(request, report, 'zone')}
    ${report.openTotal === 0 ? '' : tableHtml(request, report, 'age')}
    <h2>${t('ticketMail.slaHeading')}</h2>
    ${tableHtml(request, report, 'sla')}
    <p>${t('ticketMail.slaNote')}</p>
    <h2>${t('ticketMail.mediansHeading')}</h2>
    ${tableHtml(request, report, 'medians')}
    <p>${t('ticketMail.mediansNote')}</p>
    ${failures(request, report)}
    <h2>${t('ticketMail.exportHeading')}</h2>
    <p>${t('ticketMail.downloadHint')}</p>
    <ul>
      ${REPORT_TABLES.map(
        (id) =>
          html`<li>
            <a href="${REPORTS_PATH}.csv?table=${id}" download>${t(`ticketMail.download_${id}`)}</a>
          </li>`,
      )}
    </ul>`;
  return renderConsolePage(request, { title: t('ticketMail.reportTitle'), main });
}
