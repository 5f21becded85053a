import type { FastifyRequest } from 'fastify';
import { formatDateTime } from '../i18n/index.ts';
import type { LiveSessionView } from '../session/index.ts';
import { csrfField, errorSummary, fieldError, html, renderPage } from '../web/index.ts';

/**
 * The session limit's choice: the person's live sessions as radio buttons (device, place, start, last
 * use), one button to end the chosen one and sign in, one to cancel this sign-in.
 */
export function renderSessionLimit(
  request: FastifyRequest,
  v: { csrf: string; action: string; sessions: readonly LiveSessionView[]; error?: string | undefined },
): string {
  const t = request.t;
  const when = (at: number) => formatDateTime(request.lang, at);
  const options = v.sessions.map(
    (s, i) =>
      html`<label class="checkbox" for="end-${i}"
        ><input type="radio" id="end-${i}" name="session" value="${s.id}" /> ${t('devices.limitOption', {
          device: t('devices.nameOn', { browser: s.browser.browser, os: s.browser.os }),
          place: s.ip ?? '—',
          start: when(s.createdAt),
          last: when(s.lastSeenAt),
        })}</label
      >`,
  );
  return renderPage({
    lang: request.lang,
    t,
    title: t('devices.limitTitle'),
    path: request.url,
    hasError: Boolean(v.error),
    scripts: ['/static/page.js'],
    main: html`<h1>${t('devices.limitTitle')}</h1>
      ${errorSummary(t, v.error ? [v.error] : [])}
      <p>${t('devices.limitIntro', { n: v.sessions.length })}</p>
      <form method="post" action="${v.action}" novalidate>
        ${csrfField(v.csrf)}
        <fieldset ${v.error ? html`aria-describedby="session-error"` : ''}>
          <legend>${t('devices.limitLegend')}</legend>
          ${fieldError('session', v.error)} ${options}
        </fieldset>
        <p class="actions">
          <button type="submit" name="action" value="replace">${t('devices.limitEnd')}</button>
          <button type="submit" name="action" value="cancel" class="secondary">
            ${t('devices.limitCancel')}
          </button>
        </p>
      </form>`,
  });
}
