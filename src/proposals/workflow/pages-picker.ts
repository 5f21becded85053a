import type { FastifyRequest } from 'fastify';
import type { Staff } from '../../policy/index.ts';
import { html, type SafeHtml } from '../../web/index.ts';
import { bothNames, localName, officeCell } from '../pages-common.ts';
import type { EligibleOfficer, PickerChoices } from './eligible-officers.ts';

/** The "New proposal" area: filters, the zone's eligible officers with checkboxes, and the CSV link. */
export interface PickerView {
  /** The zone being proposed for (the zonal head's own; HQ's choice); undefined until HQ picks one. */
  readonly zoneId: string | undefined;
  readonly canPickZone: boolean;
  readonly choices: PickerChoices;
  readonly districtId: string | undefined;
  readonly wingId: string | undefined;
  readonly officers: readonly EligibleOfficer[];
  readonly checked: ReadonlySet<number>;
}

function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}" ${selected ? html`selected` : ''}>${label}</option>`;
}

function filters(request: FastifyRequest, v: PickerView): SafeHtml {
  const t = request.t;
  const name = (o: { nameEn: string; nameHi: string }) => localName(request, o.nameEn, o.nameHi);
  return html`<form method="get" action="/console/proposals" class="filter">
    ${
      v.canPickZone
        ? html`<label for="pick-zone">${t('zone')}</label>
            <select id="pick-zone" name="zone">
              ${option('', t('proposals.workflow.chooseZone'), v.zoneId === undefined)}
              ${v.choices.zones.map((z) => option(z.id, name(z), z.id === v.zoneId))}
            </select>`
        : ''
    }
    ${
      v.zoneId !== undefined
        ? html`<label for="pick-district">${t('district')}</label>
            <select id="pick-district" name="district">
              ${option('', t('proposals.workflow.allDistricts'), v.districtId === undefined)}
              ${v.choices.districts.map((d) => option(d.id, name(d), d.id === v.districtId))}
            </select>`
        : ''
    }
    <label for="pick-wing">${t('wing')}</label>
    <select id="pick-wing" name="wing">
      ${option('', t('proposals.workflow.allWings'), v.wingId === undefined)}
      ${v.choices.wings.map((w) => option(w.id, name(w), w.id === v.wingId))}
    </select>
    <p class="actions"><button type="submit" class="secondary">${t('filter')}</button></p>
  </form>`;
}

function officerTable(request: FastifyRequest, staff: Staff, v: PickerView, zoneId: string): SafeHtml {
  const t = request.t;
  if (v.officers.length === 0) return html`<p class="status-box">${t('proposals.workflow.pickNone')}</p>`;
  return html`<form method="post" action="/console/proposals" id="pick-form">
    <input type="hidden" name="_csrf" value="${staff.csrf}" />
    <input type="hidden" name="zone" value="${zoneId}" />
    <div class="table-wrap">
      <table class="data">
        <caption>
          ${t('proposals.workflow.pickCaption', { n: v.officers.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('proposals.workflow.colSelect')}</th>
            <th scope="col">${t('employeeNo')}</th>
            <th scope="col">${t('officer')}</th>
            <th scope="col">${t('rank')}</th>
            <th scope="col">${t('wing')}</th>
            <th scope="col">${t('district')}</th>
            <th scope="col">${t('office')}</th>
          </tr>
        </thead>
        <tbody>
          ${v.officers.map(
            (o) =>
              html`<tr>
                <td>
                  <input
                    type="checkbox"
                    id="officer-${o.officerId}"
                    name="officer"
                    value="${o.officerId}"
                    ${v.checked.has(o.officerId) ? html`checked` : ''}
                  /><label for="officer-${o.officerId}" class="visually-hidden"
                    >${t('proposals.workflow.pickLabel', { name: o.nameEn })}</label
                  >
                </td>
                <td>${o.employeeNo}</td>
                <td>${bothNames(o.nameEn, o.nameHi)}</td>
                <td>${localName(request, o.rankEn, o.rankHi)}</td>
                <td>${localName(request, o.wingEn, o.wingHi)}</td>
                <td>${localName(request, o.districtEn, o.districtHi)}</td>
                <td>${officeCell(t, o.officeStatus)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="actions"><button type="submit">${t('proposals.workflow.createDraft')}</button></p>
  </form>`;
}

export function renderPicker(request: FastifyRequest, staff: Staff, v: PickerView): SafeHtml {
  const t = request.t;
  return html`<section aria-labelledby="new-proposal">
    <h2 id="new-proposal">${t('proposals.workflow.newTitle')}</h2>
    <p>${t('proposals.workflow.newIntro')}</p>
    <p><a href="/console/proposals/import">${t('proposals.workflow.importLink')}</a></p>
    ${filters(request, v)}
    ${
      v.zoneId === undefined
        ? html`<p class="status-box">${t('proposals.workflow.chooseZoneFirst')}</p>`
        : officerTable(request, staff, v, v.zoneId)
    }
  </section>`;
}
