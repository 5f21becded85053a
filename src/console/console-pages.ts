import type { FastifyRequest } from 'fastify';
import type { DirectoryRow, NamedPlace } from '../directory/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import { html, renderConsolePage, type SafeHtml } from '../web/index.ts';

function officeStatus(request: FastifyRequest, status: 'open' | 'closed'): SafeHtml {
  const t = request.t;
  return status === 'closed'
    ? html`<span class="office-closed">🔒 ${t('officeClosed')}</span>`
    : html`<span class="office-open">🔓 ${t('officeOpen')}</span>`;
}

const COLUMNS = [
  'employeeNo',
  'officer',
  'rank',
  'wing',
  'district',
  'zone',
  'office',
  'account',
] as const satisfies readonly MessageKey[];

export interface DirectoryView {
  rows: readonly DirectoryRow[];
  zones: readonly NamedPlace[];
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
  return renderConsolePage(request, {
    title: t('directoryTitle'),
    main: html`<h1>${t('directoryTitle')}</h1>
      ${filter}
      <p role="status">${t('officersCount', { n: v.rows.length })}</p>
      ${
        v.rows.length === 0
          ? html`<p class="status-box">${t('directoryEmpty')}</p>`
          : html`<div class="table-wrap" role="region" tabindex="0" aria-label="${t('directoryTitle')}">
              <table class="data">
                <caption>
                  ${t('directoryTitle')}
                </caption>
                <thead>
                  <tr>
                    ${COLUMNS.map((key) => html`<th scope="col">${t(key)}</th>`)}
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
