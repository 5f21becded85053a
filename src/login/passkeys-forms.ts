import { formatDateTime, type Lang, type Translate } from '../i18n/index.ts';
import { csrfField, errorSummary, fieldError, html, type SafeHtml } from '../web/index.ts';
import { PASSKEY_NAME_MAX } from './passkeys.ts';
import type { Passkey } from './passkeys-repository.ts';

/**
 * The passkey parts of pages, shared by the portal and the console. Each form is an ordinary form post
 * (CSRF field, server-rendered answer); /static/passkeys.js fetches the ceremony's options, runs the
 * browser's WebAuthn call and puts its answer in the form's hidden `response` field before it is sent.
 */

/** The script every page with a passkey form loads. */
export const PASSKEYS_SCRIPT = '/static/passkeys.js';

/**
 * "Use a passkey" on a second-factor page. `hidden` until the script has asked the server whether this
 * account has a passkey (it shows the form only then), unless the page is the passkey-only one.
 */
export function passkeySignInForm(
  t: Translate,
  o: { action: string; optionsUrl: string; csrf: string; hidden: boolean },
): SafeHtml {
  return html`<form
    method="post"
    action="${o.action}"
    class="passkey-signin"
    data-passkey="get"
    data-options="${o.optionsUrl}"
    data-csrf="${o.csrf}"
    data-working="${t('passkeys.working')}"
    data-cancelled="${t('passkeys.cancelled')}"
    data-unsupported="${t('passkeys.unsupported')}"
    ${o.hidden ? html`hidden` : ''}
  >
    ${csrfField(o.csrf)}
    <input type="hidden" name="response" value="" />
    <p>${t('passkeys.signInIntro')}</p>
    <p class="actions"><button type="submit" class="secondary">${t('passkeys.useButton')}</button></p>
    <p class="hint" role="status" data-passkey-status></p>
  </form>`;
}

/** The second-factor step when the access profile requires a passkey: the passkey, or whom to ask. */
export function passkeyRequiredMain(
  t: Translate,
  o: {
    action: string;
    optionsUrl: string;
    csrf: string;
    hasPasskey: boolean;
    /** What to tell a person without a passkey (ask HQ, or their system integrator). */
    noPasskey: string;
    error?: string | undefined;
  },
): SafeHtml {
  return html`<h1>${t('passkeys.requiredTitle')}</h1>
    ${errorSummary(t, o.error ? [o.error] : [])}
    <p>${t('passkeys.requiredIntro')}</p>
    ${
      o.hasPasskey
        ? passkeySignInForm(t, { action: o.action, optionsUrl: o.optionsUrl, csrf: o.csrf, hidden: false })
        : html`<p class="status-box bad" role="status">${o.noPasskey}</p>`
    }`;
}

export interface PasskeyListState {
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  /** The name typed into "Add a passkey", kept when it was refused. */
  readonly name?: string | undefined;
  readonly nameError?: string | undefined;
}

/**
 * A person's passkeys (name, added, last used) with rename and remove, and "Add a passkey". `base` is the
 * security page's path; the forms post to `${base}/passkeys…`.
 */
export function passkeyManagement(
  t: Translate,
  lang: Lang,
  o: { base: string; csrf: string; passkeys: readonly Passkey[]; state?: PasskeyListState },
): SafeHtml {
  const s = o.state ?? {};
  const when = (ms: number | null) => (ms === null ? t('passkeys.neverUsed') : formatDateTime(lang, ms));
  const rows = o.passkeys.map(
    (p, i) =>
      html`<tr>
        <td>${p.name}</td>
        <td>${formatDateTime(lang, p.createdAt)}</td>
        <td>${when(p.lastUsedAt)}</td>
        <td>
          <form method="post" action="${o.base}/passkeys/rename" class="inline-form">
            ${csrfField(o.csrf)}
            <input type="hidden" name="id" value="${p.id}" />
            <label for="rename-${i}">${t('passkeys.renameLabel', { name: p.name })}</label>
            <input
              id="rename-${i}"
              name="name"
              type="text"
              maxlength="${PASSKEY_NAME_MAX}"
              required
              value="${p.name}"
            />
            <button type="submit" class="secondary">${t('passkeys.renameButton')}</button>
          </form>
          <form method="post" action="${o.base}/passkeys/remove" class="inline-form">
            ${csrfField(o.csrf)}
            <input type="hidden" name="id" value="${p.id}" />
            <button type="submit" class="secondary" aria-label="${t('passkeys.removeButton')}: ${p.name}">
              ${t('passkeys.removeButton')}
            </button>
          </form>
        </td>
      </tr>`,
  );
  return html`<h1>${t('passkeys.securityTitle')}</h1>
    ${errorSummary(
      t,
      [s.error, s.nameError].filter((m): m is string => m !== undefined),
    )}
    ${s.notice ? html`<p class="status-box" role="status">${s.notice}</p>` : ''}
    <p>${t('passkeys.intro')}</p>
    ${
      o.passkeys.length === 0
        ? html`<p>${t('passkeys.none')}</p>`
        : html`<table class="data">
            <caption>
              ${t('passkeys.listCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('passkeys.colName')}</th>
                <th scope="col">${t('passkeys.colCreated')}</th>
                <th scope="col">${t('passkeys.colLastUsed')}</th>
                <th scope="col">${t('passkeys.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
    }
    <h2>${t('passkeys.addHeading')}</h2>
    <form
      method="post"
      action="${o.base}/passkeys"
      novalidate
      data-passkey="create"
      data-options="${o.base}/passkeys/options"
      data-csrf="${o.csrf}"
      data-working="${t('passkeys.working')}"
      data-cancelled="${t('passkeys.cancelled')}"
      data-unsupported="${t('passkeys.unsupported')}"
    >
      ${csrfField(o.csrf)}
      <input type="hidden" name="response" value="" />
      <label for="passkey-name">${t('passkeys.nameLabel')}</label>
      <p class="hint" id="passkey-name-hint">${t('passkeys.nameHint', { max: PASSKEY_NAME_MAX })}</p>
      ${fieldError('passkey-name', s.nameError)}
      <input
        id="passkey-name"
        name="name"
        type="text"
        maxlength="${PASSKEY_NAME_MAX}"
        aria-describedby="passkey-name-hint${s.nameError ? ' passkey-name-error' : ''}"
        value="${s.name ?? ''}"
        ${s.nameError ? html`aria-invalid="true"` : ''}
      />
      <p class="actions"><button type="submit">${t('passkeys.addButton')}</button></p>
      <p class="hint" role="status" data-passkey-status></p>
      <noscript><p>${t('passkeys.needsScript')}</p></noscript>
    </form>`;
}
