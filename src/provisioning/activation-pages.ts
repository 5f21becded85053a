import type { FastifyRequest } from 'fastify';
import type { DocumentRow } from '../documents/index.ts';
import { formatDateTime, type MessageKey, type Translate } from '../i18n/index.ts';
import {
  csrfField,
  errorSummary,
  fieldError,
  html,
  invalid,
  renderPage,
  type SafeHtml,
} from '../web/index.ts';
import { totpEnrolmentForm, type TotpSetup } from '../login/index.ts';

export interface ActivationPageContext {
  readonly request: FastifyRequest;
  readonly csrf: string;
  readonly userId: string;
}

type StepId = 'confidentiality' | 'password' | 'totp' | 'recovery';
const STEPS: readonly [StepId, MessageKey][] = [
  ['confidentiality', 'provisioning.stepConfidentiality'],
  ['password', 'provisioning.stepPassword'],
  ['totp', 'provisioning.stepTotp'],
  ['recovery', 'provisioning.stepRecovery'],
];

/** A page of the activation steps, or of the one-step reset when `step` is undefined. */
function activationPage(
  c: ActivationPageContext,
  step: StepId | undefined,
  main: SafeHtml,
  errors: readonly string[],
  extra: { scripts?: readonly string[]; styles?: readonly string[] } = {},
): string {
  const t = c.request.t;
  const index = STEPS.findIndex(([id]) => id === step);
  const current = STEPS[index];
  const title = current
    ? `${t(current[1])} (${t('provisioning.stepOf', { n: index + 1 })})`
    : t('provisioning.resetTitle');
  const steps = current
    ? html`<ol class="steps" aria-label="${t('provisioning.stepsLabel')}">
        ${STEPS.map(
          ([id, key], i) =>
            html`<li ${id === step ? html`aria-current="step"` : ''}>${i + 1}. ${t(key)}</li>`,
        )}
      </ol>`
    : '';
  return renderPage({
    lang: c.request.lang,
    t,
    title,
    path: c.request.url,
    hasError: errors.length > 0,
    scripts: ['/static/page.js', ...(extra.scripts ?? [])],
    ...(extra.styles ? { styles: extra.styles } : {}),
    main: html`${steps}${errorSummary(t, errors)}${main}`,
  });
}

export function renderConfidentiality(c: ActivationPageContext, doc: DocumentRow, error?: string): string {
  const t = c.request.t;
  const hi = c.request.lang === 'hi';
  return activationPage(
    c,
    'confidentiality',
    html`<h1>${hi ? doc.title_hi : doc.title_en}</h1>
      <p>${t('provisioning.userIdIs', { userId: c.userId })}</p>
      <p>${t('provisioning.confidentialityIntro')}</p>
      <p class="hint">
        ${t('disclaimerVersion', { version: doc.version, date: formatDateTime(c.request.lang, doc.published_at) })}
      </p>
      <div class="disclaimer-text" id="confidentiality-text">${hi ? doc.body_hi : doc.body_en}</div>
      <form method="post" action="/activate/confidentiality" novalidate>
        ${csrfField(c.csrf)}
        <input type="hidden" name="version" value="${doc.version}" />
        ${fieldError('accept', error)}
        <label class="checkbox"
          ><input type="checkbox" id="accept" name="accept" value="yes" ${invalid('accept', error)} />
          ${t('provisioning.acceptConfidentiality')}</label
        >
        <p class="actions"><button type="submit">${t('continue')}</button></p>
      </form>`,
    error ? [error] : [],
  );
}

export interface PasswordErrors {
  readonly password?: string;
  readonly confirm?: string;
}

/** A new password or its confirmation; `aria` ties it to its hint and its error. */
function newPasswordInput(name: 'password' | 'confirm', aria: SafeHtml | string): SafeHtml {
  return html`<input
    type="password"
    id="${name}"
    name="${name}"
    autocomplete="new-password"
    maxlength="256"
    required
    ${aria}
  />`;
}

