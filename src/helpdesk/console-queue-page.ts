import type { FastifyRequest } from 'fastify';
import { formatDateTime } from '../i18n/index.ts';
import { html, linkedErrorSummary, renderConsolePage, type SafeHtml } from '../web/index.ts';
import type { Holidays } from './business-time.ts';
import { slaClock } from './console-sla-clock.ts';
import {
  ageWords,
  categoryWords,
  officerName,
  priorityWords,
  slaWords,
  statusWords,
  tierWords,
} from './console-words.ts';
import { TICKET_CATEGORIES, TICKET_STATUSES, TICKET_TIERS } from './model.ts';
import type { QueueFilters, QueuePage, QueueRow } from './queue-query.ts';

export interface QueueView {
  /** The parameters as typed, echoed into the form. */
  readonly raw: Record<string, string>;
  readonly filters: QueueFilters | undefined;
  readonly result: QueuePage | undefined;
  readonly now: number;
  readonly holidays: Holidays;
  /** Whether the reader may change the support set-up (links to locations, holidays, SLA targets). */
  readonly manages: boolean;
  /** A sentence about whose tickets these are (the reader's district, zone, tier). */
  readonly scopeNote: string;
  readonly error?: string;
}

/** The query string of the filters (without the page unless given). */
export function queueSearch(f: QueueFilters, page?: number): string {
  const params = new URLSearchParams();
  params.set('status', f.status);
  if (f.category) params.set('category', f.category);
  if (f.tier) params.set('tier', f.tier);
  if (page !== undefined) params.set('page', String(page));
  return `?${params.toString()}`;
}

function filterForm(request: FastifyRequest, v: QueueView): SafeHtml {
  const t = request.t;
  const select = (name: string, label: string, options: readonly (readonly [string, string])[]) => {
    const picked = v.raw[name] ?? '';
    return html`<p>
      <label for="${name}">${label}</label>
      <select
        id="${name}"
        name="${name}"
        ${v.error ? html`aria-invalid="true" aria-describedby="filters-error"` : ''}
      >
        ${options.map(
          ([value, words]) =>
            html`<option value="${value}" ${value === picked ? html`selected` : ''}>${words}</option>`,
        )}
      </select>
    </p>`;
  };
  return html`<form method="get" action="/console/helpdesk" class="filter" id="filters">
    ${v.error ? html`<p class="field-error" id="filters-error">${v.error}</p>` : ''}
    ${select('status', t('helpdesk.filterStatus'), [
      ['open', t('helpdesk.statusOpen')],
      ['all', t('helpdesk.statusAll')],
      ...TICKET_STATUSES.map((s) => [s, statusWords(t, s)] as const),
    ])}
    ${select('category', t('helpdesk.filterCategory'), [
      ['', t('helpdesk.anyCategory')],
      ...TICKET_CATEGORIES.map((c) => [c, categoryWords(t, c)] as const),
    ])}
    ${select('tier', t('helpdesk.filterTier'), [
      ['', t('helpdesk.tierDefault')],
      ['all', t('helpdesk.tierAll')],
      ...TICKET_TIERS.map((x) => [x, tierWords(t, x)] as const),
    ])}
    <p class="actions"><button type="submit">${t('helpdesk.show')}</button></p>
  </form>`;
}

function row(request: FastifyRequest, v: QueueView, r: QueueRow): SafeHtml {
  const t = request.t;
  const clock = slaClock(r, v.now, v.holidays);
  const name = officerName(request.lang, r);
  return html`<tr>
    <th scope="row"><a href="/console/helpdesk/tickets/${r.number}">${r.number}</a></th>
    <td>${r.userId}${name ? html`<br />${name}` : ''}</td>
    <td>${categoryWords(t, r.category)}</td>
    <td>${statusWords(t, r.status)}</td>
    <td>${priorityWords(t, r.priority)}</td>
    <td>
      <time
        datetime="${new Date(r.createdAt).toISOString()}"
        title="${formatDateTime(request.lang, r.createdAt)}"
        >${ageWords(t, r.createdAt, v.now)}</time
      >
    </td>
    <td>
      ${clock.kind === 'breached' ? html`<strong class="sla-breached">${slaWords(t, clock)}</strong>` : slaWords(t, clock)}
    </td>
    <td>${tierWords(t, r.tier)}</td>
  </tr>`;
}

