import type { FastifyRequest } from 'fastify';
import type { DocumentRow } from '../documents/index.ts';
import { formatDateTime, type MessageKey } from '../i18n/index.ts';
import {
  csrfField,
  errorSummary,
  fieldError,
  html,
  invalid,
  renderPage,
  type SafeHtml,
} from '../web/index.ts';
import { recoveryCodesForm, totpEnrolmentForm, type TotpSetup } from '../login/index.ts';

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
    scripts: ['/static/page.js'],
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

export function renderTotpEnrolment(c: ActivationPageContext, setup: TotpSetup, error?: string): string {
  const t = c.request.t;
  const form = { action: '/activate/totp', csrf: c.csrf, userId: c.userId, setup, error };
  return activationPage(
    c,
    'totp',
    totpEnrolmentForm(t, { heading: t('provisioning.stepTotp'), ...form }),
    error ? [error] : [],
  );
}

export function renderRecoveryCodes(
  c: ActivationPageContext,
  codes: readonly string[],
  error?: string,
): string {
  const t = c.request.t;
  const form = {
    heading: t('provisioning.stepRecovery'),
    action: '/activate/done',
    csrf: c.csrf,
    codes,
    error,
  };
  const submit = t('provisioning.finish');
  return activationPage(c, 'recovery', recoveryCodesForm(t, { ...form, submit }), error ? [error] : []);
}
