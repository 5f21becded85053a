import { z } from 'zod';
import type { Translate } from '../i18n/index.ts';
import {
  codeInput,
  csrfField,
  errorSummary,
  fieldError,
  html,
  invalid,
  normaliseText,
  type SafeHtml,
  textProblem,
} from '../web/index.ts';
import type { TotpSetup } from './enrolment.ts';
import type { SecondFactorMethod } from './second-factor.ts';

/**
 * The sign-in forms the portal and the console share. Each returns the page's main content; the caller
 * puts it in its own frame (the portal's four steps, the console's plain page) and names the form's action.
 */

/** Longest user ID, in characters (provisioning makes them at most 60). */
const USER_ID_MAX = 100;

/** What the password form posts. */
export const PasswordFormBody = z.object({
  userId: z.string().max(100).default(''),
  password: z.string().max(1000).default(''),
});

const Method = z.enum(['totp', 'recovery']).catch('totp');
/** Which second factor the code page asks for: the app's code unless a recovery code was chosen. */
export const CodeFormQuery = z.object({ method: Method });
/** What the code form posts. */
export const CodeFormBody = z.object({ method: Method, code: z.string().max(100).catch('') });

export interface PasswordFormState {
  readonly userId?: string;
  readonly errors?: {
    readonly summary: readonly string[];
    readonly userId?: string;
    readonly password?: string;
  };
}

/** The user ID or the password: label, its error if any, and the input (`attrs` says which kind). */
function credential(
  t: Translate,
  name: 'userId' | 'password',
  error: string | undefined,
  attrs: SafeHtml,
): SafeHtml {
  return html`<label for="${name}">${t(name)}</label>
    ${fieldError(name, error)}
    <input id="${name}" name="${name}" ${attrs} required ${invalid(name, error)} />`;
}

/** User ID and password. The password is never written back into the form. */
export function passwordForm(
  t: Translate,
  o: { heading: string; action: string; csrf: string; help?: string; state?: PasswordFormState },
): SafeHtml {
  const e = o.state?.errors;
  return html`<h1>${o.heading}</h1>
    ${errorSummary(t, e?.summary ?? [])}
    <form method="post" action="${o.action}" novalidate>
      ${csrfField(o.csrf)}
      ${credential(
        t,
        'userId',
        e?.userId,
        html`type="text" autocomplete="username" autocapitalize="none" spellcheck="false"
        value="${o.state?.userId ?? ''}"`,
      )}
      ${credential(t, 'password', e?.password, html`type="password" autocomplete="current-password"`)}
      <p id="caps-lock" class="hint" role="status" hidden>${t('capsLockOn')}</p>
      <p class="show-password" hidden>
        <label class="checkbox"
          ><input type="checkbox" data-show-password="password" /> ${t('showPassword')}</label
        >
      </p>
      <p class="actions"><button type="submit">${t('logIn')}</button></p>
    </form>
    ${o.help ? html`<p>${o.help}</p>` : ''}`;
}

/** The required-field messages of an empty password form, or undefined when both fields are filled. */
export function missingCredentials(
  t: Translate,
  form: { userId: string; password: string },
): PasswordFormState['errors'] {
  const typed = normaliseText(form.userId, 'userId');
  // A user ID is ASCII letters, digits and . _ - (as provisioning makes them); anything else (a line break,
  // a control or bidi character) cannot be one, and is refused before any account is looked up.
  const userId = !typed
    ? t('errRequired', { field: t('userId') })
    : textProblem(typed, 'userId', USER_ID_MAX)
      ? t('errUserIdFormat', { max: USER_ID_MAX })
      : undefined;
  const password = form.password ? undefined : t('errRequired', { field: t('password') });
  const summary = [userId, password].filter((m): m is string => m !== undefined);
  return summary.length > 0 ? { summary, userId, password } : undefined;
}

