import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderConsolePage } from '../console/nav.ts';
import { createStaffGuard, type Staff } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { formatDateTime } from '../i18n/i18n.ts';
import { html } from '../web/html.ts';
import { listDistricts, type DistrictSummary } from './repository.ts';

/** District offices: their open/closed status, in the console. */
export function registerDistrictRoutes(app: FastifyInstance, deps: Deps): void {
  const guard = createStaffGuard(deps);

  app.get('/console/districts', async (request, reply) => {
    const staff = await guard.require(request, reply, 'directory.read');
    if (!staff) return reply;
    let districts = await listDistricts(
      deps.store.db,
      staff.scope === 'all' ? undefined : (staff.zoneId ?? '__none__'),
    );
    if (staff.scope === 'district') districts = districts.filter((d) => d.id === staff.districtId);
    return reply.page(renderDistricts(request, staff, districts));
  });
}

function renderDistricts(
  request: FastifyRequest,
  staff: Staff,
  districts: readonly DistrictSummary[],
): string {
  const t = request.t;
  const hi = request.lang === 'hi';
  const closed = districts.filter((d) => d.officeStatus === 'closed').length;
  return renderConsolePage(request, staff, {
    title: t('districtsTitle'),
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
                  <td>
                    ${d.officeStatus === 'closed' ? html`<span class="office-closed">🔒 ${t('officeClosed')}</span>` : html`<span class="office-open">🔓 ${t('officeOpen')}</span>`}
                  </td>
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
