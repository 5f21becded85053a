import type { FastifyRequest } from 'fastify';
import type { DirectoryRow, DistrictSummary } from '../directory/repository.ts';
import { formatDateTime, type MessageKey } from '../i18n/i18n.ts';
import type { Subject } from '../session/live-session.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { errorSummary, renderPage } from '../web/layout.ts';

function consoleNav(request: FastifyRequest, subject: Subject, csrf: string): SafeHtml {
  const t = request.t;
  return html`<nav class="console-nav" aria-label="${t('consoleTitle')}">
    <ul>
      <li><a href="/console">${t('directoryTitle')}</a></li>
      <li><a href="/console/districts">${t('districtsTitle')}</a></li>
      <li>
        ${t('signedInAs', { name: subject.displayName, role: t(`role_${subject.role}` as MessageKey) })}
      </li>
      <li>
        <form method="post" action="/logout">
          <input type="hidden" name="_csrf" value="${csrf}" /><button type="submit" class="secondary">
            ${t('logout')}
          </button>
        </form>
      </li>
    </ul>
  </nav>`;
}

export function renderConsoleLogin(
  request: FastifyRequest,
  csrf: string,
  error?: string,
  userId = '',
): string {
  const t = request.t;
  return renderPage({
    lang: request.lang,
    t,
    title: t('consoleSignIn'),
    path: request.url,
    hasError: Boolean(error),
    scripts: ['/static/page.js'],
    main: html`<h1>${t('consoleSignIn')}</h1>
      ${errorSummary(t, error ? [error] : [])}
      <form method="post" action="/console/login" novalidate>
        <input type="hidden" name="_csrf" value="${csrf}" />
        <label for="userId">${t('userId')}</label>
        <input type="text" id="userId" name="userId" autocomplete="username" value="${userId}" required />
        <label for="password">${t('password')}</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required />
        <p class="actions"><button type="submit">${t('logIn')}</button></p>
      </form>`,
  });
}

function officeStatus(request: FastifyRequest, status: 'open' | 'closed'): SafeHtml {
  const t = request.t;
  return status === 'closed'
    ? html`<span class="office-closed">🔒 ${t('officeClosed')}</span>`
    : html`<span class="office-open">🔓 ${t('officeOpen')}</span>`;
}

export interface DirectoryView {
  subject: Subject;
  csrf: string;
  rows: readonly DirectoryRow[];
  zones: readonly { id: string; nameEn: string; nameHi: string }[];
  selectedZone: string | undefined;
  canPickZone: boolean;
}

export function renderDirectory(request: FastifyRequest, v: DirectoryView): string {
  const t = request.t;
  const hi = request.lang === 'hi';
  const name = (en: string, hiName: string) => (hi ? hiName : en);
  const body = v.rows.map(
    (r) =>
      html`<tr>
        <td>${r.employeeNo}</td>
        <td><span lang="en">${r.nameEn}</span><br /><span lang="hi">${r.nameHi}</span></td>
        <td>${name(r.rankEn, r.rankHi)}</td>
        <td>${name(r.wingEn, r.wingHi)}</td>
        <td>${name(r.districtEn, r.districtHi)}</td>
        <td>${name(r.zoneEn, r.zoneHi)}</td>
        <td>${officeStatus(request, r.officeStatus)}</td>
        <td>
          ${r.userId ? html`${r.userId}<br />${t(`status_${r.accountStatus ?? 'active'}` as MessageKey)}` : t('noAccount')}
        </td>
      </tr>`,
  );
  const filter = v.canPickZone
    ? html`<form method="get" action="/console" class="filter">
        <label for="zone">${t('zone')}</label>
        <select id="zone" name="zone">
          <option value="">${t('allZones')}</option>
          ${v.zones.map((z) => html`<option value="${z.id}" ${z.id === v.selectedZone ? html`selected` : ''}>${name(z.nameEn, z.nameHi)}</option>`)}
        </select>
        <p class="actions"><button type="submit">${t('filter')}</button></p>
      </form>`
    : '';
  return renderPage({
    lang: request.lang,
    t,
    title: t('directoryTitle'),
    path: request.url,
    nav: consoleNav(request, v.subject, v.csrf),
    main: html`<h1>${t('directoryTitle')}</h1>
      ${filter}
      <p role="status">${t('officersCount', { n: v.rows.length })}</p>
      ${
        v.rows.length === 0
          ? html`<p class="status-box">${t('directoryEmpty')}</p>`
          : html`<div class="table-wrap">
              <table class="data">
                <caption>
                  ${t('directoryTitle')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t('employeeNo')}</th>
                    <th scope="col">${t('officer')}</th>
                    <th scope="col">${t('rank')}</th>
                    <th scope="col">${t('wing')}</th>
                    <th scope="col">${t('district')}</th>
                    <th scope="col">${t('zone')}</th>
                    <th scope="col">${t('office')}</th>
                    <th scope="col">${t('account')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${body}
                </tbody>
              </table>
            </div>`
      }`,
  });
}

export function renderDistricts(
  request: FastifyRequest,
  subject: Subject,
  csrf: string,
  districts: readonly DistrictSummary[],
): string {
  const t = request.t;
  const hi = request.lang === 'hi';
  const closed = districts.filter((d) => d.officeStatus === 'closed').length;
  return renderPage({
    lang: request.lang,
    t,
    title: t('districtsTitle'),
    path: request.url,
    nav: consoleNav(request, subject, csrf),
    main: html`<h1>${t('districtsTitle')}</h1>
      <p role="status">${t('districtsCount', { n: districts.length, closed })}</p>
      <div class="table-wrap">
        <table class="data">
          <caption>
            ${t('districtsTitle')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('zone')}</th>
              <th scope="col">${t('district')}</th>
              <th scope="col">${t('office')}</th>
              <th scope="col">${t('lastUpdated')}</th>
            </tr>
          </thead>
          <tbody>
            ${districts.map(
              (d) =>
                html`<tr>
                  <td>${hi ? d.zoneHi : d.zoneEn}</td>
                  <td>${hi ? d.nameHi : d.nameEn}</td>
                  <td>${officeStatus(request, d.officeStatus)}</td>
                  <td>
                    ${t('changedBy', { who: d.statusChangedBy ?? 'system', when: formatDateTime(request.lang, d.statusChangedAt) })}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
  });
}