/** The second factor after a correct password: the app's code, or (by a link, without script) a recovery code. */
export function codeForm(
  t: Translate,
  o: { action: string; csrf: string; method: SecondFactorMethod; error?: string; help?: string },
): SafeHtml {
  const recovery = o.method === 'recovery';
  return html`<h1>${t('provisioning.mfaTitle')}</h1>
    ${errorSummary(t, o.error ? [o.error] : [])}
    <p>${recovery ? t('provisioning.mfaRecoveryIntro') : t('provisioning.mfaIntro')}</p>
    <form method="post" action="${o.action}" novalidate>
      ${csrfField(o.csrf)}
      <input type="hidden" name="method" value="${o.method}" />
      <label for="code">${recovery ? t('provisioning.mfaRecoveryCode') : t('provisioning.mfaCode')}</label>
      ${fieldError('code', o.error)} ${codeInput(o.method, o.error)}
      <p class="actions"><button type="submit">${t('provisioning.mfaVerify')}</button></p>
    </form>
    <p>
      <a href="${recovery ? o.action : `${o.action}?method=recovery`}"
        >${recovery ? t('provisioning.mfaUseApp') : t('provisioning.mfaUseRecovery')}</a
      >
    </p>
    ${o.help ? html`<p>${o.help}</p>` : ''}`;
}

/** Enrolling an authenticator app: scan (or type) the key, then confirm with a code from the app. */
export function totpEnrolmentForm(
  t: Translate,
  o: {
    heading: string;
    action: string;
    csrf: string;
    userId: string;
    setup: TotpSetup;
    error?: string;
    /** Why this is asked now, shown under the heading. */
    why?: string;
  },
): SafeHtml {
  return html`<h1>${o.heading}</h1>
    ${o.why ? html`<p class="status-box">${o.why}</p>` : ''}
    <p>${t('provisioning.totpIntro')}</p>
    <ol>
      <li>
        <p>${t('provisioning.totpScan')}</p>
        <img
          src="${o.setup.qrDataUrl}"
          width="240"
          height="240"
          alt="${t('provisioning.totpQrAlt', { userId: o.userId })}"
        />
        <p>${t('provisioning.totpManual')}</p>
        <dl>
          <dt>${t('provisioning.totpKey')}</dt>
          <dd><code id="totp-secret">${o.setup.groupedSecret}</code></dd>
          <dt>${t('provisioning.totpAccount')}</dt>
          <dd><code>Dwaar: ${o.userId}</code></dd>
        </dl>
      </li>
      <li>
        <form method="post" action="${o.action}" novalidate>
          ${csrfField(o.csrf)}
          <label for="code">${t('provisioning.totpEnter')}</label>
          ${fieldError('code', o.error)} ${codeInput('totp', o.error)}
          <p class="actions"><button type="submit">${t('continue')}</button></p>
        </form>
      </li>
    </ol>`;
}

/** The ten recovery codes, shown once, and the confirmation that they are saved. */
export function recoveryCodesForm(
  t: Translate,
  o: {
    heading: string;
    action: string;
    csrf: string;
    codes: readonly string[];
    submit: string;
    error?: string;
  },
): SafeHtml {
  return html`<h1>${o.heading}</h1>
    <p>${t('provisioning.recoveryIntro')}</p>
    <h2 id="codes-heading">${t('provisioning.recoveryCaption')}</h2>
    <ol class="recovery-codes" aria-labelledby="codes-heading">
      ${o.codes.map((code) => html`<li><code>${code}</code></li>`)}
    </ol>
    <form method="post" action="${o.action}" novalidate>
      ${csrfField(o.csrf)} ${fieldError('saved', o.error)}
      <label class="checkbox"
        ><input type="checkbox" id="saved" name="saved" value="yes" ${invalid('saved', o.error)} />
        ${t('provisioning.recoverySaved')}</label
      >
      <p class="actions"><button type="submit">${o.submit}</button></p>
    </form>`;
}
