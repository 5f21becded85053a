import type { FastifyRequest } from 'fastify';
import type { DeviceView, LiveSessionView } from '../session/index.ts';
import { csrfField, html, renderPage, type SafeHtml } from '../web/index.ts';
import { deviceWords, when } from './sessions-view.ts';

export interface SessionsPageView {
  readonly currentId: string;
  readonly sessions: readonly LiveSessionView[];
  readonly devices: readonly DeviceView[];
  readonly csrf: string;
  /** Now: this session's last use (the database learns it at most once a minute). */
  readonly now: number;
  readonly done?: 'ended' | 'revoked' | undefined;
}

function sessionRows(request: FastifyRequest, v: SessionsPageView): SafeHtml[] {
  const t = request.t;
  return v.sessions.map((s) => {
    const device = deviceWords(t, s.browser);
    const current = s.id === v.currentId;
    return html`<tr>
      <td>${device}${current ? html` <strong>(${t('devices.thisSession')})</strong>` : ''}</td>
      <td>${s.ip ?? '—'}</td>
      <td>${when(request, s.createdAt)}</td>
      <td>${when(request, current ? v.now : s.lastSeenAt)}</td>
      <td>
        <form method="post" action="/account/sessions/end">
          ${csrfField(v.csrf)}<input type="hidden" name="session" value="${s.id}" />
          <button
            type="submit"
            class="secondary"
            aria-label="${t('devices.endSessionOf', { device, when: when(request, s.createdAt) })}"
          >
            ${t('devices.endSession')}
          </button>
        </form>
      </td>
    </tr>`;
  });
}

function deviceRows(request: FastifyRequest, v: SessionsPageView): SafeHtml[] {
  const t = request.t;
  return v.devices.map((d) => {
    const name = deviceWords(t, d.browser);
    return html`<tr>
      <td>${name}</td>
      <td>${when(request, d.trustedAt)}</td>
      <td>${when(request, d.lastSeenAt)}</td>
      <td>
        ${
          d.revokedAt === null
            ? t('devices.stateTrusted')
            : t('devices.stateRevoked', { when: when(request, d.revokedAt) })
        }
      </td>
      <td>
        ${
          d.revokedAt === null
            ? html`<form method="post" action="/account/devices/revoke">
                ${csrfField(v.csrf)}<input type="hidden" name="device" value="${d.id}" />
                <button
                  type="submit"
                  class="secondary"
                  aria-label="${t('devices.revokeOf', { device: name, when: when(request, d.trustedAt) })}"
                >
                  ${t('devices.revoke')}
                </button>
              </form>`
            : ''
        }
      </td>
    </tr>`;
  });
}

/** The officer's "Devices and sessions" page: live sessions to end, trusted devices to revoke. */
export function renderSessionsPage(request: FastifyRequest, v: SessionsPageView): string {
  const t = request.t;
  return renderPage({
    lang: request.lang,
    t,
    title: t('devices.pageTitle'),
    path: request.url,
    scripts: ['/static/page.js'],
    main: html`<p><a href="/webtop">${t('devices.backToWebtop')}</a></p>
      <h1>${t('devices.pageTitle')}</h1>
      ${
        v.done
          ? html`<p class="status-box ok" role="status">
              ${t(v.done === 'ended' ? 'devices.doneEnded' : 'devices.doneRevoked')}
            </p>`
          : ''
      }
      <h2>${t('devices.sessionsHeading')}</h2>
      <p>${t('devices.sessionsIntro')}</p>
      <table>
        <caption class="visually-hidden">
          ${t('devices.sessionsCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('devices.colDevice')}</th>
            <th scope="col">${t('devices.colPlace')}</th>
            <th scope="col">${t('devices.colStart')}</th>
            <th scope="col">${t('devices.colLastUse')}</th>
            <th scope="col">${t('devices.colAction')}</th>
          </tr>
        </thead>
        <tbody>
          ${sessionRows(request, v)}
        </tbody>
      </table>
      <h2>${t('devices.devicesHeading')}</h2>
      <p>${t('devices.devicesIntro')}</p>
      ${
        v.devices.length === 0
          ? html`<p>${t('devices.noDevices')}</p>`
          : html`<table>
              <caption class="visually-hidden">
                ${t('devices.devicesCaption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t('devices.colDevice')}</th>
                  <th scope="col">${t('devices.colFirstUse')}</th>
                  <th scope="col">${t('devices.colLastUse')}</th>
                  <th scope="col">${t('devices.colState')}</th>
                  <th scope="col">${t('devices.colAction')}</th>
                </tr>
              </thead>
              <tbody>
                ${deviceRows(request, v)}
              </tbody>
            </table>`
      }`,
  });
}
