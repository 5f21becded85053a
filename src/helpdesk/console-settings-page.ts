import type { FastifyRequest } from 'fastify';
import { csrfField, fieldError, html, invalid, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { priorityWords } from './console-words.ts';
import type { HolidayField, HolidayForm, HolidayProblem } from './holidays-admin.ts';
import type { HolidayRow } from './holidays-repository.ts';
import { TICKET_PRIORITIES } from './model.ts';
import type { SlaField, SlaProblem } from './sla-targets-admin.ts';

function summary(
  request: FastifyRequest,
  items: readonly { href: string; text: string }[],
): SafeHtml | string {
  if (items.length === 0) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
    <h2>${request.t('errorSummary')}</h2>
    <ul>
      ${items.map((i) => html`<li><a href="${i.href}">${i.text}</a></li>`)}
    </ul>
  </div>`;
}

export interface HolidaysView {
  readonly holidays: readonly HolidayRow[];
  readonly csrf: string;
  readonly typed: HolidayForm;
  readonly problems: readonly HolidayProblem[];
  readonly done?: string;
}

/** The holiday calendar: the days the SLA clock skips, a form to add one, a button to remove each. */
export function renderHolidaysPage(request: FastifyRequest, v: HolidaysView): string {
  const t = request.t;
  const errorOf = (f: HolidayField) => {
    const p = v.problems.find((x) => x.field === f);
    return p ? t(`helpdesk.hol_${p.code}`) : undefined;
  };
  const field = (f: HolidayField, label: string, hint?: string) => {
    const id = `hol-${f}`;
    const error = errorOf(f);
    return html`<p>
      <label for="${id}">${label}</label>
      ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ''} ${fieldError(id, error)}
      <input
        type="text"
        id="${id}"
        name="${f}"
        value="${v.typed[f]}"
        maxlength="120"
        required
        ${invalid(id, error)}
      />
    </p>`;
  };
  const rows =
    v.holidays.length === 0
      ? html`<p class="status-box">${t('helpdesk.holEmpty')}</p>`
      : html`<table class="data">
          <caption>
            ${t('helpdesk.holCaption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('helpdesk.holDay')}</th>
              <th scope="col">${t('helpdesk.holNameEn')}</th>
              <th scope="col">${t('helpdesk.holNameHi')}</th>
              <th scope="col">${t('helpdesk.holRemove')}</th>
            </tr>
          </thead>
          <tbody>
            ${v.holidays.map(
              (h) =>
                html`<tr>
                  <th scope="row">${h.day}</th>
                  <td>${h.nameEn}</td>
                  <td lang="hi">${h.nameHi}</td>
                  <td>
                    <form method="post" action="/console/helpdesk/holidays/${h.day}/delete">
                      ${csrfField(v.csrf)}
                      <button type="submit" class="secondary">
                        ${t('helpdesk.holRemoveOf', { day: h.day })}
                      </button>
                    </form>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>`;
  return renderConsolePage(request, {
    title: t('helpdesk.holidaysTitle'),
    hasError: v.problems.length > 0,
    main: html`${summary(
        request,
        v.problems.map((p) => ({ href: `#hol-${p.field}`, text: t(`helpdesk.hol_${p.code}`) })),
      )}
      <p><a href="/console/helpdesk">${t('helpdesk.backToQueue')}</a></p>
      <h1>${t('helpdesk.holidaysTitle')}</h1>
      ${v.done ? html`<p role="status" class="status-box">${v.done}</p>` : ''}
      <p>${t('helpdesk.holIntro')}</p>
      ${rows}
      <h2>${t('helpdesk.holAdd')}</h2>
      <form method="post" action="/console/helpdesk/holidays">
        ${csrfField(v.csrf)} ${field('day', t('helpdesk.holDay'), t('helpdesk.holDayHint'))}
        ${field('name_en', t('helpdesk.holNameEn'))} ${field('name_hi', t('helpdesk.holNameHi'))}
        <p class="actions"><button type="submit">${t('helpdesk.holAddButton')}</button></p>
      </form>`,
  });
}

export interface SlaView {
  /** The minutes as shown (stored, or as typed when refused). */
  readonly values: Readonly<Record<string, string>>;
  readonly csrf: string;
  readonly problems: readonly SlaProblem[];
  readonly done?: string;
}

/** The SLA targets: response and resolution minutes (business time) per priority. */
export function renderSlaPage(request: FastifyRequest, v: SlaView): string {
  const t = request.t;
  const input = (field: SlaField, label: string) => {
    const id = `sla-${field}`;
    const p = v.problems.find((x) => x.field === field);
    const error = p ? t(`helpdesk.sla_err_${p.code}`) : undefined;
    return html`<td>
      <label for="${id}" class="visually-hidden">${label}</label>
      ${fieldError(id, error)}
      <input
        type="number"
        id="${id}"
        name="${field}"
        min="1"
        step="1"
        inputmode="numeric"
        value="${v.values[field] ?? ''}"
        required
        ${invalid(id, error)}
      />
    </td>`;
  };
  return renderConsolePage(request, {
    title: t('helpdesk.slaTitle'),
    hasError: v.problems.length > 0,
    main: html`${summary(
        request,
        v.problems.map((p) => ({ href: `#sla-${p.field}`, text: t(`helpdesk.sla_err_${p.code}`) })),
      )}
      <p><a href="/console/helpdesk">${t('helpdesk.backToQueue')}</a></p>
      <h1>${t('helpdesk.slaTitle')}</h1>
      ${v.done ? html`<p role="status" class="status-box">${v.done}</p>` : ''}
      <p>${t('helpdesk.slaIntro')}</p>
      <form method="post" action="/console/helpdesk/sla-targets">
        ${csrfField(v.csrf)}
        <table class="data">
          <caption>
            ${t('helpdesk.slaCaption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('helpdesk.col_priority')}</th>
              <th scope="col">${t('helpdesk.slaResponse')}</th>
              <th scope="col">${t('helpdesk.slaResolution')}</th>
            </tr>
          </thead>
          <tbody>
            ${TICKET_PRIORITIES.map((p) => {
              const words = priorityWords(t, p);
              return html`<tr>
                <th scope="row">${words}</th>
                ${input(`response_${p}`, t('helpdesk.slaResponseOf', { priority: words }))}
                ${input(`resolution_${p}`, t('helpdesk.slaResolutionOf', { priority: words }))}
              </tr>`;
            })}
          </tbody>
        </table>
        <p class="actions"><button type="submit">${t('helpdesk.slaSave')}</button></p>
      </form>`,
  });
}
