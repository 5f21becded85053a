import type { FastifyRequest } from 'fastify';
import type { Translate } from '../i18n/index.ts';
import { html, type SafeHtml } from '../web/index.ts';
import type { AccountHistory } from './lifecycle-history.ts';
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

/** The account's recent sessions: start, last activity, end and its reason, address. */
export function sessionsTable(request: FastifyRequest, h: AccountHistory): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  if (h.sessions.length === 0)
    return html`<h2>${t('accounts.sessionsHeading')}</h2>
      <p>${t('accounts.noSessions')}</p>`;
  return html`<h2>${t('accounts.sessionsHeading')}</h2>
    <div class="table-wrap">
      <table class="data">
        <caption>
          ${t('accounts.sessionsCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('accounts.sessionStart')}</th>
            <th scope="col">${t('accounts.sessionLastSeen')}</th>
            <th scope="col">${t('accounts.sessionEnd')}</th>
            <th scope="col">${t('accounts.ip')}</th>
          </tr>
        </thead>
        <tbody>
          ${h.sessions.map(
            (s) =>
              html`<tr>
                <td>${moment(lang, s.createdAt)}</td>
                <td>${moment(lang, s.lastSeenAt)}</td>
                <td>
                  ${
                    s.endedAt === null
                      ? t('accounts.sessionLive')
                      : html`${moment(lang, s.endedAt)} — ${endReasonWords(t, s.endReason)}`
                  }
                </td>
                <td>${s.ip ?? '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

/** Activation and reset links: dates and state only, never the token. */
export function linksTable(request: FastifyRequest, h: AccountHistory): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  if (h.links.length === 0)
    return html`<h2>${t('accounts.linksHeading')}</h2>
      <p>${t('accounts.noLinks')}</p>`;
  return html`<h2>${t('accounts.linksHeading')}</h2>
    <div class="table-wrap">
      <table class="data">
        <caption>
          ${t('accounts.linksCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('accounts.linkPurpose')}</th>
            <th scope="col">${t('accounts.linkIssued')}</th>
            <th scope="col">${t('accounts.linkExpires')}</th>
            <th scope="col">${t('accounts.linkState')}</th>
          </tr>
        </thead>
        <tbody>
          ${h.links.map(
            (l) =>
              html`<tr>
                <td>${t(`accounts.purpose_${l.purpose}`)}</td>
                <td>${moment(lang, l.createdAt)}</td>
                <td>${moment(lang, l.expiresAt)}</td>
                <td>
                  ${t(`accounts.linkState_${l.state}`)}
                  ${l.usedAt !== null ? moment(lang, l.usedAt) : l.supersededAt !== null ? moment(lang, l.supersededAt) : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

/** Mails about the account: kind, delivery and times, never the body. */
export function mailsTable(request: FastifyRequest, h: AccountHistory): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  if (h.mails.length === 0)
    return html`<h2>${t('accounts.mailsHeading')}</h2>
      <p>${t('accounts.noMails')}</p>`;
  const kind = (k: string) =>
    k === 'activation' || k === 'reset' ? t(`accounts.purpose_${k}`) : k.replace(/_/g, ' ');
  return html`<h2>${t('accounts.mailsHeading')}</h2>
    <div class="table-wrap">
      <table class="data">
        <caption>
          ${t('accounts.mailsCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('accounts.mailKind')}</th>
            <th scope="col">${t('accounts.mailStatus')}</th>
            <th scope="col">${t('accounts.mailCreated')}</th>
            <th scope="col">${t('accounts.mailSent')}</th>
            <th scope="col">${t('accounts.mailAttempts')}</th>
          </tr>
        </thead>
        <tbody>
          ${h.mails.map(
            (m) =>
              html`<tr>
                <td>${kind(m.kind)}</td>
                <td>${mailStatusWords(t, m.status)}</td>
                <td>${moment(lang, m.createdAt)}</td>
                <td>${moment(lang, m.sentAt)}</td>
                <td>${m.attempts}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
