import type { FastifyRequest } from 'fastify';
import type { MessageKey, Translate } from '../i18n/index.ts';
import { html, type SafeHtml } from '../web/index.ts';
import type { AccountHistory } from './history-queries.ts';
import { moment } from './pages-common.ts';

function endReasonWords(t: Translate, reason: string | null): string {
  if (reason === null) return '';
  switch (reason) {
    case 'logout':
    case 'idle':
    case 'absolute':
    case 'revoked':
      return t(`accounts.endReason_${reason}`);
    default:
      return reason;
  }
}

function mailStatusWords(t: Translate, status: string): string {
  switch (status) {
    case 'pending':
    case 'sent':
    case 'failed':
      return t(`accounts.mailStatus_${status}`);
    default:
      return status;
  }
}

/** One kind of history record: its heading, what to say when there is none, its columns and cells. */
interface HistoryTable<Row> {
  readonly heading: MessageKey;
  readonly empty: MessageKey;
  readonly caption: MessageKey;
  readonly columns: readonly MessageKey[];
  readonly rows: readonly Row[];
  readonly cells: (row: Row) => SafeHtml;
}

function historyTable<Row>(t: Translate, o: HistoryTable<Row>): SafeHtml {
  if (o.rows.length === 0)
    return html`<h2>${t(o.heading)}</h2>
      <p>${t(o.empty)}</p>`;
  return html`<h2>${t(o.heading)}</h2>
    <div class="table-wrap" role="region" tabindex="0" aria-label="${t(o.caption)}">
      <table class="data">
        <caption>
          ${t(o.caption)}
        </caption>
        <thead>
          <tr>
            ${o.columns.map((key) => html`<th scope="col">${t(key)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${o.rows.map(
            (row) =>
              html`<tr>
                ${o.cells(row)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

/** The account's recent sessions: start, last activity, end and its reason, address. */
export function sessionsTable(request: FastifyRequest, h: AccountHistory): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  return historyTable(t, {
    heading: 'accounts.sessionsHeading',
    empty: 'accounts.noSessions',
    caption: 'accounts.sessionsCaption',
    columns: ['accounts.sessionStart', 'accounts.sessionLastSeen', 'accounts.sessionEnd', 'accounts.ip'],
    rows: h.sessions,
    cells: (s) =>
      html`<td>${moment(lang, s.createdAt)}</td>
        <td>${moment(lang, s.lastSeenAt)}</td>
        <td>
          ${
            s.endedAt === null
              ? t('accounts.sessionLive')
              : html`${moment(lang, s.endedAt)} — ${endReasonWords(t, s.endReason)}`
          }
        </td>
        <td>${s.ip ?? '—'}</td>`,
  });
}

/** Activation and reset links: dates and state only, never the token. */
export function linksTable(request: FastifyRequest, h: AccountHistory): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  return historyTable(t, {
    heading: 'accounts.linksHeading',
    empty: 'accounts.noLinks',
    caption: 'accounts.linksCaption',
    columns: ['accounts.linkPurpose', 'accounts.linkIssued', 'accounts.linkExpires', 'accounts.linkState'],
    rows: h.links,
    cells: (l) =>
      html`<td>${t(`accounts.purpose_${l.purpose}`)}</td>
        <td>${moment(lang, l.createdAt)}</td>
        <td>${moment(lang, l.expiresAt)}</td>
        <td>
          ${t(`accounts.linkState_${l.state}`)}
          ${l.usedAt !== null ? moment(lang, l.usedAt) : l.supersededAt !== null ? moment(lang, l.supersededAt) : ''}
        </td>`,
  });
}

/** Mails about the account: kind, delivery and times, never the body. */
export function mailsTable(request: FastifyRequest, h: AccountHistory): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const kind = (k: string) =>
    k === 'activation' || k === 'reset' ? t(`accounts.purpose_${k}`) : k.replace(/_/g, ' ');
  return historyTable(t, {
    heading: 'accounts.mailsHeading',
    empty: 'accounts.noMails',
    caption: 'accounts.mailsCaption',
    columns: [
      'accounts.mailKind',
      'accounts.mailStatus',
      'accounts.mailCreated',
      'accounts.mailSent',
      'accounts.mailAttempts',
    ],
    rows: h.mails,
    cells: (m) =>
      html`<td>${kind(m.kind)}</td>
        <td>${mailStatusWords(t, m.status)}</td>
        <td>${moment(lang, m.createdAt)}</td>
        <td>${moment(lang, m.sentAt)}</td>
        <td>${m.attempts}</td>`,
  });
}
