import type { FastifyRequest } from 'fastify';
import {
  TICKET_CATEGORIES,
  TICKET_STATUSES,
  type TicketAttachmentRow,
  type TicketCategory,
  type TicketEventRow,
  type TicketRow,
  type TicketStatus,
} from '../helpdesk/index.ts';
import { formatDateTime } from '../i18n/index.ts';
import { csrfField, fieldError, html, invalid, type SafeHtml } from '../web/index.ts';
import { helpPage, statusLine } from './help-pages.ts';

const isCategory = (v: string): v is TicketCategory => (TICKET_CATEGORIES as readonly string[]).includes(v);
const isStatus = (v: string): v is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(v);

function categoryText(request: FastifyRequest, category: string): string {
  return isCategory(category) ? request.t(`selfHelp.cat_${category}`) : category;
}
export function statusText(request: FastifyRequest, status: string): string {
  return isStatus(status) ? request.t(`selfHelp.st_${status}`) : status;
}

/** The officer's own tickets, newest first. */
export function renderTicketList(request: FastifyRequest, tickets: readonly TicketRow[]): string {
  const t = request.t;
  return helpPage(
    request,
    t('selfHelp.ticketsTitle'),
    html`<p><a class="button" href="/help/tickets/new">${t('selfHelp.newTicket')}</a></p>
      ${
        tickets.length === 0
          ? html`<p>${t('selfHelp.ticketsNone')}</p>`
          : html`<table>
              <caption>
                ${t('selfHelp.ticketsCaption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t('selfHelp.colNumber')}</th>
                  <th scope="col">${t('selfHelp.colCategory')}</th>
                  <th scope="col">${t('selfHelp.colStatus')}</th>
                  <th scope="col">${t('selfHelp.colUpdated')}</th>
                </tr>
              </thead>
              <tbody>
                ${tickets.map(
                  (k) =>
                    html`<tr>
                      <th scope="row"><a href="/help/tickets/${k.number}">${k.number}</a></th>
                      <td>${categoryText(request, k.category)}</td>
                      <td>${statusText(request, k.status)}</td>
                      <td>${formatDateTime(request.lang, k.updated_at)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <p><a href="/help">${t('selfHelp.title')}</a></p>`,
  );
}

export interface NewTicketView {
  readonly csrf: string;
  readonly maxMb: number;
  readonly category?: string;
  readonly description?: string;
  readonly errors?: { category?: string; description?: string; screenshot?: string };
}

/** The "raise a ticket" form (multipart, for the optional screenshot). */
export function renderNewTicket(request: FastifyRequest, v: NewTicketView): string {
  const t = request.t;
  const e = v.errors ?? {};
  const messages = [e.category, e.description, e.screenshot].filter((m): m is string => Boolean(m));
  return helpPage(
    request,
    t('selfHelp.newTicket'),
    html`<form method="post" action="/help/tickets" enctype="multipart/form-data" novalidate>
      ${csrfField(v.csrf)}
      <label for="category">${t('selfHelp.categoryLabel')}</label>
      ${fieldError('category', e.category)}
      <select id="category" name="category" required ${invalid('category', e.category)}>
        ${TICKET_CATEGORIES.map(
          (c) =>
            html`<option value="${c}" ${c === v.category ? 'selected' : ''}>
              ${t(`selfHelp.cat_${c}`)}
            </option>`,
        )}
      </select>
      <label for="description">${t('selfHelp.descriptionLabel')}</label>
      <p class="hint" id="description-hint">${t('selfHelp.descriptionHint')}</p>
      ${fieldError('description', e.description)}
      <textarea
        id="description"
        name="description"
        rows="6"
        maxlength="4000"
        required
        ${invalid('description', e.description)}
      >
${v.description ?? ''}</textarea>
      <label for="screenshot">${t('selfHelp.screenshotLabel')}</label>
      <p class="hint">${t('selfHelp.screenshotHint', { max: v.maxMb })}</p>
      ${fieldError('screenshot', e.screenshot)}
      <input
        type="file"
        id="screenshot"
        name="screenshot"
        accept="image/png,image/jpeg,application/pdf"
        ${invalid('screenshot', e.screenshot)}
      />
      <button type="submit">${t('selfHelp.submitTicket')}</button>
    </form>`,
    messages,
  );
}

export interface TicketView {
  readonly ticket: TicketRow;
  readonly events: readonly TicketEventRow[];
  readonly attachments: readonly TicketAttachmentRow[];
  readonly csrf: string;
  readonly notice?: string;
  readonly replyError?: string;
}

/** One of the officer's tickets: status, public history, attachments, reply and reopen/close. */
export function renderTicket(request: FastifyRequest, v: TicketView): string {
  const t = request.t;
  const k = v.ticket;
  const base = `/help/tickets/${k.number}`;
  const canReopen = k.status === 'resolved' || k.status === 'closed';
  const canClose = k.status !== 'closed';
  return helpPage(
    request,
    t('selfHelp.ticketHeading', { number: k.number }),
    html`${statusLine(v.notice)}
      <dl>
        <dt>${t('selfHelp.colCategory')}</dt>
        <dd>${categoryText(request, k.category)}</dd>
        <dt>${t('selfHelp.colStatus')}</dt>
        <dd>${statusText(request, k.status)}</dd>
      </dl>
      <h2>${t('selfHelp.historyTitle')}</h2>
      <table>
        <caption>
          ${t('selfHelp.historyCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('selfHelp.colWhen')}</th>
            <th scope="col">${t('selfHelp.colAuthor')}</th>
            <th scope="col">${t('selfHelp.colText')}</th>
          </tr>
        </thead>
        <tbody>
          ${v.events.map(
            (e) =>
              html`<tr>
                <td>${formatDateTime(request.lang, e.at)}</td>
                <td>${e.author}</td>
                <td class="pre-wrap">${e.body}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>${t('selfHelp.attachmentsTitle')}</h2>
      ${
        v.attachments.length === 0
          ? html`<p>${t('selfHelp.attachmentsNone')}</p>`
          : html`<ul>
              ${v.attachments.map(
                (a) =>
                  html`<li>
                    <a href="${base}/attachments/${a.id}">${a.file_name}</a> (${Math.ceil(a.size / 1024)} KB)
                  </li>`,
              )}
            </ul>`
      }
      <h2 id="reply">${t('selfHelp.replyLabel')}</h2>
      <p>${t('selfHelp.replyByMail')}</p>
      ${replyForm(request, base, v)}
      ${canReopen || canClose ? statusForm(request, base, v.csrf, canReopen, canClose) : ''}
      <p><a href="/help/tickets">${t('selfHelp.ticketsTitle')}</a></p>`,
    v.replyError ? [v.replyError] : [],
  );
}

function replyForm(request: FastifyRequest, base: string, v: TicketView): SafeHtml {
  const t = request.t;
  return html`<form method="post" action="${base}/reply" enctype="multipart/form-data" novalidate>
    ${csrfField(v.csrf)}
    <label for="body">${t('selfHelp.replyLabel')}</label>
    ${fieldError('body', v.replyError)}
    <textarea
      id="body"
      name="body"
      rows="4"
      maxlength="4000"
      required
      ${invalid('body', v.replyError)}
    ></textarea>
    <label for="attachment">${t('selfHelp.attachmentLabel')}</label>
    <input type="file" id="attachment" name="attachment" accept="image/png,image/jpeg,application/pdf" />
    <button type="submit">${t('selfHelp.sendReply')}</button>
  </form>`;
}

function statusForm(
  request: FastifyRequest,
  base: string,
  csrf: string,
  reopen: boolean,
  close: boolean,
): SafeHtml {
  const t = request.t;
  return html`<form method="post" action="${base}/status">
    ${csrfField(csrf)}
    ${reopen ? html`<button type="submit" name="status" value="reopened">${t('selfHelp.reopen')}</button>` : ''}
    ${close ? html`<button type="submit" name="status" value="closed" class="secondary">${t('selfHelp.close')}</button>` : ''}
  </form>`;
}
