import type { FastifyRequest } from 'fastify';
import type { NamedPlace } from '../directory/index.ts';
import { csrfField, html, raw, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { attachmentList, circularDay, onDay, statusLabel, when } from './pages-common.ts';
import type { AttestationLine, RecipientLine } from './recipients-query.ts';
import { renderCircularBody } from './render-body.ts';
import type { AttachmentRow, CircularRow } from './repository.ts';

export interface CircularView {
  readonly circular: CircularRow;
  readonly attachments: readonly AttachmentRow[];
  readonly lines: readonly RecipientLine[];
  readonly attestations: readonly AttestationLine[];
  readonly zones: readonly NamedPlace[];
  readonly csrf: string;
  readonly canIssue: boolean;
  /** The zone this person may attest for, when the circular reached it and it has not attested yet. */
  readonly attestZone: string | undefined;
  readonly scoped: boolean;
  readonly notice?: string;
}

export interface ZoneTally {
  readonly zoneId: string | null;
  readonly recipients: number;
  readonly read: number;
  readonly acknowledged: number;
  readonly attestation: AttestationLine | undefined;
}

/** Recipients (not copies) counted per zone, with each zone's attestation. */
export function tallyByZone(
  lines: readonly RecipientLine[],
  attestations: readonly AttestationLine[],
): ZoneTally[] {
  const byZone = new Map<string | null, { recipients: number; read: number; acknowledged: number }>();
  for (const l of lines) {
    if (l.kind !== 'recipient') continue;
    const z = byZone.get(l.zoneId) ?? { recipients: 0, read: 0, acknowledged: 0 };
    z.recipients++;
    if (l.readAt !== null) z.read++;
    if (l.acknowledgedAt !== null) z.acknowledged++;
    byZone.set(l.zoneId, z);
  }
  return [...byZone.entries()]
    .sort(([a], [b]) => (a ?? '~').localeCompare(b ?? '~'))
    .map(([zoneId, z]) => ({ zoneId, ...z, attestation: attestations.find((a) => a.zoneId === zoneId) }));
}

function zoneName(request: FastifyRequest, zones: readonly NamedPlace[], id: string | null): string {
  const z = zones.find((x) => x.id === id);
  if (!z) return id ?? request.t('circulars.noZone');
  return request.lang === 'hi' ? z.nameHi : z.nameEn;
}

function zoneTable(request: FastifyRequest, v: CircularView): SafeHtml {
  const t = request.t;
  const rows = tallyByZone(v.lines, v.attestations);
  if (!rows.length) return html`<p class="empty">${t('circulars.noRecipientsYet')}</p>`;
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="${t('circulars.zoneCaption')}">
    <table class="data">
      <caption>
        ${t('circulars.zoneCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('zone')}</th>
          <th scope="col">${t('circulars.colRecipients')}</th>
          <th scope="col">${t('circulars.colRead')}</th>
          <th scope="col">${t('circulars.colAcknowledged')}</th>
          <th scope="col">${t('circulars.colAttested')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <th scope="row">${zoneName(request, v.zones, r.zoneId)}</th>
              <td>${r.recipients}</td>
              <td>${t('circulars.countOf', { n: r.read, total: r.recipients })}</td>
              <td>${t('circulars.countOf', { n: r.acknowledged, total: r.recipients })}</td>
              <td>
                ${
                  r.attestation
                    ? t('circulars.attestedBy', {
                        who: r.attestation.displayName,
                        when: when(request, r.attestation.attestedAt),
                      })
                    : t('circulars.notAttested')
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function recipientTable(request: FastifyRequest, v: CircularView): SafeHtml {
  const t = request.t;
  if (!v.lines.length) return html``;
  const id = v.circular.id;
  return html`<h2 id="recipients">${t('circulars.recipientsHeading')}</h2>
    ${v.scoped ? html`<p>${t('circulars.scopeNote')}</p>` : ''}
    <p><a href="/console/circulars/${id}/recipients.csv" download>${t('circulars.downloadCsv')}</a></p>
    <div class="table-wrap" role="region" tabindex="0" aria-label="${t('circulars.recipientsCaption')}">
      <table class="data">
        <caption>
          ${t('circulars.recipientsCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('circulars.colName')}</th>
            <th scope="col">${t('circulars.colUserId')}</th>
            <th scope="col">${t('circulars.colKind')}</th>
            <th scope="col">${t('circulars.colDistrict')}</th>
            <th scope="col">${t('circulars.colReadAt')}</th>
            <th scope="col">${t('circulars.colAckAt')}</th>
            <th scope="col">${t('circulars.colFrom')}</th>
          </tr>
        </thead>
        <tbody>
          ${v.lines.map(
            (l) =>
              html`<tr>
                <th scope="row">${request.lang === 'hi' && l.nameHi ? l.nameHi : l.displayName}</th>
                <td>${l.userId}</td>
                <td>${l.kind === 'copy' ? t('circulars.audCopy') : t('circulars.audRecipient')}</td>
                <td>${(request.lang === 'hi' ? l.districtHi : l.districtEn) ?? ''}</td>
                <td>${when(request, l.readAt) || t('circulars.notYet')}</td>
                <td>${when(request, l.acknowledgedAt) || t('circulars.notYet')}</td>
                <td>${l.ackIp ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

function actions(request: FastifyRequest, v: CircularView): SafeHtml {
  const t = request.t;
  const c = v.circular;
  const attest = v.attestZone
    ? html`<h2 id="attest">${t('circulars.attestHeading')}</h2>
        <form method="post" action="/console/circulars/${c.id}/attest">
          ${csrfField(v.csrf)}<input type="hidden" name="zone" value="${v.attestZone}" />
          <p>${t('circulars.attestStatement', { zone: zoneName(request, v.zones, v.attestZone) })}</p>
          <div class="field">
            <label for="note">${t('circulars.f_note')}</label>
            <textarea id="note" name="note" rows="3" maxlength="500"></textarea>
          </div>
          <p class="actions"><button type="submit">${t('circulars.attest')}</button></p>
        </form>`
    : '';
  const withdraw =
    v.canIssue && c.status === 'issued'
      ? html`<h2 id="withdraw">${t('circulars.withdrawHeading')}</h2>
          <form method="post" action="/console/circulars/${c.id}/withdraw">
            ${csrfField(v.csrf)}
            <div class="field">
              <label for="reason">${t('circulars.f_reason')}</label>
              <textarea id="reason" name="reason" rows="3" maxlength="500" required></textarea>
            </div>
            <p class="actions"><button type="submit" class="secondary">${t('circulars.withdraw')}</button></p>
          </form>`
      : '';
  return html`${attest}${withdraw}`;
}

/** A circular's own page: the text in both languages, attachments, the per-zone tally and the recipients. */
export function renderCircularPage(request: FastifyRequest, v: CircularView): string {
  const t = request.t;
  const c = v.circular;
  const title = t('circulars.pageTitle', { number: c.number });
  return renderConsolePage(request, {
    title,
    main: html`<h1>${title}</h1>
      ${v.notice ? html`<p role="status" class="notice">${v.notice}</p>` : ''}
      <dl class="facts">
        <dt>${t('circulars.colDate')}</dt>
        <dd>${circularDay(c.issued_on)}</dd>
        <dt>${t('circulars.colStatus')}</dt>
        <dd>${statusLabel(t, c.status)}</dd>
        <dt>${t('circulars.ackDeadlineLabel')}</dt>
        <dd>
          ${c.ack_required ? onDay(request, c.ack_deadline) || t('circulars.none') : t('circulars.noAck')}
        </dd>
        ${
          c.issued_at !== null
            ? html`<dt>${t('circulars.issuedAt')}</dt>
                <dd>${when(request, c.issued_at)} (${c.issued_by ?? ''})</dd>`
            : ''
        }
      </dl>
      <p class="actions">
        ${c.status === 'draft' && v.canIssue ? html`<a class="button" href="/console/circulars/${c.id}/edit">${t('circulars.editDraft')}</a>` : ''}
        <a href="/console/circulars/${c.id}/print">${t('circulars.print')}</a>
        <a href="/console/circulars/${c.id}/print.pdf">${t('circulars.printPdf')}</a>
      </p>
      <article lang="hi">
        <h2>${c.subject_hi}</h2>
        ${raw(renderCircularBody(c.body_hi))}
        <p>${c.authority_hi}</p>
      </article>
      <article lang="en">
        <h2>${c.subject_en}</h2>
        ${raw(renderCircularBody(c.body_en))}
        <p>${c.authority_en}</p>
      </article>
      <h2>${t('circulars.attachmentsHeading')}</h2>
      ${attachmentList(request, c.id, v.attachments)}
      <h2>${t('circulars.tallyHeading')}</h2>
      ${zoneTable(request, v)} ${recipientTable(request, v)} ${actions(request, v)}`,
  });
}
