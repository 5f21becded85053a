import type { FastifyRequest } from 'fastify';
import type { SupportContact } from '../helpdesk/index.ts';
import {
  csrfField,
  errorSummary,
  fieldError,
  html,
  invalid,
  renderPage,
  type SafeHtml,
} from '../web/index.ts';
import type { HelpIdentity } from './help-session.ts';

/** A help page in the visitor's language: title, optional error summary, content. */
export function helpPage(
  request: FastifyRequest,
  title: string,
  main: SafeHtml,
  errors: readonly string[] = [],
): string {
  return renderPage({
    lang: request.lang,
    t: request.t,
    title,
    path: request.url,
    hasError: errors.length > 0,
    main: html`${errorSummary(request.t, errors)}
      <h1>${title}</h1>
      ${main}`,
  });
}

/** A status line screen readers announce (WCAG 4.1.3). */
export function statusLine(message: string | undefined): SafeHtml | string {
  return message ? html`<p class="status" role="status">${message}</p>` : '';
}

export interface HelpHomeView {
  readonly who: HelpIdentity | undefined;
  readonly contacts: readonly SupportContact[];
  readonly chosen: SupportContact | undefined;
  readonly phone: string;
  readonly back: string | undefined;
  readonly csrf: string | undefined;
  readonly notice: string | undefined;
}

function siBlock(request: FastifyRequest, v: HelpHomeView): SafeHtml {
  const t = request.t;
  const hi = request.lang === 'hi';
  const c = v.chosen;
  if (!c) return html`<p>${t('selfHelp.siFallback', { phone: v.phone })}</p>`;
  const place = hi ? c.nameHi : c.nameEn;
  if (!c.si) return html`<p>${t('selfHelp.siNone', { place, phone: v.phone })}</p>`;
  return html`<h3>${t('selfHelp.siFor', { place })}</h3>
    <dl class="si-contact">
      <dt>${t('selfHelp.siName')}</dt>
      <dd>${c.si.name}</dd>
      <dt>${t('selfHelp.siPhone')}</dt>
      <dd><a href="tel:${c.si.phone.replace(/[^0-9+]/g, '')}">${c.si.phone}</a></dd>
      <dt>${t('selfHelp.siHours')}</dt>
      <dd>${hi ? c.si.hoursHi : c.si.hoursEn}</dd>
    </dl>`;
}

/** `/help`: the SI for a location, then "why can't I get in" and "raise a ticket", then the policies. */
export function renderHelpHome(request: FastifyRequest, v: HelpHomeView): string {
  const t = request.t;
  const hi = request.lang === 'hi';
  const chosenId = v.chosen?.districtId;
  const identify = (next: string) => `/help/identify?next=${next}`;
  return helpPage(
    request,
    t('selfHelp.title'),
    html`${statusLine(v.notice)}
      <p>${t('selfHelp.intro')}</p>
      ${v.back ? html`<p><a href="${v.back}">${t('selfHelp.back')}</a></p>` : ''}
      ${
        v.who && v.csrf
          ? html`<p>${t('selfHelp.identifiedAs', { userId: v.who.userId })}</p>
              ${
                v.who.via === 'code'
                  ? html`<form method="post" action="/help/signout">
                      ${csrfField(v.csrf)}
                      <button type="submit" class="secondary">${t('selfHelp.signOut')}</button>
                    </form>`
                  : ''
              }`
          : ''
      }
      <h2 id="contact">${t('selfHelp.siTitle')}</h2>
      ${siBlock(request, v)}
      <form method="get" action="/help" class="inline-form">
        <label for="district">${t('selfHelp.districtLabel')}</label>
        <select id="district" name="district">
          <option value="">${t('selfHelp.districtAny')}</option>
          ${v.contacts.map(
            (c) =>
              html`<option value="${c.districtId}" ${c.districtId === chosenId ? 'selected' : ''}>
                ${hi ? c.nameHi : c.nameEn}
              </option>`,
          )}
        </select>
        <button type="submit">${t('selfHelp.districtShow')}</button>
      </form>
      <h2 id="why">${t('selfHelp.whyTitle')}</h2>
      <p>${t('selfHelp.whyIntro')}</p>
      ${v.who ? '' : html`<p>${t('selfHelp.needIdentify')}</p>`}
      <p>
        <a class="button" href="${v.who ? '/help/diagnose' : identify('diagnose')}"
          >${t('selfHelp.whyTitle')}</a
        >
      </p>
      <h2 id="ticket">${t('selfHelp.ticketTitle')}</h2>
      <p>${t('selfHelp.ticketIntro')}</p>
      <p>
        <a class="button" href="${v.who ? '/help/tickets/new' : identify('ticket')}"
          >${t('selfHelp.ticketTitle')}</a
        >
        ${v.who ? html` <a href="/help/tickets">${t('selfHelp.ticketsTitle')}</a>` : ''}
      </p>
      <h2 id="accessibility">${t('accessibility')}</h2>
      <p>${t('selfHelp.accessibility')}</p>
      <h2 id="privacy">${t('privacy')}</h2>
      <p>${t('selfHelp.privacy')}</p>`,
  );
}

/** Step 1 of identification: the user ID. */
export function renderIdentifyForm(
  request: FastifyRequest,
  o: { csrf: string; next: string; userId?: string; error?: string },
): string {
  const t = request.t;
  return helpPage(
    request,
    t('selfHelp.identifyTitle'),
    html`<p>${t('selfHelp.identifyIntro')}</p>
      <form method="post" action="/help/identify" novalidate>
        ${csrfField(o.csrf)}
        <input type="hidden" name="next" value="${o.next}" />
        <label for="userId">${t('selfHelp.userIdLabel')}</label>
        ${fieldError('userId', o.error)}
        <input
          type="text"
          id="userId"
          name="userId"
          autocomplete="username"
          autocapitalize="none"
          spellcheck="false"
          maxlength="100"
          required
          value="${o.userId ?? ''}"
          ${invalid('userId', o.error)}
        />
        <button type="submit">${t('selfHelp.sendCode')}</button>
      </form>`,
    o.error ? [o.error] : [],
  );
}

/** Step 2: the code from the mail. The same page whether or not the user ID exists. */
export function renderCodeForm(
  request: FastifyRequest,
  o: { csrf: string; next: string; userId: string; sent: boolean; error?: string },
): string {
  const t = request.t;
  return helpPage(
    request,
    t('selfHelp.identifyTitle'),
    html`${o.sent ? statusLine(t('selfHelp.codeSent', { userId: o.userId })) : ''}
      <form method="post" action="/help/code" novalidate>
        ${csrfField(o.csrf)}
        <input type="hidden" name="next" value="${o.next}" />
        <input type="hidden" name="userId" value="${o.userId}" />
        <label for="code">${t('selfHelp.codeLabel')}</label>
        ${fieldError('code', o.error)}
        <input
          type="text"
          id="code"
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          pattern="[0-9]*"
          maxlength="6"
          required
          ${invalid('code', o.error)}
        />
        <button type="submit">${t('selfHelp.verify')}</button>
      </form>
      <p><a href="/help/identify?next=${o.next}">${t('selfHelp.newCode')}</a></p>`,
    o.error ? [o.error] : [],
  );
}
