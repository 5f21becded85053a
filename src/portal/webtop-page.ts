import type { FastifyRequest } from 'fastify';
import { formatDateTime } from '../i18n/index.ts';
import type { RetiredResource } from '../gateway/index.ts';
import { DENY_MESSAGE, type ResourceGrant } from './grants.ts';
import { RECOVERY_CODE_COUNT } from '../login/index.ts';
import type { LiveSession } from '../session/index.ts';
import { html, renderPage } from '../web/index.ts';
import { renderWebtopInspector } from './inspector-pages.ts';

export interface WebtopView {
  session: LiveSession;
  officerLine: string | undefined;
  /** The officer's name in the page's language (the session carries the English one). */
  displayName: string;
  previousLogin: number | undefined;
  /** When access ends because the district office reopened. */
  accessEndsAt: number | null;
  grants: readonly ResourceGrant[];
  /** A resource the gateway just sent the officer back from, refused by the policy. */
  deniedNow?: ResourceGrant | undefined;
  /** A resource the policy stopped offering while the officer was using it. */
  removedNow?: RetiredResource | undefined;
  csrf: string;
  /** Recovery codes left, when one was used to open this session (issue 8 item 4). */
  recoveryLeft?: number | undefined;
  helpdeskPhone: string;
}

/** At or below this many codes left the webtop warns (a week of lost-phone sign-ins, roughly). */
const FEW_RECOVERY_CODES = 3;

function recoveryNote(t: FastifyRequest['t'], left: number | undefined, phone: string) {
  if (left === undefined) return '';
  const few = left <= FEW_RECOVERY_CODES;
  return html`<div class="status-box${few ? ' bad' : ''}" role="status">
    <p>${t('proxy.recoveryLeft', { n: left, total: RECOVERY_CODE_COUNT })}</p>
    ${few ? html`<p><strong>${t(left === 0 ? 'proxy.recoveryNone' : 'proxy.recoveryFew', { phone })}</strong></p>` : ''}
  </div>`;
}

export function renderWebtop(request: FastifyRequest, v: WebtopView): string {
  const t = request.t;
  const hi = request.lang === 'hi';
  const allowed = v.grants.filter((g) => g.decision.effect === 'allow');
  const denied = v.grants.filter(
    (g) => g.decision.effect === 'deny' && g.decision.reason !== 'RESOURCE_DISABLED',
  );
  const tiles = allowed.map(
    ({ resource: r }) =>
      html`<li class="tile">
        <h2>${hi ? r.nameHi : r.nameEn}</h2>
        <p>${hi ? r.purposeHi : r.purposeEn}</p>
        <p class="hint">${t('backOfficeNote')}</p>
        <a class="button" href="/go/${r.id}"
          >${t('open')}<span class="visually-hidden"> ${hi ? r.nameHi : r.nameEn}</span></a
        >
      </li>`,
  );
  const deniedTiles = denied.map(
    ({ resource: r, decision }) =>
      html`<li class="tile denied">
        <h2>${hi ? r.nameHi : r.nameEn}</h2>
        <p>${decision.reason === 'GRANTED' ? '' : t(DENY_MESSAGE[decision.reason])}</p>
      </li>`,
  );
  return renderPage({
    lang: request.lang,
    t,
    title: t('webtopTitle'),
    path: request.url,
    scripts: ['/static/page.js', '/static/session.js'],
    main: html`<div class="session-bar">
        <div>
          <p>
            <strong>${t('welcome', { name: v.displayName })}</strong>
            (${v.session.subject.userId})
          </p>
          ${v.officerLine ? html`<p>${v.officerLine}</p>` : ''}
          <p>
            ${v.previousLogin ? t('lastLogin', { when: formatDateTime(request.lang, v.previousLogin) }) : t('firstLogin')}
          </p>
          ${
            v.accessEndsAt
              ? html`<p class="status-box bad" role="status">
                  ${t('accessEndsOn', { date: formatDateTime(request.lang, v.accessEndsAt) })}
                </p>`
              : ''
          }
          <p class="hint">
            ${t('sessionLimits', {
              time: formatDateTime(request.lang, v.session.expiresAt),
              idle: Math.round(v.session.idleTimeoutMs / 60000),
            })}
          </p>
          <p><a href="/account/sessions">${t('devices.link')}</a></p>
          <p><a href="/circulars">${t('circularInbox.nav')}</a></p>
          <p><a href="/account/security">${t('passkeys.securityLink')}</a></p>
        </div>
        <form method="post" action="/logout">
          <input type="hidden" name="_csrf" value="${v.csrf}" /><button type="submit">${t('logout')}</button>
        </form>
      </div>
      <div
        id="session-warning"
        class="session-warning"
        role="alertdialog"
        aria-labelledby="session-warning-text"
        hidden
        data-idle-ms="${v.session.idleTimeoutMs}"
        data-csrf="${v.csrf}"
        data-warn="${t('proxy.webtopWarn')}"
        data-min-sec="${t('proxy.timeMinSec')}"
        data-sec="${t('proxy.timeSec')}"
      >
        <p id="session-warning-text">${t('sessionWarning')}</p>
        <p class="countdown" aria-hidden="true"></p>
        <p class="visually-hidden" aria-live="polite"></p>
        <button type="button">${t('continueSession')}</button>
      </div>
      <h1>${t('webtopTitle')}</h1>
      ${
        v.deniedNow && v.deniedNow.decision.reason !== 'GRANTED'
          ? html`<div class="status-box bad" role="alert">
              <p>
                <strong
                  >${t('access.deniedNow', { name: hi ? v.deniedNow.resource.nameHi : v.deniedNow.resource.nameEn })}</strong
                >
              </p>
              <p>${t(DENY_MESSAGE[v.deniedNow.decision.reason])}</p>
            </div>`
          : ''
      }
      ${
        v.removedNow
          ? html`<p class="status-box bad" role="alert">
              ${t('access.removed', { name: hi ? v.removedNow.nameHi : v.removedNow.nameEn })}
            </p>`
          : ''
      }
      ${recoveryNote(t, v.recoveryLeft, v.helpdeskPhone)}
      ${
        // "None yet, may be with HQ" only when nothing is listed: a refused tile already says why.
        allowed.length === 0 && denied.length === 0
          ? html`<p class="status-box" role="status">${t('appsEmpty')}</p>`
          : ''
      }
      <ul class="tiles">
        ${tiles}${deniedTiles}
      </ul>
      ${renderWebtopInspector(request, v.session.facts.posture)}`,
  });
}
