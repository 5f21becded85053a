import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { formatDateTime } from '../i18n/index.ts';
import type { Staff } from '../policy/index.ts';
import type { DeviceView, LiveSessionView } from '../session/index.ts';
import { csrfField, html, type SafeHtml } from '../web/index.ts';
import { REASON_MAX } from './lifecycle-rules.ts';
import { moment } from './pages-common.ts';

export interface LiveSessionsView {
  readonly sessions: readonly LiveSessionView[];
  readonly devices: readonly DeviceView[];
  /** The staff member may end sessions and revoke devices of this account (`session.end` reaches it). */
  readonly mayEnd: boolean;
  /** What was just done, from the redirect. */
  readonly done?: { readonly kind: 'ended' | 'revoked'; readonly n: number } | undefined;
}

/** A reason field with its own label, unique per form on the page. */
function reasonField(t: FastifyRequest['t'], id: string): SafeHtml {
  return html`<label for="${id}">${t('devices.consoleReason')}</label>
    <input type="text" id="${id}" name="reason" required minlength="5" maxlength="${REASON_MAX}" />`;
}

function deviceName(t: FastifyRequest['t'], b: { browser: string; os: string }): string {
  return t('devices.nameOn', { browser: b.browser, os: b.os });
}

/**
 * The account page's live sessions (device, place, start, last use) and trusted devices, each with a form
 * to end it or revoke it with a reason, and one to end every session.
 */
export function liveSessionsSection(
  request: FastifyRequest,
  staff: Staff,
  accountId: number,
  v: LiveSessionsView,
): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const base = `/console/accounts/${accountId}`;
  const sessionRows = v.sessions.map(
    (s, i) =>
      html`<tr>
        <td>${deviceName(t, s.browser)}</td>
        <td>${s.ip ?? '—'}</td>
        <td>${moment(lang, s.createdAt)}</td>
        <td>${moment(lang, s.lastSeenAt)}</td>
        ${
          v.mayEnd
            ? html`<td>
                <form method="post" action="${base}/sessions/end">
                  ${csrfField(staff.csrf)}<input type="hidden" name="session" value="${s.id}" />
                  ${reasonField(t, `end-reason-${i}`)}
                  <button type="submit" class="secondary">${t('devices.consoleEndOne')}</button>
                </form>
              </td>`
            : ''
        }
      </tr>`,
  );
  const deviceRows = v.devices.map(
    (d, i) =>
      html`<tr>
        <td>${deviceName(t, d.browser)}</td>
        <td>${moment(lang, d.trustedAt)}</td>
        <td>${moment(lang, d.lastSeenAt)}</td>
        <td>
          ${d.revokedAt === null ? t('devices.stateTrusted') : t('devices.stateRevoked', { when: formatDateTime(lang, d.revokedAt) })}
        </td>
        ${
          v.mayEnd
            ? html`<td>
                ${
                  d.revokedAt === null
                    ? html`<form method="post" action="${base}/devices/revoke">
                        ${csrfField(staff.csrf)}<input type="hidden" name="device" value="${d.id}" />
                        ${reasonField(t, `revoke-reason-${i}`)}
                        <button type="submit" class="secondary">${t('devices.consoleRevoke')}</button>
                      </form>`
                    : ''
                }
              </td>`
            : ''
        }
      </tr>`,
  );
  const actionHead = v.mayEnd ? html`<th scope="col">${t('devices.colAction')}</th>` : '';
  return html`<section id="live-sessions" aria-labelledby="live-sessions-heading">
    <h2 id="live-sessions-heading">${t('devices.consoleHeading')}</h2>
    ${
      v.done
        ? html`<p class="status-box ok" role="status">
            ${v.done.kind === 'ended' ? t('devices.consoleDoneEnded', { n: v.done.n }) : t('devices.consoleDoneRevoked')}
          </p>`
        : ''
    }
    ${
      v.sessions.length === 0
        ? html`<p>${t('devices.consoleNoSessions')}</p>`
        : html`<table>
              <caption>
                ${t('devices.consoleSessionsCaption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t('devices.colDevice')}</th>
                  <th scope="col">${t('devices.colPlace')}</th>
                  <th scope="col">${t('devices.colStart')}</th>
                  <th scope="col">${t('devices.colLastUse')}</th>
                  ${actionHead}
                </tr>
              </thead>
              <tbody>
                ${sessionRows}
              </tbody>
            </table>
            ${
              v.mayEnd
                ? html`<form method="post" action="${base}/sessions/end">
                    ${csrfField(staff.csrf)}<input type="hidden" name="all" value="yes" />
                    ${reasonField(t, 'end-all-reason')}
                    <button type="submit">${t('devices.consoleEndAll')}</button>
                  </form>`
                : ''
            }`
    }
    ${
      v.devices.length === 0
        ? ''
        : html`<table>
            <caption>
              ${t('devices.consoleDevicesCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('devices.colDevice')}</th>
                <th scope="col">${t('devices.colFirstUse')}</th>
                <th scope="col">${t('devices.colLastUse')}</th>
                <th scope="col">${t('devices.colState')}</th>
                ${actionHead}
              </tr>
            </thead>
            <tbody>
              ${deviceRows}
            </tbody>
          </table>`
    }
  </section>`;
}

const DoneQuery = z
  .object({
    sessions: z.enum(['ended', 'revoked']).optional(),
    n: z.coerce.number().int().min(0).max(10_000).catch(0),
  })
  .catch({ n: 0 });

/** The redirect's report of what was just done (`?sessions=ended&n=2`), if any. */
export function doneOf(query: unknown): LiveSessionsView['done'] {
  const q = DoneQuery.parse(query ?? {});
  return q.sessions ? { kind: q.sessions, n: q.n } : undefined;
}
