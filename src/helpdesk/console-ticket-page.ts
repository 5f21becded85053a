import type { FastifyRequest } from 'fastify';
import type { AccountStatus } from '../accounts/index.ts';
import { formatDateTime } from '../i18n/index.ts';
import { html, renderConsolePage, type SafeHtml } from '../web/index.ts';
import type { GatewayEvent } from './console-events-query.ts';
import { fieldId, renderTicketForms, type FormProblem } from './console-ticket-forms.ts';
import { categoryWords, priorityWords, statusWords, tierWords } from './console-words.ts';
import { renderDiagnosis } from './diagnostics-page.ts';
import type { Diagnosis } from './diagnostics.ts';
import type { TicketAttachmentRow, TicketEventRow, TicketRow } from './model.ts';

/** The officer a ticket is about, as the ticket page shows them (no secrets: no hashes, no tokens). */
export interface TicketOfficer {
  readonly userId: string;
  readonly displayName: string;
  readonly nameEn: string | null;
  readonly nameHi: string | null;
  readonly districtEn: string | null;
  readonly districtHi: string | null;
  readonly status: AccountStatus;
}

export interface TicketView {
  readonly ticket: TicketRow;
  readonly officer: TicketOfficer | undefined;
  readonly diagnosis: Diagnosis | undefined;
  readonly gatewayEvents: readonly GatewayEvent[];
  readonly conversation: readonly TicketEventRow[];
  readonly attachments: readonly TicketAttachmentRow[];
  /** Whether the reader may work this ticket (else the page is read-only). */
  readonly canWork: boolean;
  readonly csrf: string;
  readonly problem?: FormProblem;
  /** What the last post did, announced once after the redirect. */
  readonly done?: string;
}

const when = (request: FastifyRequest, ms: number | string) =>
  html`<time datetime="${new Date(Number(ms)).toISOString()}"
    >${formatDateTime(request.lang, Number(ms))}</time
  >`;

function summary(request: FastifyRequest, v: TicketView): SafeHtml {
  const t = request.t;
  const k = v.ticket;
  const item = (label: string, value: SafeHtml | string) =>
    html`<dt>${label}</dt>
      <dd>${value}</dd>`;
  return html`<dl class="facts">
    ${item(t('helpdesk.col_status'), statusWords(t, k.status))}
    ${item(t('helpdesk.col_priority'), priorityWords(t, k.priority))}
    ${item(t('helpdesk.col_category'), categoryWords(t, k.category))}
    ${item(t('helpdesk.col_tier'), tierWords(t, k.tier))}
    ${item(t('helpdesk.openedAt'), when(request, k.created_at))}
  </dl>`;
}

function officerSection(request: FastifyRequest, v: TicketView): SafeHtml {
  const t = request.t;
  const o = v.officer;
  if (!o) return html`<p>${t('helpdesk.noAccount', { userId: v.ticket.user_id })}</p>`;
  const name = (request.lang === 'hi' ? o.nameHi : o.nameEn) ?? o.displayName;
  const district = (request.lang === 'hi' ? o.districtHi : o.districtEn) ?? '—';
  return html`<dl class="facts">
    <dt>${t('helpdesk.officerName')}</dt>
    <dd>${name}</dd>
    <dt>${t('helpdesk.csvUserId')}</dt>
    <dd>${o.userId}</dd>
    <dt>${t('helpdesk.officerDistrict')}</dt>
    <dd>${district}</dd>
    <dt>${t('helpdesk.officerStatus')}</dt>
    <dd>${t(`status_${o.status}`)}</dd>
  </dl>`;
}

