import type { FastifyRequest } from 'fastify';
import { errorSummary, html, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { scopeOf, type Staff } from '../policy/index.ts';
import { formatDateTime, type Lang } from '../i18n/index.ts';
import { renderBarChart, type ChartSeries } from './report-chart.ts';
import { GROUPINGS, reportSearch, type ReportQuery } from './report-params.ts';
import { METRICS, type Metric, type RolloutReport } from './report-query.ts';

export interface ReportView {
  staff: Staff;
  /** The parameters as typed, echoed into the form. */
  raw: Record<string, string>;
  query: ReportQuery | undefined;
  report: RolloutReport | undefined;
  options: {
    zones: { id: string; nameEn: string; nameHi: string }[];
    wings: { id: string; nameEn: string; nameHi: string }[];
  };
  now: number;
  error?: string;
}

/** The chart shows the rollout's funnel; rejections are in the table. */
const CHART_METRICS: readonly { metric: Metric; fill: string }[] = [
  { metric: 'proposed', fill: '#4a4a4a' },
  { metric: 'approved', fill: '#0b3d91' },
  { metric: 'activated', fill: '#1a6b2f' },
  { metric: 'used7d', fill: '#8a4b00' },
];

const nameIn = (lang: Lang, r: { nameEn: string; nameHi: string }) => (lang === 'hi' ? r.nameHi : r.nameEn);

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}" ${value === selected ? html`selected` : ''}>${label}</option>`;
}

function filterForm(request: FastifyRequest, v: ReportView): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const picked = (name: string) => v.raw[name] ?? '';
  return html`<form method="get" action="/console/reports" class="filter">
    <label for="group">${t('reports.group')}</label>
    <select id="group" name="group">
      ${GROUPINGS.map((g) => option(g, t(`reports.group_${g}`), picked('group') || 'zone'))}
    </select>
    ${
      v.staff.scope === 'all'
        ? html`<label for="zone">${t('zone')}</label>
            <select id="zone" name="zone">
              ${option('', t('reports.any'), picked('zone'))}
              ${v.options.zones.map((z) => option(z.id, nameIn(lang, z), picked('zone')))}
            </select>`
        : ''
    }
    <label for="wing">${t('wing')}</label>
    <select id="wing" name="wing">
      ${option('', t('reports.any'), picked('wing'))}
      ${v.options.wings.map((w) => option(w.id, nameIn(lang, w), picked('wing')))}
    </select>
    <p class="actions"><button type="submit">${t('reports.show')}</button></p>
  </form>`;
}

function definitions(request: FastifyRequest): SafeHtml {
  const t = request.t;
  return html`<h2>${t('reports.definitionsHeading')}</h2>
    <dl>
      ${METRICS.map(
        (m) =>
          html`<dt>${t(`reports.metric_${m}`)}</dt>
            <dd>${t(`reports.def_${m}`)}</dd>`,
      )}
    </dl>`;
}

function table(request: FastifyRequest, query: ReportQuery, report: RolloutReport): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  return html`<div
    class="table-wrap"
    role="region"
    tabindex="0"
    aria-label="${t(`reports.caption_${query.group}`)}"
  >
    <table class="data">
      <caption>
        ${t(`reports.caption_${query.group}`)}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t(query.group)}</th>
          ${METRICS.map((m) => html`<th scope="col">${t(`reports.metric_${m}`)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${report.rows.map(
          (r) =>
            html`<tr>
              <th scope="row">${nameIn(lang, r)}</th>
              ${METRICS.map((m) => html`<td>${r[m]}</td>`)}
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">${t('reports.total')}</th>
          ${METRICS.map((m) => html`<td><strong>${report.totals[m]}</strong></td>`)}
        </tr>
      </tfoot>
    </table>
  </div>`;
}

function chart(request: FastifyRequest, query: ReportQuery, report: RolloutReport): SafeHtml {
  const t = request.t;
  const series: ChartSeries[] = CHART_METRICS.map((c) => ({
    label: t(`reports.metric_${c.metric}`),
    fill: c.fill,
  }));
  const shown = report.rows.filter((r) => CHART_METRICS.some((c) => r[c.metric] > 0));
  return html`<figure>
    ${renderBarChart({
      id: 'rollout-chart',
      title: t(`reports.chartTitle_${query.group}`),
      description: t('reports.chartDesc', { n: shown.length }),
      series,
      groups: shown.map((r) => ({
        label: nameIn(request.lang, r),
        values: CHART_METRICS.map((c) => r[c.metric]),
      })),
      emptyText: t('reports.chartEmpty'),
    })}
    <figcaption>${t('reports.chartNote')}</figcaption>
  </figure>`;
}

/** The report page, which is also the preview of the CSV download. */
export function renderReportPage(request: FastifyRequest, v: ReportView): string {
  const t = request.t;
  const body =
    v.query && v.report
      ? html`<p role="status">
            ${t('reports.generated', { when: formatDateTime(request.lang, v.now), who: v.staff.userId })}
            ${v.staff.scope === 'all' ? '' : t('reports.scopeNote')}
          </p>
          ${table(request, v.query, v.report)} ${chart(request, v.query, v.report)}
          <h2>${t('reports.exportHeading')}</h2>
          <p>${t('reports.downloadHint')}</p>
          <p class="actions">
            <a class="button" href="/console/reports.csv?${reportSearch(v.query)}" download
              >${t('reports.download')}</a
            >
          </p>
          ${definitions(request)}`
      : '';
  return renderConsolePage(request, {
    title: t('reports.title'),
    hasError: Boolean(v.error),
    main: html`<h1>${t('reports.title')}</h1>
      ${errorSummary(t, v.error ? [v.error] : [])}
      <p>${t('reports.intro')}</p>
      ${
        scopeOf(v.staff.role, 'ticket.read')
          ? html`<p><a href="/console/helpdesk/reports">${t('helpdesk.reportsLink')}</a></p>`
          : ''
      }
      ${filterForm(request, v)} ${body}`,
  });
}
