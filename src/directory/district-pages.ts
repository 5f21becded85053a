/* Pages of the district offices section: list, history, status form and confirmation. */
import type { FastifyRequest } from 'fastify';
import { errorSummary, html, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { scopeOf, type Staff } from '../policy/index.ts';
import { dayText, formatDateTime, parseDay, type MessageKey, type Translate } from '../i18n/index.ts';
import {
  ORDER_NO_MAX,
  REASON_MAX,
  type AccessEffect,
  type StatusChange,
  type StatusFormError,
  type StatusFormValues,
} from './district-status.ts';
import type { DistrictSummary, StatusHistoryRow } from './repository.ts';
import type { OfficeStatus } from './table.ts';
import { WORKING_DAY_CLOSE_HOUR } from './working-day.ts';

export const other = (s: OfficeStatus): OfficeStatus => (s === 'open' ? 'closed' : 'open');
const statusWord = (t: Translate, s: OfficeStatus) => (s === 'open' ? t('officeOpen') : t('officeClosed'));
const districtName = (request: FastifyRequest, d: DistrictSummary) =>
  request.lang === 'hi' ? d.nameHi : d.nameEn;
/** An order date as stored (yyyy-mm-dd) or typed, shown as the department writes it: dd-mm-yyyy. */
const orderDayText = (stored: string): string => {
  const day = parseDay(stored);
  return day ? dayText(day) : stored;
};

/** Status as text with an icon (never colour alone); the icon is hidden from screen readers. */
function statusBadge(t: Translate, s: OfficeStatus): SafeHtml {
  return s === 'closed'
    ? html`<span class="office-closed"><span aria-hidden="true">🔒</span> ${t('officeClosed')}</span>`
    : html`<span class="office-open"><span aria-hidden="true">🔓</span> ${t('officeOpen')}</span>`;
}

function changedLine(request: FastifyRequest, d: DistrictSummary): string {
  return request.t('changedBy', {
    who: d.statusChangedBy ?? 'system',
    when: formatDateTime(request.lang, d.statusChangedAt),
  });
}

export function renderDistricts(
  request: FastifyRequest,
  staff: Staff,
  districts: readonly DistrictSummary[],
): string {
  const t = request.t;
  const hi = request.lang === 'hi';
  const canChange = scopeOf(staff.role, 'district.set_status') !== undefined;
  const closed = districts.filter((d) => d.officeStatus === 'closed').length;
  return renderConsolePage(request, {
    title: t('districtsTitle'),
    main: html`<h1>${t('districtsTitle')}</h1>
      <p role="status">${t('districtsCount', { n: districts.length, closed })}</p>
      <div class="table-wrap" role="region" tabindex="0" aria-label="${t('districtsTitle')}">
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
              ${canChange ? html`<th scope="col">${t('directory.actions')}</th>` : ''}
            </tr>
          </thead>
          <tbody>
            ${districts.map((d) => {
              const name = districtName(request, d);
              return html`<tr>
                <td>${hi ? d.zoneHi : d.zoneEn}</td>
                <th scope="row"><a href="/console/districts/${d.id}">${name}</a></th>
                <td>${statusBadge(t, d.officeStatus)}</td>
                <td>${changedLine(request, d)}</td>
                ${
                  canChange
                    ? html`<td>
                        <a href="/console/districts/${d.id}/status"
                          >${t('directory.changeStatus')}<span class="visually-hidden">
                            ${t('directory.changeStatusOf', { district: name })}</span
                          ></a
                        >
                      </td>`
                    : ''
                }
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`,
  });
}

const HISTORY_COLUMNS = [
  'directory.colChangedAt',
  'directory.colStatus',
  'directory.colOrder',
  'directory.colReason',
  'directory.colBy',
] as const satisfies readonly MessageKey[];

export function renderDetail(
  request: FastifyRequest,
  staff: Staff,
  v: {
    district: DistrictSummary;
    history: readonly StatusHistoryRow[];
    ending: { accounts: number; endsAt: number | null };
    recorded: boolean;
  },
): string {
  const t = request.t;
  const d = v.district;
  const name = districtName(request, d);
  const canChange = scopeOf(staff.role, 'district.set_status') !== undefined;
  return renderConsolePage(request, {
    title: t('directory.detailTitle', { district: name }),
    main: html`<p><a href="/console/districts">${t('directory.backToList')}</a></p>
      <h1>${t('directory.detailTitle', { district: name })}</h1>
      ${
        v.recorded
          ? html`<p class="status-box ok" role="status">
              ${t('directory.recorded', { district: name, status: statusWord(t, d.officeStatus) })}
            </p>`
          : ''
      }
      <p>${t('directory.zoneLine', { zone: request.lang === 'hi' ? d.zoneHi : d.zoneEn })}</p>
      <p>
        <strong>${t('directory.currentStatus')}:</strong> ${statusBadge(t, d.officeStatus)} —
        ${changedLine(request, d)}
      </p>
      ${
        v.ending.accounts > 0 && v.ending.endsAt !== null
          ? html`<p class="status-box">
              ${t('directory.accessEnding', {
                n: v.ending.accounts,
                date: formatDateTime(request.lang, v.ending.endsAt),
              })}
            </p>`
          : ''
      }
      ${
        canChange
          ? html`<p class="actions">
              <a class="button" href="/console/districts/${d.id}/status">${t('directory.changeStatus')}</a>
            </p>`
          : ''
      }
      <h2>${t('directory.history')}</h2>
      ${
        v.history.length === 0
          ? html`<p>${t('directory.historyEmpty')}</p>`
          : html`<div
              class="table-wrap"
              role="region"
              tabindex="0"
              aria-label="${t('directory.historyCaption', { district: name })}"
            >
              <table class="data">
                <caption>
                  ${t('directory.historyCaption', { district: name })}
                </caption>
                <thead>
                  <tr>
                    ${HISTORY_COLUMNS.map((key) => html`<th scope="col">${t(key)}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${v.history.map(
                    (h) =>
                      html`<tr>
                        <td>${formatDateTime(request.lang, h.changedAt)}</td>
                        <td>${statusBadge(t, h.officeStatus)}</td>
                        <td>
                          ${t('directory.orderRef', { no: h.orderNo, date: orderDayText(h.orderDate) })}
                        </td>
                        <td>${h.reason}</td>
                        <td>${h.changedBy}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`,
  });
}

function errorText(t: Translate, district: DistrictSummary, e: StatusFormError): string {
  return t(e.key, { status: statusWord(t, district.officeStatus) });
}

type TextField = 'orderNo' | 'orderDate' | 'reason';

/** A text field of the status form: label, hint, its error if any, and the control itself. */
function field(
  t: Translate,
  district: DistrictSummary,
  errors: readonly StatusFormError[],
  name: TextField,
  control: (describedBy: string, invalid: SafeHtml | '') => SafeHtml,
): SafeHtml {
  const error = errors.find((e) => e.field === name);
  const hintKey = `directory.${name}Hint` as const;
  const describedBy = `${name}-hint${error ? ` ${name}-error` : ''}`;
  return html`<label for="${name}">${t(`directory.${name}`)}</label>
    <p class="hint" id="${name}-hint">${t(hintKey)}</p>
    ${error ? html`<p class="field-error" id="${name}-error">${errorText(t, district, error)}</p>` : ''}
    ${control(describedBy, error ? html`aria-invalid="true"` : '')}`;
}

/** A one-line input for `field`; `attrs` carries what differs between the order number and its date. */
const textInput =
  (name: TextField, value: string, attrs: SafeHtml) => (describedBy: string, invalid: SafeHtml | '') =>
    html`<input
      type="text"
      id="${name}"
      name="${name}"
      ${attrs}
      value="${value}"
      aria-describedby="${describedBy}"
      ${invalid}
    />`;

export function renderForm(
  request: FastifyRequest,
  staff: Staff,
  district: DistrictSummary,
  values: StatusFormValues,
  errors: readonly StatusFormError[],
  graceDays: number,
): string {
  const t = request.t;
  const name = districtName(request, district);
  const statusError = errors.find((e) => e.field === 'status');
  const textField = (fieldName: TextField, control: Parameters<typeof field>[4]) =>
    field(t, district, errors, fieldName, control);
  const radio = (s: OfficeStatus) =>
    html`<label class="checkbox" for="status-${s}">
      <input
        type="radio"
        id="status-${s}"
        name="status"
        value="${s}"
        ${values.status === s ? html`checked` : ''}
      />
      ${statusBadge(t, s)}
    </label>`;
  return renderConsolePage(request, {
    title: t('directory.formTitle', { district: name }),
    hasError: errors.length > 0,
    main: html`<h1>${t('directory.formTitle', { district: name })}</h1>
      ${errorSummary(
        t,
        errors.map((e) => errorText(t, district, e)),
      )}
      <p>
        <strong>${t('directory.currentStatus')}:</strong> ${statusBadge(t, district.officeStatus)} —
        ${changedLine(request, district)}
      </p>
      <p>
        ${t('directory.formIntro', {
          days: graceDays,
          close: `${String(WORKING_DAY_CLOSE_HOUR).padStart(2, '0')}:00`,
        })}
      </p>
      <form method="post" action="/console/districts/${district.id}/status" novalidate>
        <input type="hidden" name="_csrf" value="${staff.csrf}" />
        <fieldset ${statusError ? html`aria-describedby="status-error"` : ''}>
          <legend>${t('directory.newStatus')}</legend>
          ${
            statusError
              ? html`<p class="field-error" id="status-error">${errorText(t, district, statusError)}</p>`
              : ''
          }
          ${radio('closed')} ${radio('open')}
        </fieldset>
        ${textField('orderNo', textInput('orderNo', values.orderNo, html`maxlength="${ORDER_NO_MAX}"`))}
        ${textField(
          'orderDate',
          textInput(
            'orderDate',
            values.orderDate,
            html`inputmode="numeric" maxlength="10" autocomplete="off"`,
          ),
        )}
        ${textField(
          'reason',
          (by, invalid) =>
            html`<textarea
              id="reason"
              name="reason"
              rows="4"
              cols="60"
              maxlength="${REASON_MAX}"
              aria-describedby="${by}"
              ${invalid}
            >
${values.reason}</textarea>`,
        )}
        <p class="actions">
          <button type="submit" name="step" value="review">${t('directory.review')}</button>
          <a class="button secondary" href="/console/districts/${district.id}">${t('cancel')}</a>
        </p>
      </form>`,
  });
}

export function renderConfirm(
  request: FastifyRequest,
  staff: Staff,
  district: DistrictSummary,
  change: StatusChange,
  effect: AccessEffect,
): string {
  const t = request.t;
  const name = districtName(request, district);
  const hidden = (n: string, v: string) => html`<input type="hidden" name="${n}" value="${v}" />`;
  return renderConsolePage(request, {
    title: t('directory.confirmTitle', { district: name }),
    main: html`<h1>${t('directory.confirmTitle', { district: name })}</h1>
      <p class="status-box">
        ${t('directory.confirmFromTo', {
          from: statusWord(t, district.officeStatus),
          to: statusWord(t, change.status),
        })}
      </p>
      <dl>
        <dt>${t('directory.orderNo')}</dt>
        <dd>${change.orderNo}</dd>
        <dt>${t('directory.orderDate')}</dt>
        <dd>${orderDayText(change.orderDate)}</dd>
        <dt>${t('directory.reason')}</dt>
        <dd>${change.reason}</dd>
      </dl>
      <p>
        ${
          change.status === 'open'
            ? t('directory.confirmOpenEffect', {
                n: effect.accounts,
                date: formatDateTime(request.lang, effect.endsAt ?? 0),
              })
            : t('directory.confirmCloseEffect', { n: effect.accounts })
        }
      </p>
      ${
        change.status === 'open' && effect.notActivated > 0
          ? html`<p>${t('directory.confirmNotActivated', { n: effect.notActivated })}</p>`
          : ''
      }
      <form method="post" action="/console/districts/${district.id}/status">
        <input type="hidden" name="_csrf" value="${staff.csrf}" />
        ${hidden('status', change.status)}${hidden('orderNo', change.orderNo)}
        ${hidden('orderDate', orderDayText(change.orderDate))}${hidden('reason', change.reason)}
        <p class="actions">
          <button type="submit" name="step" value="confirm">${t('directory.confirm')}</button>
          <button type="submit" name="step" value="edit" class="secondary">${t('directory.edit')}</button>
        </p>
      </form>`,
  });
}