function eventsTable(request: FastifyRequest, events: readonly GatewayEvent[]): SafeHtml {
  const t = request.t;
  if (events.length === 0) return html`<p class="status-box">${t('helpdesk.eventsEmpty')}</p>`;
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="${t('helpdesk.eventsCaption')}">
    <table class="data">
      <caption>
        ${t('helpdesk.eventsCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('helpdesk.eventWhen')}</th>
          <th scope="col">${t('helpdesk.eventType')}</th>
          <th scope="col">${t('helpdesk.eventAddress')}</th>
        </tr>
      </thead>
      <tbody>
        ${events.map(
          (e) =>
            html`<tr>
              <td>${when(request, e.at)}</td>
              <th scope="row"><code>${e.type}</code></th>
              <td>${e.ip ?? '—'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function conversation(request: FastifyRequest, v: TicketView): SafeHtml {
  const t = request.t;
  if (v.conversation.length === 0) return html`<p>${t('helpdesk.conversationEmpty')}</p>`;
  return html`<ol class="conversation">
    ${v.conversation.map((e) => {
      const internal = e.visibility === 'internal';
      const files = v.attachments.filter((a) => a.event_id === e.id);
      return html`<li class="${internal ? 'event internal' : 'event public'}">
        <p>
          <strong>${internal ? t('helpdesk.markInternal') : t('helpdesk.markPublic')}</strong>
          · ${t(`helpdesk.kind_${kindOf(e.kind)}`)} · ${e.author} · ${when(request, e.at)}
        </p>
        ${e.body ? html`<p class="event-body">${e.body}</p>` : ''}
        ${files.length > 0 ? attachmentList(request, v.ticket, files) : ''}
      </li>`;
    })}
  </ol>`;
}

const EVENT_KINDS = [
  'created',
  'reply',
  'note',
  'status',
  'escalated',
  'action',
  'breach',
  'attachment',
] as const;
type EventKind = (typeof EVENT_KINDS)[number] | 'other';
const kindOf = (kind: string): EventKind =>
  (EVENT_KINDS as readonly string[]).includes(kind) ? (kind as EventKind) : 'other';

function attachmentList(
  request: FastifyRequest,
  ticket: TicketRow,
  files: readonly TicketAttachmentRow[],
): SafeHtml {
  const t = request.t;
  return html`<ul class="attachments">
    ${files.map(
      (a) =>
        html`<li>
          <a href="/console/helpdesk/tickets/${ticket.number}/attachments/${a.id}">${a.file_name}</a>
          (${t('helpdesk.attachmentSize', { kb: Math.max(1, Math.round(a.size / 1024)) })})
        </li>`,
    )}
  </ul>`;
}

/**
 * A ticket as staff see it: the officer, the diagnosis of why they cannot get in, the gateway's recent
 * events for them, the conversation (public and internal marked in words) and, for those who may work it,
 * the forms.
 */
export function renderTicketPage(request: FastifyRequest, v: TicketView): string {
  const t = request.t;
  const k = v.ticket;
  const problem = v.problem
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
        <h2>${t('errorSummary')}</h2>
        <ul>
          <li><a href="#${fieldId(v.problem.form, v.problem.field)}">${v.problem.message}</a></li>
        </ul>
      </div>`
    : '';
  const loose = v.attachments.filter((a) => a.event_id === null);
  return renderConsolePage(request, {
    title: t('helpdesk.ticketTitle', { number: k.number }),
    hasError: Boolean(v.problem),
    main: html`${problem}
      <p><a href="/console/helpdesk">${t('helpdesk.backToQueue')}</a></p>
      <h1>${t('helpdesk.ticketTitle', { number: k.number })}</h1>
      ${v.done ? html`<p role="status" class="status-box">${v.done}</p>` : ''}
      <p class="lead">${k.subject}</p>
      ${summary(request, v)} ${v.canWork ? '' : html`<p class="status-box">${t('helpdesk.readOnly')}</p>`}
      <h2>${t('helpdesk.officerHeading')}</h2>
      ${officerSection(request, v)}
      <h2>${t('helpdesk.diagnosisHeading')}</h2>
      ${v.diagnosis ? renderDiagnosis(request, v.diagnosis) : html`<p>${t('helpdesk.noDiagnosis')}</p>`}
      <h2>${t('helpdesk.eventsHeading')}</h2>
      <p>${t('helpdesk.eventsHint')}</p>
      ${eventsTable(request, v.gatewayEvents)}
      <h2>${t('helpdesk.conversationHeading')}</h2>
      ${conversation(request, v)} ${loose.length > 0 ? attachmentList(request, k, loose) : ''}
      ${
        v.canWork
          ? renderTicketForms({
              request,
              ticket: k,
              csrf: v.csrf,
              problem: v.problem,
              accountStatus: v.officer?.status,
            })
          : ''
      }`,
  });
}
