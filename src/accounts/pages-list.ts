import type { FastifyRequest } from 'fastify';
import { errorSummary, html, renderConsolePage, type SafeHtml } from '../web/index.ts';
import type { Staff } from '../policy/index.ts';
import type { AccountFilters, AccountPage, FilterOptions } from './list-query.ts';
import {
  accessEnd,
  accountPath,
  inLang,
  personName,
  moment,
  roleWords,
  statusWords,
} from './pages-common.ts';
import { ACCOUNT_STATUSES } from './table.ts';

export interface AccountListView {
  staff: Staff;
  /** The filters as typed (echoed back into the form), even when invalid. */
  raw: Record<string, string>;
  filters: AccountFilters | undefined;
  options: FilterOptions;
  result: AccountPage | undefined;
  error?: string;
}

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}" ${value === selected ? html`selected` : ''}>${label}</option>`;
}

function filterForm(request: FastifyRequest, v: AccountListView): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const pick = (name: string) => v.raw[name] ?? '';
  const zoneSelect =
    v.staff.scope === 'all'
      ? html`<label for="zone">${t('zone')}</label>
          <select id="zone" name="zone">
            ${option('', t('accounts.any'), pick('zone'))}
            ${v.options.zones.map((z) => option(z.id, inLang(lang, z.nameEn, z.nameHi), pick('zone')))}
          </select>`
      : '';
  const districtSelect =
    v.staff.scope === 'district'
      ? ''
      : html`<label for="district">${t('district')}</label>
          <select id="district" name="district">
            ${option('', t('accounts.any'), pick('district'))}
            ${v.options.districts.map((d) => option(d.id, inLang(lang, d.nameEn, d.nameHi), pick('district')))}
          </select>`;
  return html`<form method="get" action="/console/accounts" class="filter">
    ${zoneSelect} ${districtSelect}
    <label for="wing">${t('wing')}</label>
    <select id="wing" name="wing">
      ${option('', t('accounts.any'), pick('wing'))}
      ${v.options.wings.map((w) => option(w.id, inLang(lang, w.nameEn, w.nameHi), pick('wing')))}
    </select>
    <label for="status">${t('accounts.status')}</label>
    <select id="status" name="status">
      ${option('', t('accounts.any'), pick('status'))}
      ${ACCOUNT_STATUSES.map((s) => option(s, statusWords(t, s), pick('status')))}
    </select>
    <label for="q">${t('accounts.search')}</label>
    <p class="hint" id="q-hint">${t('accounts.searchHint')}</p>
    <input type="text" id="q" name="q" value="${pick('q')}" aria-describedby="q-hint" maxlength="100" />
    <p class="actions">
      <button type="submit">${t('filter')}</button>
      <a class="button secondary" href="/console/accounts">${t('accounts.clearFilters')}</a>
    </p>
  </form>`;
}

function pageLink(f: AccountFilters, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['zone', 'district', 'wing', 'status', 'q'] as const) {
    const value = f[key];
    if (value) params.set(key, value);
  }
  params.set('page', String(page));
  return `/console/accounts?${params.toString()}`;
}

function pagination(request: FastifyRequest, f: AccountFilters, result: AccountPage): SafeHtml {
  const t = request.t;
  if (result.pages <= 1) return html``;
  return html`<nav aria-label="${t('accounts.pagination')}">
    <p class="actions">
      ${result.page > 1 ? html`<a class="button secondary" href="${pageLink(f, result.page - 1)}">${t('accounts.previous')}</a>` : ''}
      <span>${t('accounts.pageOf', { page: result.page, pages: result.pages })}</span>
      ${result.page < result.pages ? html`<a class="button secondary" href="${pageLink(f, result.page + 1)}">${t('accounts.next')}</a>` : ''}
    </p>
  </nav>`;
}

function table(request: FastifyRequest, result: AccountPage): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  if (result.rows.length === 0) return html`<p class="status-box">${t('accounts.empty')}</p>`;
  return html`<div
    class="table-wrap"
    role="region"
    tabindex="0"
    aria-label="${t('accounts.tableCaption', { page: result.page, pages: result.pages })}"
  >
    <table class="data">
      <caption>
        ${t('accounts.tableCaption', { page: result.page, pages: result.pages })}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('userId')}</th>
          <th scope="col">${t('accounts.name')}</th>
          <th scope="col">${t('district')}</th>
          <th scope="col">${t('wing')}</th>
          <th scope="col">${t('accounts.status')}</th>
          <th scope="col">${t('accounts.lastLogin')}</th>
          <th scope="col">${t('accounts.lockedUntil')}</th>
          <th scope="col">${t('accounts.accessEnd')}</th>
        </tr>
      </thead>
      <tbody>
        ${result.rows.map(
          (r) =>
            html`<tr>
              <td><a href="${accountPath(r.id)}">${r.userId}</a></td>
              <td>${personName(lang, r)}</td>
              <td>
                ${r.districtEn === null ? t('accounts.staffAccount', { role: roleWords(t, r.role) }) : inLang(lang, r.districtEn, r.districtHi)}
              </td>
              <td>${r.wingEn === null ? '—' : inLang(lang, r.wingEn, r.wingHi)}</td>
              <td>${statusWords(t, r.status)}</td>
              <td>${moment(lang, r.lastLoginAt, t('accounts.never'))}</td>
              <td>${moment(lang, r.lockedUntil)}</td>
              <td>${moment(lang, accessEnd(r))}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The account list: filters, a count, one page of accounts and paging links. */
export function renderAccountList(request: FastifyRequest, v: AccountListView): string {
  const t = request.t;
  return renderConsolePage(request, {
    title: t('accounts.title'),
    hasError: Boolean(v.error),
    main: html`<h1>${t('accounts.title')}</h1>
      ${errorSummary(t, v.error ? [v.error] : [])} ${filterForm(request, v)}
      ${
        v.result && v.filters
          ? html`<p role="status">${t('accounts.count', { n: v.result.total })}</p>
              ${table(request, v.result)} ${pagination(request, v.filters, v.result)}`
          : ''
      }`,
  });
}
