import type { FastifyRequest } from 'fastify';
import { csrfField, fieldError, html, invalid, renderConsolePage, type SafeHtml } from '../web/index.ts';
import {
  LOCATION_COLUMNS,
  type FileProblemCode,
  type LocationColumn,
  type LocationProblem,
  type LocationValues,
} from './locations-admin.ts';
import type { LocationListRow } from './locations-admin-repository.ts';

export interface LocationsView {
  readonly rows: readonly LocationListRow[];
  readonly csrf: string;
  /** A file that could not be read at all. */
  readonly fileProblem?: FileProblemCode;
  /** The rows of a refused import, each with its problem. */
  readonly rowProblems?: readonly LocationProblem[];
  /** What the last post did. */
  readonly done?: string;
}

const columnLabel = (request: FastifyRequest, c: LocationColumn) => request.t(`helpdesk.loccol_${c}`);

function problemWords(request: FastifyRequest, p: LocationProblem): string {
  return request.t(`helpdesk.loc_${p.code}`, { value: p.value });
}

function importReport(request: FastifyRequest, v: LocationsView): SafeHtml | string {
  const t = request.t;
  if (v.fileProblem)
    return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
      <h2>${t('helpdesk.importRefused')}</h2>
      <ul>
        <li><a href="#csv">${t(`helpdesk.file_${v.fileProblem}`)}</a></li>
      </ul>
    </div>`;
  const problems = v.rowProblems ?? [];
  if (problems.length === 0) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
    <h2>${t('helpdesk.importRefused')}</h2>
    <p>${t('helpdesk.importNothingSaved', { n: problems.length })}</p>
    <table class="data">
      <caption>
        ${t('helpdesk.importReportCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('helpdesk.importLine')}</th>
          <th scope="col">${t('helpdesk.importColumn')}</th>
          <th scope="col">${t('helpdesk.importProblem')}</th>
        </tr>
      </thead>
      <tbody>
        ${problems.map(
          (p) =>
            html`<tr>
              <th scope="row">${p.line}</th>
              <td>${columnLabel(request, p.column)}</td>
              <td>${problemWords(request, p)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function locationsTable(request: FastifyRequest, v: LocationsView): SafeHtml {
  const t = request.t;
  const hi = request.lang === 'hi';
  return html`<div
    class="table-wrap"
    role="region"
    tabindex="0"
    aria-label="${t('helpdesk.locationsCaption')}"
  >
    <table class="data">
      <caption>
        ${t('helpdesk.locationsCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('helpdesk.loccol_district')}</th>
          <th scope="col">${t('helpdesk.loccol_si_name')}</th>
          <th scope="col">${t('helpdesk.loccol_si_phone')}</th>
          <th scope="col">${t('helpdesk.loccol_si_email')}</th>
          <th scope="col">${t('helpdesk.locHours')}</th>
          <th scope="col">${t('helpdesk.locEdit')}</th>
        </tr>
      </thead>
      <tbody>
        ${v.rows.map(
          (r) =>
            html`<tr>
              <th scope="row">${hi ? r.districtHi : r.districtEn} (${hi ? r.zoneHi : r.zoneEn})</th>
              <td>${r.siName ?? t('helpdesk.locNoSi')}</td>
              <td>${r.siPhone ?? '—'}</td>
              <td>${r.siEmail ?? '—'}</td>
              <td>${(hi ? r.hoursHi : r.hoursEn) ?? '—'}</td>
              <td>
                <a href="/console/helpdesk/locations/${r.districtId}"
                  >${t('helpdesk.locEditOf', { district: r.districtEn })}</a
                >
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The district offices and their SIs, the CSV export, and the all-or-nothing CSV import. */
export function renderLocationsPage(request: FastifyRequest, v: LocationsView): string {
  const t = request.t;
  const failed = Boolean(v.fileProblem) || (v.rowProblems?.length ?? 0) > 0;
  return renderConsolePage(request, {
    title: t('helpdesk.locationsTitle'),
    hasError: failed,
    main: html`${importReport(request, v)}
      <p><a href="/console/helpdesk">${t('helpdesk.backToQueue')}</a></p>
      <h1>${t('helpdesk.locationsTitle')}</h1>
      ${v.done ? html`<p role="status" class="status-box">${v.done}</p>` : ''}
      <p>${t('helpdesk.locationsIntro')}</p>
      ${locationsTable(request, v)}
      <h2>${t('helpdesk.exportHeading')}</h2>
      <p class="actions">
        <a class="button" href="/console/helpdesk/locations.csv" download>${t('helpdesk.exportCsv')}</a>
      </p>
      <h2 id="import-heading">${t('helpdesk.importHeading')}</h2>
      <p>${t('helpdesk.importHint', { columns: LOCATION_COLUMNS.join(', ') })}</p>
      <form method="post" action="/console/helpdesk/locations/import" enctype="multipart/form-data">
        ${csrfField(v.csrf)}
        <p>
          <label for="csv">${t('helpdesk.importFile')}</label>
          <input
            type="file"
            id="csv"
            name="csv"
            accept=".csv,text/csv"
            required
            ${failed ? html`aria-invalid="true"` : ''}
          />
        </p>
        <p class="actions"><button type="submit">${t('helpdesk.importButton')}</button></p>
      </form>`,
  });
}

export interface LocationEditView {
  readonly districtId: string;
  readonly districtName: string;
  readonly values: LocationValues;
  readonly problems: readonly LocationProblem[];
  readonly exists: boolean;
  readonly csrf: string;
}

/** One district office's SI: the form, and removal when one is set. */
export function renderLocationEdit(request: FastifyRequest, v: LocationEditView): string {
  const t = request.t;
  const errorOf = (c: LocationColumn) => {
    const p = v.problems.find((x) => x.column === c);
    return p ? problemWords(request, p) : undefined;
  };
  const field = (c: Exclude<LocationColumn, 'district'>, type = 'text') => {
    const id = `loc-${c}`;
    const error = errorOf(c);
    return html`<p>
      <label for="${id}">${columnLabel(request, c)}</label>
      ${fieldError(id, error)}
      <input
        type="${type}"
        id="${id}"
        name="${c}"
        value="${v.values[c]}"
        maxlength="200"
        ${c === 'si_email' ? '' : html`required`}
        ${invalid(id, error)}
      />
    </p>`;
  };
  const summary =
    v.problems.length > 0
      ? html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
          <h2>${t('errorSummary')}</h2>
          <ul>
            ${v.problems.map((p) => html`<li><a href="#loc-${p.column}">${problemWords(request, p)}</a></li>`)}
          </ul>
        </div>`
      : '';
  return renderConsolePage(request, {
    title: t('helpdesk.locEditTitle', { district: v.districtName }),
    hasError: v.problems.length > 0,
    main: html`${summary}
      <p><a href="/console/helpdesk/locations">${t('helpdesk.locationsTitle')}</a></p>
      <h1>${t('helpdesk.locEditTitle', { district: v.districtName })}</h1>
      <form method="post" action="/console/helpdesk/locations/${v.districtId}">
        ${csrfField(v.csrf)} ${field('si_name')} ${field('si_phone', 'tel')} ${field('si_email', 'email')}
        ${field('hours_en')} ${field('hours_hi')}
        <p class="actions"><button type="submit">${t('helpdesk.locSave')}</button></p>
      </form>
      ${
        v.exists
          ? html`<form method="post" action="/console/helpdesk/locations/${v.districtId}/delete">
              ${csrfField(v.csrf)}
              <p class="actions">
                <button type="submit" class="secondary">${t('helpdesk.locRemove')}</button>
              </p>
            </form>`
          : ''
      }`,
  });
}
