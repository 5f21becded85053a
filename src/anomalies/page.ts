import type { FastifyRequest } from 'fastify';
import { formatDateTime, type Lang, type Translate } from '../i18n/index.ts';
import type { Staff } from '../policy/index.ts';
import { html, linkedErrorSummary, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { detailWords, isAccountKind, kindWords, timelinePath } from './describe.ts';
import type { AnomalyFilters, AnomalyPage, AnomalyRow } from './list-query.ts';
import { ANOMALY_KINDS } from './table.ts';

export interface AnomalyListView {
  readonly staff: Staff;
  /** The parameters as typed, echoed into the form. */
  readonly raw: Record<string, string>;
  readonly filters: AnomalyFilters | undefined;
  readonly result: AnomalyPage | undefined;
  readonly error?: string;
}

/** The officer's name in the page's language, else the account's display name, else nothing. */
export function nameOf(lang: Lang, r: Pick<AnomalyRow, 'displayName' | 'nameEn' | 'nameHi'>): string {
  return (lang === 'hi' ? r.nameHi : r.nameEn) ?? r.nameEn ?? r.displayName ?? '';
}

/** The subject as people read it: a user ID (and name), or "Address 10.1.2.3". */
export function subjectWords(t: Translate, lang: Lang, r: AnomalyRow): string {
  if (!isAccountKind(r.kind)) return t('anomalies.address', { ip: r.subject });
  const name = nameOf(lang, r);
  return name ? `${r.subject} (${name})` : r.subject;
}

function search(f: Pick<AnomalyFilters, 'kind'>, page?: number): string {
  const params = new URLSearchParams();
  if (f.kind) params.set('kind', f.kind);
  if (page !== undefined) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function filterForm(request: FastifyRequest, v: AnomalyListView): SafeHtml {
  const t = request.t;
  const picked = v.raw.kind ?? '';
  const option = (value: string, label: string) =>
    html`<option value="${value}" ${value === picked ? html`selected` : ''}>${label}</option>`;
  return html`<form method="get" action="/console/anomalies" class="filter">
    <label for="kind">${t('anomalies.filterKind')}</label>
    ${v.error ? html`<p class="field-error" id="kind-error">${v.error}</p>` : ''}
    <select id="kind" name="kind" ${v.error ? html`aria-invalid="true" aria-describedby="kind-error"` : ''}>
      ${option('', t('anomalies.anyKind'))} ${ANOMALY_KINDS.map((k) => option(k, kindWords(t, k)))}
    </select>
    <p class="actions"><button type="submit">${t('anomalies.show')}</button></p>
  </form>`;
}

function table(request: FastifyRequest, result: AnomalyPage): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  if (result.rows.length === 0) return html`<p class="status-box">${t('anomalies.empty')}</p>`;
  const caption = t('anomalies.caption', { page: result.page, pages: result.pages });
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}">
    <table class="data">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('anomalies.col_when')}</th>
          <th scope="col">${t('anomalies.col_kind')}</th>
          <th scope="col">${t('anomalies.col_subject')}</th>
          <th scope="col">${t('anomalies.col_detail')}</th>
          <th scope="col">${t('anomalies.col_notified')}</th>
          <th scope="col">${t('anomalies.col_timeline')}</th>
        </tr>
      </thead>
      <tbody>
        ${result.rows.map(
          (r) =>
            html`<tr>
              <td><time datetime="${new Date(r.at).toISOString()}">${formatDateTime(lang, r.at)}</time></td>
              <th scope="row">${kindWords(t, r.kind)}</th>
              <td>${subjectWords(t, lang, r)}</td>
              <td>${detailWords(t, r.kind, r.detail)}</td>
              <td>
                ${r.notifiedAt === null ? t('anomalies.notMailed') : formatDateTime(lang, r.notifiedAt)}
              </td>
              <td>
                ${
                  isAccountKind(r.kind)
                    ? html`<a href="${timelinePath(r.subject)}"
                        >${t('anomalies.timelineLink', { who: r.subject })}</a
                      >`
                    : '—'
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function pagination(request: FastifyRequest, f: AnomalyFilters, result: AnomalyPage): SafeHtml {
  const t = request.t;
  if (result.pages <= 1) return html``;
  const link = (page: number, label: string) =>
    html`<a class="button secondary" href="/console/anomalies${search(f, page)}">${label}</a>`;
  return html`<nav aria-label="${t('anomalies.pagination')}">
    <p class="actions">
      ${result.page > 1 ? link(result.page - 1, t('anomalies.previous')) : ''}
      <span>${t('anomalies.pageOf', { page: result.page, pages: result.pages })}</span>
      ${result.page < result.pages ? link(result.page + 1, t('anomalies.next')) : ''}
    </p>
  </nav>`;
}

/** The anomaly list: a kind filter, newest first, paging, and the CSV export of the same filter. */
export function renderAnomalyPage(request: FastifyRequest, v: AnomalyListView): string {
  const t = request.t;
  const results =
    v.result && v.filters
      ? html`<p role="status">
            ${t('anomalies.count', { n: v.result.total })}
            ${v.staff.scope === 'all' ? '' : t('anomalies.scopeNote')}
          </p>
          ${table(request, v.result)} ${pagination(request, v.filters, v.result)}
          <h2>${t('anomalies.exportHeading')}</h2>
          <p>${t('anomalies.exportHint')}</p>
          <p class="actions">
            <a class="button" href="/console/anomalies.csv${search(v.filters)}" download
              >${t('anomalies.exportCsv')}</a
            >
          </p>`
      : '';
  return renderConsolePage(request, {
    title: t('anomalies.title'),
    hasError: Boolean(v.error),
    main: html`<h1>${t('anomalies.title')}</h1>
      ${linkedErrorSummary(t, v.error ? [{ field: 'kind', text: v.error }] : [])}
      <p>${t('anomalies.intro')}</p>
      ${filterForm(request, v)} ${results}`,
  });
}
