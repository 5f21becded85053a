import type { FastifyRequest } from 'fastify';
import type { Staff } from '../../policy/index.ts';
import { html, type SafeHtml } from '../../web/index.ts';
import { dataTable, localName, officerCells, officerHeadings } from '../pages-common.ts';
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

interface ChoiceField {
  /** The query parameter, also naming the field `pick-<name>`. */
  readonly name: 'zone' | 'district' | 'wing';
  readonly label: string;
  /** The first option, which leaves the filter unset. */
  readonly none: string;
  readonly choices: readonly { id: string; nameEn: string; nameHi: string }[];
  readonly selected: string | undefined;
}

/** One filter: its label and list, names in the page's language. */
function choiceField(request: FastifyRequest, f: ChoiceField): SafeHtml {
  return html`<label for="pick-${f.name}">${f.label}</label>
    <select id="pick-${f.name}" name="${f.name}">
      ${option('', f.none, f.selected === undefined)}
      ${f.choices.map((c) => option(c.id, localName(request, c.nameEn, c.nameHi), c.id === f.selected))}
    </select>`;
}

function filters(request: FastifyRequest, v: PickerView): SafeHtml {
  const t = request.t;
  const zone = { name: 'zone', label: t('zone'), choices: v.choices.zones, selected: v.zoneId } as const;
  const district = { name: 'district', label: t('district'), choices: v.choices.districts } as const;
  const wing = { name: 'wing', label: t('wing'), choices: v.choices.wings, selected: v.wingId } as const;
  return html`<form method="get" action="/console/proposals" class="filter">
    ${v.canPickZone ? choiceField(request, { ...zone, none: t('proposals.workflow.chooseZone') }) : ''}
    ${
      v.zoneId !== undefined
        ? choiceField(request, {
            ...district,
            none: t('proposals.workflow.allDistricts'),
            selected: v.districtId,
          })
        : ''
    }
    ${choiceField(request, { ...wing, none: t('proposals.workflow.allWings') })}
    <p class="actions"><button type="submit" class="secondary">${t('filter')}</button></p>
  </form>`;
}

function pickCell(request: FastifyRequest, v: PickerView, o: EligibleOfficer): SafeHtml {
  const t = request.t;
  return html`<td>
    <input
      type="checkbox"
      id="officer-${o.officerId}"
      name="officer"
      value="${o.officerId}"
      ${v.checked.has(o.officerId) ? html`checked` : ''}
    /><label for="officer-${o.officerId}" class="visually-hidden"
      >${t('proposals.workflow.pickLabel', { name: localName(request, o.nameEn, o.nameHi) })}</label
    >
  </td>`;
}

function officerTable(request: FastifyRequest, staff: Staff, v: PickerView, zoneId: string): SafeHtml {
  const t = request.t;
  if (v.officers.length === 0) return html`<p class="status-box">${t('proposals.workflow.pickNone')}</p>`;
  return html`<form method="post" action="/console/proposals" id="pick-form">
    <input type="hidden" name="_csrf" value="${staff.csrf}" />
    <input type="hidden" name="zone" value="${zoneId}" />
    ${dataTable({
      caption: t('proposals.workflow.pickCaption', { n: v.officers.length }),
      headings: [t('proposals.workflow.colSelect'), ...officerHeadings(t)],
      rows: v.officers.map((o) => html`${pickCell(request, v, o)} ${officerCells(request, o)}`),
    })}
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
