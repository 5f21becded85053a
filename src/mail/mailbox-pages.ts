import type { FastifyRequest } from 'fastify';
import { errorSummary, html, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { formatDateTime, type MessageKey, type Translate } from '../i18n/index.ts';
import type { CaughtMail } from './dev-mailbox-files.ts';
import type { OutboxEntry } from './outbox-repository.ts';
import { MAIL_STATUSES, type MailStatus } from './table.ts';

export interface OutboxView {
  readonly entries: readonly OutboxEntry[];
  readonly counts: Readonly<Record<MailStatus, number>>;
  readonly status: MailStatus | undefined;
  readonly limit: number;
  readonly badFilter: boolean;
  readonly devMailbox: boolean;
}

/** The outbox tracking page: every mail's status in words, never a body. */
export function renderOutbox(request: FastifyRequest, v: OutboxView): string {
  const t = request.t;
  const when = (ms: number) => formatDateTime(request.lang, ms);
  return renderConsolePage(request, {
    title: t('mail.outboxTitle'),
    hasError: v.badFilter,
    main: html`${errorSummary(t, v.badFilter ? [t('mail.errBadFilter')] : [])}
      <h1>${t('mail.outboxTitle')}</h1>
      <p class="hint">${t('mail.outboxIntro')}</p>
      <p role="status">${t('mail.counts', v.counts)}</p>
      ${v.devMailbox ? html`<p><a href="/console/mailbox/dev">${t('mail.devLink')}</a></p>` : ''}
      <form method="get" action="/console/mailbox" class="actions">
        <label for="status">${t('mail.filterLabel')}</label>
        <select id="status" name="status">
          <option value="">${t('mail.filterAll')}</option>
          ${MAIL_STATUSES.map(
            (s) =>
              html`<option value="${s}" ${v.status === s ? html`selected` : ''}>${statusWord(t, s)}</option>`,
          )}
        </select>
        <button type="submit" class="secondary">${t('mail.filterButton')}</button>
      </form>
      ${
        v.entries.length === 0
          ? html`<p>${v.status ? t('mail.emptyFiltered') : t('mail.empty')}</p>`
          : html`${v.entries.length >= v.limit ? html`<p class="hint">${t('mail.showingNewest', { n: v.limit })}</p>` : ''}
              <div class="table-wrap" role="region" tabindex="0" aria-label="${t('mail.outboxTitle')}">
                <table class="data">
                  <caption>
                    ${t('mail.outboxTitle')}${v.status ? ` — ${statusWord(t, v.status)}` : ''}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t('mail.colCreated')}</th>
                      <th scope="col">${t('mail.colKind')}</th>
                      <th scope="col">${t('mail.colTo')}</th>
                      <th scope="col">${t('mail.colSubject')}</th>
                      <th scope="col">${t('mail.colStatus')}</th>
                      <th scope="col">${t('mail.colAttempts')}</th>
                      <th scope="col">${t('mail.colLastError')}</th>
                      <th scope="col">${t('mail.colWhen')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${v.entries.map(
                      (e) =>
                        html`<tr>
                          <td>${when(e.createdAt)}</td>
                          <td>${kindLabel(t, e.kind)}</td>
                          <td>${e.to}</td>
                          <td>${e.subject}</td>
                          <td>${statusBadge(t, e.status)}</td>
                          <td>${e.attempts}</td>
                          <td>${e.lastError ?? ''}</td>
                          <td>
                            ${
                              e.sentAt !== null
                                ? when(e.sentAt)
                                : e.status === 'pending'
                                  ? t('mail.nextAttempt', { when: when(e.nextAttemptAt) })
                                  : ''
                            }
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }`,
  });
}

export interface DevMailboxView {
  /** Undefined when no catcher has run (the folder does not exist). */
  readonly messages: readonly CaughtMail[] | undefined;
  readonly total: number;
  /** Links to this origin in a caught mail's text are made clickable (the developer's activation links). */
  readonly portalOrigin: string;
}

/** Mail caught by `npm start`'s SMTP catcher, bodies shown as escaped text (mail HTML is never rendered). */
export function renderDevMailbox(request: FastifyRequest, v: DevMailboxView): string {
  const t = request.t;
  const messages = v.messages;
  return renderConsolePage(request, {
    title: t('mail.devTitle'),
    main: html`<h1>${t('mail.devTitle')}</h1>
      <p><a href="/console/mailbox">${t('mail.backToOutbox')}</a></p>
      ${
        messages === undefined
          ? html`<p class="status-box">${t('mail.devNotRunning')}</p>`
          : messages.length === 0
            ? html`<p class="hint">${t('mail.devIntro')}</p>
                <p class="status-box">${t('mail.devEmpty')}</p>`
            : html`<p class="hint">${t('mail.devIntro')}</p>
                <p role="status">${t('mail.devShowing', { shown: messages.length, total: v.total })}</p>
                ${messages.map((m) => caughtMail(request, m, v.portalOrigin))}`
      }`,
  });
}

function caughtMail(request: FastifyRequest, m: CaughtMail, portalOrigin: string): SafeHtml {
  const t = request.t;
  return html`<section aria-labelledby="mail-${m.id}">
    <h2 id="mail-${m.id}">${m.subject || t('mail.devNoSubject')}</h2>
    <dl>
      <dt>${t('mail.devTo')}</dt>
      <dd>${m.to}</dd>
      <dt>${t('mail.devFrom')}</dt>
      <dd>${m.from}</dd>
      <dt>${t('mail.devReceived')}</dt>
      <dd>${formatDateTime(request.lang, m.receivedAt)}</dd>
    </dl>
    <details open>
      <summary>${t('mail.devText')}</summary>
      <div class="disclaimer-text">${linkify(m.text, portalOrigin)}</div>
    </details>
    ${
      m.html
        ? html`<details>
            <summary>${t('mail.devHtmlSource')}</summary>
            <div class="disclaimer-text">${m.html}</div>
          </details>`
        : ''
    }
  </section>`;
}

/** Escaped text in which URLs on `origin` become links; other URLs stay text. */
function linkify(text: string, origin: string): SafeHtml[] {
  return text
    .split(/(https?:\/\/[^\s<>"']+)/)
    .map((part, i) =>
      i % 2 === 1 && (part === origin || part.startsWith(`${origin}/`))
        ? html`<a href="${part}">${part}</a>`
        : html`${part}`,
    );
}

export function statusWord(t: Translate, status: MailStatus): string {
  switch (status) {
    case 'sent':
      return t('mail.statusSent');
    case 'pending':
      return t('mail.statusPending');
    case 'failed':
      return t('mail.statusFailed');
  }
}

/** The status in words, with a mark and colour as extras (WCAG 1.4.1: not colour alone). */
function statusBadge(t: Translate, status: MailStatus): SafeHtml {
  const [cls, mark] = BADGES[status];
  const word = statusWord(t, status);
  return html`<span class="${cls}"><span aria-hidden="true">${mark} </span>${word}</span>`;
}

const BADGES: Record<MailStatus, readonly [string, string]> = {
  sent: ['verdict-ok', '✓'],
  pending: ['', '…'],
  failed: ['verdict-bad', '✗'],
};

const KIND_LABELS = {
  activation: 'mail.kindActivation',
  reset: 'mail.kindReset',
  guide: 'mail.kindGuide',
  proposal_decided: 'mail.kindProposalDecided',
  access_ending: 'mail.kindAccessEnding',
} as const satisfies Record<string, MessageKey>;

/** A known kind in words; a kind added later shows as its name until it gets a label. */
function kindLabel(t: Translate, kind: string): string {
  return Object.hasOwn(KIND_LABELS, kind) ? t(KIND_LABELS[kind as keyof typeof KIND_LABELS]) : kind;
}