/** The new-password form, for activation and for reset. The password is never written back into it. */
export function renderPasswordForm(
  c: ActivationPageContext,
  purpose: 'activation' | 'reset',
  errors: PasswordErrors = {},
): string {
  const t = c.request.t;
  const action = purpose === 'activation' ? '/activate/password' : '/reset/password';
  const summary = [errors.password, errors.confirm].filter((m): m is string => m !== undefined);
  return activationPage(
    c,
    purpose === 'activation' ? 'password' : undefined,
    html`<h1>${purpose === 'activation' ? t('provisioning.stepPassword') : t('provisioning.resetTitle')}</h1>
      <p>
        ${
          purpose === 'activation'
            ? t('provisioning.passwordIntro')
            : t('provisioning.resetIntro', { userId: c.userId })
        }
      </p>
      <form method="post" action="${action}" novalidate>
        ${csrfField(c.csrf)}
        <label for="username">${t('userId')}</label>
        <input
          type="text"
          id="username"
          name="username"
          autocomplete="username"
          readonly
          value="${c.userId}"
        />
        <label for="password">${t('provisioning.newPassword')}</label>
        <p class="hint" id="password-hint">${t('provisioning.passwordRules')}</p>
        ${fieldError('password', errors.password)}
        ${newPasswordInput(
          'password',
          errors.password
            ? html`aria-invalid="true" aria-describedby="password-hint password-error"`
            : html`aria-describedby="password-hint"`,
        )}
        <label for="confirm">${t('provisioning.confirmPassword')}</label>
        ${fieldError('confirm', errors.confirm)}
        ${newPasswordInput('confirm', invalid('confirm', errors.confirm))}
        <p id="caps-lock" class="hint" role="status" hidden>${t('capsLockOn')}</p>
        <p class="show-password" hidden>
          <label class="checkbox"
            ><input type="checkbox" data-show-password="password" /> ${t('showPassword')}</label
          >
        </p>
        <p class="actions">
          <button type="submit">
            ${purpose === 'activation' ? t('continue') : t('provisioning.resetSave')}
          </button>
        </p>
      </form>`,
    summary,
  );
}

/**
 * The authenticator step. It says to delete an older "Dwaar" entry for this user ID (an earlier link's key
 * no longer works), and, when the key was already shown before, that it is the same key.
 */
export function renderTotpEnrolment(
  c: ActivationPageContext,
  setup: TotpSetup,
  o: { error?: string; resumed?: boolean } = {},
): string {
  const t = c.request.t;
  const why = o.resumed
    ? `${t('provisioning.totpSameKey')} ${t('provisioning.totpRemoveOld', { userId: c.userId })}`
    : t('provisioning.totpRemoveOld', { userId: c.userId });
  const form = { action: '/activate/totp', csrf: c.csrf, userId: c.userId, setup, why };
  return activationPage(
    c,
    'totp',
    totpEnrolmentForm(t, {
      heading: t('provisioning.stepTotp'),
      ...form,
      ...(o.error ? { error: o.error } : {}),
    }),
    o.error ? [o.error] : [],
  );
}

/**
 * The ten recovery codes, shown until the officer confirms saving them, with ways to keep them: print (by a
 * static script, since the pages allow no inline script; a print stylesheet leaves only the codes and the
 * user ID on paper) and a download as a text file made by the server.
 */
export function renderRecoveryCodes(
  c: ActivationPageContext,
  codes: readonly string[],
  error?: string,
): string {
  const t = c.request.t;
  const main = html`<h1>${t('provisioning.stepRecovery')}</h1>
    <p>${t('provisioning.recoveryIntro')}</p>
    <h2 id="codes-heading">${t('provisioning.recoveryCaption')}</h2>
    <p class="recovery-for">${t('provisioning.recoveryFileFor', { userId: c.userId })}</p>
    <ol class="recovery-codes" aria-labelledby="codes-heading">
      ${codes.map((code) => html`<li><code>${code}</code></li>`)}
    </ol>
    <div class="recovery-keep" role="group" aria-label="${t('provisioning.recoveryKeepLabel')}">
      <button type="button" class="secondary" data-print hidden>${t('provisioning.recoveryPrint')}</button>
      <a class="button secondary" href="/activate/done/codes.txt" download
        >${t('provisioning.recoveryDownload')}</a
      >
    </div>
    <form method="post" action="/activate/done" novalidate>
      ${csrfField(c.csrf)} ${fieldError('saved', error)}
      <label class="checkbox"
        ><input type="checkbox" id="saved" name="saved" value="yes" ${invalid('saved', error)} />
        ${t('provisioning.recoverySaved')}</label
      >
      <p class="actions"><button type="submit">${t('provisioning.finish')}</button></p>
    </form>`;
  return activationPage(c, 'recovery', main, error ? [error] : [], {
    scripts: ['/static/activation.js'],
    styles: ['/static/activation.css'],
  });
}

/** The recovery codes as a plain-text file (CRLF, with a BOM so Windows Notepad reads the Hindi right). */
export function recoveryCodesText(
  request: FastifyRequest,
  o: { userId: string; codes: readonly string[]; now: number },
): string {
  const t: Translate = request.t;
  const lines = [
    t('provisioning.recoveryFileTitle'),
    t('provisioning.recoveryFileFor', { userId: o.userId }),
    t('provisioning.recoveryFileMade', { time: formatDateTime(request.lang, o.now) }),
    '',
    ...o.codes.map((code, i) => `${String(i + 1).padStart(2, ' ')}. ${code}`),
    '',
    t('provisioning.recoveryFileUse'),
    '',
  ];
  return `\uFEFF${lines.join('\r\n')}`;
}