function table(request: FastifyRequest, v: QueueView, result: QueuePage): SafeHtml {
  const t = request.t;
  if (result.rows.length === 0) return html`<p class="status-box">${t('helpdesk.empty')}</p>`;
  const caption = t('helpdesk.caption', { page: result.page, pages: result.pages });
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}">
    <table class="data">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('helpdesk.col_number')}</th>
          <th scope="col">${t('helpdesk.col_officer')}</th>
          <th scope="col">${t('helpdesk.col_category')}</th>
          <th scope="col">${t('helpdesk.col_status')}</th>
          <th scope="col">${t('helpdesk.col_priority')}</th>
          <th scope="col">${t('helpdesk.col_age')}</th>
          <th scope="col">${t('helpdesk.col_sla')}</th>
          <th scope="col">${t('helpdesk.col_tier')}</th>
        </tr>
      </thead>
      <tbody>
        ${result.rows.map((r) => row(request, v, r))}
      </tbody>
    </table>
  </div>`;
}

function pagination(request: FastifyRequest, f: QueueFilters, result: QueuePage): SafeHtml {
  const t = request.t;
  if (result.pages <= 1) return html``;
  const link = (page: number, label: string) =>
    html`<a class="button secondary" href="/console/helpdesk${queueSearch(f, page)}">${label}</a>`;
  return html`<nav aria-label="${t('helpdesk.pagination')}">
    <p class="actions">
      ${result.page > 1 ? link(result.page - 1, t('helpdesk.previous')) : ''}
      <span>${t('helpdesk.pageOf', { page: result.page, pages: result.pages })}</span>
      ${result.page < result.pages ? link(result.page + 1, t('helpdesk.next')) : ''}
    </p>
  </nav>`;
}

function setupLinks(request: FastifyRequest): SafeHtml {
  const t = request.t;
  return html`<nav aria-label="${t('helpdesk.setupNav')}">
    <h2>${t('helpdesk.setupNav')}</h2>
    <ul>
      <li><a href="/console/helpdesk/locations">${t('helpdesk.locationsTitle')}</a></li>
      <li><a href="/console/helpdesk/holidays">${t('helpdesk.holidaysTitle')}</a></li>
      <li><a href="/console/helpdesk/sla-targets">${t('helpdesk.slaTitle')}</a></li>
    </ul>
  </nav>`;
}

/** The queue: filters, the tickets with their SLA clocks, paging, the CSV of the same filter. */
export function renderQueuePage(request: FastifyRequest, v: QueueView): string {
  const t = request.t;
  const results =
    v.result && v.filters
      ? html`<p role="status">
            ${v.result.total === 1 ? t('helpdesk.countOne') : t('helpdesk.count', { n: v.result.total })}
          </p>
          ${table(request, v, v.result)} ${pagination(request, v.filters, v.result)}
          <h2>${t('helpdesk.exportHeading')}</h2>
          <p>${t('helpdesk.exportHint')}</p>
          <p class="actions">
            <a class="button" href="/console/helpdesk.csv${queueSearch(v.filters)}" download
              >${t('helpdesk.exportCsv')}</a
            >
          </p>`
      : '';
  return renderConsolePage(request, {
    title: t('helpdesk.queueTitle'),
    hasError: Boolean(v.error),
    main: html`<h1>${t('helpdesk.queueTitle')}</h1>
      ${linkedErrorSummary(t, v.error ? [{ field: 'status', text: v.error }] : [])}
      <p>${v.scopeNote}</p>
      <p><a href="/console/helpdesk/reports">${t('helpdesk.reportsLink')}</a></p>
      ${filterForm(request, v)} ${results} ${v.manages ? setupLinks(request) : ''}`,
  });
}
