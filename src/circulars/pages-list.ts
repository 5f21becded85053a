import type { FastifyRequest } from 'fastify';
import type { NamedPlace } from '../directory/index.ts';
import type { Staff } from '../policy/index.ts';
import { csrfField, html, renderConsolePage } from '../web/index.ts';
import type { CircularListLine } from './list-query.ts';
import { circularDay, statusLabel, subjectIn } from './pages-common.ts';
import type { RecipientLine } from './recipients-query.ts';

function zoneLabel(request: FastifyRequest, zones: readonly NamedPlace[], id: string): string {
  const z = zones.find((x) => x.id === id);
  return z ? (request.lang === 'hi' ? z.nameHi : z.nameEn) : id;
}

/** The console's list of circulars, with the "New circular" action for those who may issue. */
export function renderListPage(
  request: FastifyRequest,
  o: {
    staff: Staff;
    lines: readonly CircularListLine[];
    canIssue: boolean;
    zones: readonly NamedPlace[];
    notice?: string;
  },
): string {
  const t = request.t;
  const table = o.lines.length
    ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="${t('circulars.listCaption')}">
        <table class="data">
          <caption>
            ${t('circulars.listCaption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('circulars.colNumber')}</th>
              <th scope="col">${t('circulars.colDate')}</th>
              <th scope="col">${t('circulars.colSubject')}</th>
              <th scope="col">${t('circulars.colStatus')}</th>
              <th scope="col">${t('circulars.colRead')}</th>
              <th scope="col">${t('circulars.colAcknowledged')}</th>
              <th scope="col">${t('circulars.colAttested')}</th>
            </tr>
          </thead>
          <tbody>
            ${o.lines.map(
              (c) =>
                html`<tr>
                  <th scope="row"><a href="/console/circulars/${c.id}">${c.number}</a></th>
                  <td>${circularDay(c.issuedOn)}</td>
                  <td>${subjectIn(request, c)}</td>
                  <td>${statusLabel(t, c.status)}</td>
                  <td>${t('circulars.countOf', { n: c.read, total: c.recipients })}</td>
                  <td>${t('circulars.countOf', { n: c.acknowledged, total: c.recipients })}</td>
                  <td>
                    ${c.attestedZones.length ? c.attestedZones.map((z) => zoneLabel(request, o.zones, z)).join(', ') : t('circulars.none')}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    : html`<p class="empty">${o.canIssue ? t('circulars.emptyIssuer') : t('circulars.emptyReader')}</p>`;
  return renderConsolePage(request, {
    title: t('circulars.title'),
    main: html`<h1>${t('circulars.title')}</h1>
      ${o.notice ? html`<p role="status" class="notice">${o.notice}</p>` : ''}
      <p>${o.staff.scope === 'all' ? t('circulars.introAll') : t('circulars.introZone')}</p>
      <p><a href="/console/my-circulars">${t('circularInbox.title')}</a></p>
      ${o.canIssue ? html`<p class="actions"><a class="button" href="/console/circulars/new">${t('circulars.new')}</a></p>` : ''}
      ${table}`,
  });
}

/** The confirm step before issuing (WCAG 3.3.4): whom it will reach, then one button. */
export function renderIssueConfirm(
  request: FastifyRequest,
  o: { id: number; number: string; recipients: number; copies: number; gates: boolean; csrf: string },
): string {
  const t = request.t;
  const title = t('circulars.issueTitle', { number: o.number });
  return renderConsolePage(request, {
    title,
    main: html`<h1>${title}</h1>
      <p>${t('circulars.previewReach', { recipients: o.recipients, copies: o.copies })}</p>
      ${o.gates ? html`<p>${t('circulars.issueGates')}</p>` : ''}
      <p>${t('circulars.issueWarning')}</p>
      <form method="post" action="/console/circulars/${o.id}/issue">
        ${csrfField(o.csrf)}
        <p class="actions">
          <button type="submit">${t('circulars.issueNow')}</button>
          <a href="/console/circulars/${o.id}/edit">${t('circulars.backToDraft')}</a>
        </p>
      </form>`,
  });
}

/** "Issued to N recipients and M copies; K mails queued", counted from the recipient rows. */
export function issuedNotice(
  request: FastifyRequest,
  number: string,
  lines: readonly RecipientLine[],
): string {
  const recipients = lines.filter((l) => l.kind === 'recipient').length;
  return request.t('circulars.issuedNotice', {
    number,
    recipients,
    copies: lines.length - recipients,
    mailed: lines.filter((l) => l.mailedAt !== null).length,
  });
}
