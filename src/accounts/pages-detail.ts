import type { FastifyRequest } from 'fastify';
import { html, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { scopeOf, type Staff } from '../policy/index.ts';
import type { AccountHistory } from './history-queries.ts';
import { linksTable, mailsTable, sessionsTable } from './pages-history.ts';
import type { AccountAction } from './lifecycle-rules.ts';
import type { AccountTarget } from './lifecycle-target.ts';
import { accessEnd, accountPath, inLang, moment, roleWords, statusWords } from './pages-common.ts';

export interface AccountDetailView {
  staff: Staff;
  target: AccountTarget;
  history: AccountHistory;
  actions: readonly AccountAction[];
  /** The action just completed, for the confirmation message. */
  done?: AccountAction;
  /** Live sessions and devices, with their end and revoke forms (sessions-page.ts). */
  live?: SafeHtml;
}

function facts(request: FastifyRequest, a: AccountTarget): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const row = (label: string, value: SafeHtml | string | number) =>
    html`<dt>${label}</dt>
      <dd>${value}</dd>`;
  const officer = a.officerId !== null;
  return html`<dl>
    ${row(t('userId'), a.userId)} ${row(t('accounts.role'), roleWords(t, a.role))}
    ${row(t('accounts.status'), statusWords(t, a.status))}
    ${
      officer
        ? html`${row(t('employeeNo'), a.employeeNo ?? '—')}
          ${row(t('nameEn'), html`<span lang="en">${a.nameEn ?? ''}</span>`)}
          ${row(t('nameHi'), html`<span lang="hi">${a.nameHi ?? ''}</span>`)}
          ${row(t('district'), inLang(lang, a.districtEn, a.districtHi))}
          ${row(t('zone'), inLang(lang, a.zoneEn, a.zoneHi))}
          ${row(t('wing'), inLang(lang, a.wingEn, a.wingHi))}`
        : row(t('accounts.name'), html`<span lang="en">${a.displayName}</span>`)
    }
    ${row(t('accounts.email'), (a.role === 'officer' ? (a.officerEmail ?? a.email) : a.email) ?? '—')}
    ${row(t('accounts.mfa'), a.mfaEnrolled ? t('accounts.mfaYes') : t('accounts.mfaNo'))}
    ${row(t('accounts.failedLogins'), a.failedLogins)}
    ${row(t('accounts.lockedUntil'), moment(lang, a.lockedUntil))}
    ${row(t('accounts.accessEnd'), moment(lang, accessEnd(a)))}
    ${row(t('accounts.lastLogin'), moment(lang, a.lastLoginAt, t('accounts.never')))}
    ${row(t('accounts.createdAt'), moment(lang, a.createdAt))}
  </dl>`;
}

function actionLinks(request: FastifyRequest, v: AccountDetailView): SafeHtml {
  const t = request.t;
  return html`<h2>${t('accounts.actionsHeading')}</h2>
    ${
      v.actions.length === 0
        ? html`<p>${t('accounts.noActions')}</p>`
        : html`<p class="actions">
            ${v.actions.map(
              (action) =>
                html`<a
                  class="button ${action === 'revoke' ? '' : 'secondary'}"
                  href="${accountPath(v.target.id, action)}"
                  >${t(`accounts.action_${action}`)}</a
                >`,
            )}
          </p>`
    }`;
}

/** The account's passkeys and the reset (issue 9), for staff who may change what an account can do. */
function passkeysLink(request: FastifyRequest, v: AccountDetailView): SafeHtml | string {
  if (!scopeOf(v.staff.role, 'account.lifecycle')) return '';
  return html`<p>
    <a href="${accountPath(v.target.id)}/passkeys">${request.t('passkeys.securityTitle')}</a>
  </p>`;
}

/** One account: its facts, the actions open to the viewer, and its recent sessions, links and mails. */
export function renderAccountDetail(request: FastifyRequest, v: AccountDetailView): string {
  const t = request.t;
  return renderConsolePage(request, {
    title: t('accounts.detailTitle', { userId: v.target.userId }),
    main: html`<p><a href="/console/accounts">${t('accounts.backToList')}</a></p>
      <h1>${t('accounts.detailTitle', { userId: v.target.userId })}</h1>
      ${v.done ? html`<p class="status-box ok" role="status">${t(`accounts.done_${v.done}`)}</p>` : ''}
      ${facts(request, v.target)} ${actionLinks(request, v)} ${passkeysLink(request, v)} ${v.live ?? ''}
      ${sessionsTable(request, v.history)} ${linksTable(request, v.history)} ${mailsTable(request, v.history)}`,
  });
}
