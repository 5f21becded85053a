import type { FastifyRequest } from 'fastify';
import type { DocumentRow } from '../documents/repository.ts';
import { formatDateTime, type MessageKey } from '../i18n/i18n.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { errorSummary, renderPage } from '../web/layout.ts';

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

const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}" />`;

function fieldError(id: string, message: string | undefined): SafeHtml | string {
  return message ? html`<p class="field-error" id="${id}-error">${message}</p>` : '';
}

function invalid(id: string, message: string | undefined): SafeHtml | string {
  return message ? html`aria-invalid="true" aria-describedby="${id}-error"` : '';
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
        <input
          type="password"
          id="password"
          name="password"
          autocomplete="new-password"
          maxlength="256"
          required
          ${
            errors.password
              ? html`aria-invalid="true" aria-describedby="password-hint password-error"`
              : html`aria-describedby="password-hint"`
          }
        />
        <label for="confirm">${t('provisioning.confirmPassword')}</label>
        ${fieldError('confirm', errors.confirm)}
        <input
          type="password"
          id="confirm"
          name="confirm"
          autocomplete="new-password"
          maxlength="256"
          required
          ${invalid('confirm', errors.confirm)}
        />
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

export function renderTotpEnrolment(
  c: ActivationPageContext,
  setup: { qrDataUrl: string; groupedSecret: string },
  error?: string,
): string {
  const t = c.request.t;
  return activationPage(
    c,
    'totp',
    html`<h1>${t('provisioning.stepTotp')}</h1>
      <p>${t('provisioning.totpIntro')}</p>
      <ol>
        <li>
          <p>${t('provisioning.totpScan')}</p>
          <img
            src="${setup.qrDataUrl}"
            width="240"
            height="240"
            alt="${t('provisioning.totpQrAlt', { userId: c.userId })}"
          />
          <p>${t('provisioning.totpManual')}</p>
          <dl>
            <dt>${t('provisioning.totpKey')}</dt>
            <dd><code id="totp-secret">${setup.groupedSecret}</code></dd>
            <dt>${t('provisioning.totpAccount')}</dt>
            <dd><code>Dwaar: ${c.userId}</code></dd>
          </dl>
        </li>
        <li>
          <form method="post" action="/activate/totp" novalidate>
            ${csrfField(c.csrf)}
            <label for="code">${t('provisioning.totpEnter')}</label>
            ${fieldError('code', error)}
            <input
              type="text"
              id="code"
              name="code"
              inputmode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9 ]*"
              maxlength="8"
              required
              ${invalid('code', error)}
            />
            <p class="actions"><button type="submit">${t('continue')}</button></p>
          </form>
        </li>
      </ol>`,
    error ? [error] : [],
  );
}

export function renderRecoveryCodes(
  c: ActivationPageContext,
  codes: readonly string[],
  error?: string,
): string {
  const t = c.request.t;
  return activationPage(
    c,
    'recovery',
    html`<h1>${t('provisioning.stepRecovery')}</h1>
      <p>${t('provisioning.recoveryIntro')}</p>
      <h2 id="codes-heading">${t('provisioning.recoveryCaption')}</h2>
      <ol class="recovery-codes" aria-labelledby="codes-heading">
        ${codes.map((code) => html`<li><code>${code}</code></li>`)}
      </ol>
      <form method="post" action="/activate/done" novalidate>
        ${csrfField(c.csrf)} ${fieldError('saved', error)}
        <label class="checkbox"
          ><input type="checkbox" id="saved" name="saved" value="yes" ${invalid('saved', error)} />
          ${t('provisioning.recoverySaved')}</label
        >
        <p class="actions"><button type="submit">${t('provisioning.finish')}</button></p>
      </form>`,
    error ? [error] : [],
  );
}
