import type { FastifyRequest } from 'fastify';
import { formatDateTime, type MessageKey, type Translate } from '../i18n/index.ts';
import type { DocumentRow } from '../documents/index.ts';
import {
  csrfField,
  errorSummary,
  fieldError,
  html,
  messagePage,
  renderPage,
  type SafeHtml,
} from '../web/index.ts';
import { type CheckId, type CheckResult, MIN_BROWSER } from '../policy/index.ts';
import {
  codeForm,
  passkeyRequiredMain,
  passkeySignInForm,
  PASSKEYS_SCRIPT,
  passwordForm,
  type PasswordFormState,
  type SecondFactorMethod,
} from '../login/index.ts';
import { renderSteps, stepNumber, type StepId } from './steps.ts';
import { renderInspectorTrustOption } from './inspector-pages.ts';

/** The trust step's two answers. */
export type TrustChoice = 'yes' | 'no';

export interface SignInPageContext {
  request: FastifyRequest;
  csrf: string;
  siPhone: string;
}

function stepPage(
  c: SignInPageContext,
  step: StepId,
  title: string,
  main: SafeHtml,
  opts: { errors?: boolean; scripts?: string[] } = {},
) {
  const t = c.request.t;
  return renderPage({
    lang: c.request.lang,
    t,
    title: `${title} (${t('stepOf', { n: stepNumber(step) })})`,
    path: c.request.url,
    hasError: opts.errors,
    scripts: ['/static/page.js', ...(opts.scripts ?? [])],
    // issue 11: every sign-in step links to the help page, saying which step the officer was at.
    main: html`${renderSteps(t, step)}${main}
      <p class="help-link">
        <a href="/help?from=${c.request.url.startsWith('/login/otp') ? 'otp' : step}"
          >${t('selfHelp.helpLink')}</a
        >
      </p>`,
  });
}

/** A step page headed by the step's own title. */
function titledStepPage(
  c: SignInPageContext,
  step: StepId,
  title: MessageKey,
  main: SafeHtml,
  opts: { errors?: boolean; scripts?: string[] } = {},
) {
  const heading = c.request.t(title);
  return stepPage(
    c,
    step,
    heading,
    html`<h1>${heading}</h1>
      ${main}`,
    opts,
  );
}

export function renderInspectRunning(c: SignInPageContext): string {
  const t = c.request.t;
  return titledStepPage(
    c,
    'inspect',
    'inspectTitle',
    html`<p>${t('inspectExplain')}</p>
      <p role="status" class="status-box">${t('inspectRunning')}</p>
      <noscript><p class="status-box bad">${t('noscript')}</p></noscript>
      <form id="inspection-form" method="post" action="/inspect">
        ${csrfField(c.csrf)}
        ${['userAgent', 'brands', 'platform', 'platformVersion', 'secureContext', 'cookiesEnabled'].map(
          (name) => html`<input type="hidden" name="${name}" value="" />`,
        )}
      </form>`,
    { scripts: ['/static/inspect.js'] },
  );
}

/** Each check's name, and what to do when it fails. */
const CHECK_TEXT: Record<CheckId, { readonly label: MessageKey; readonly fix: MessageKey }> = {
  browser: { label: 'checkBrowser', fix: 'fixBrowser' },
  os: { label: 'checkOs', fix: 'fixOs' },
  secureContext: { label: 'checkSecureContext', fix: 'fixSecureContext' },
  cookies: { label: 'checkCookies', fix: 'fixCookies' },
};

const CHECK_COLUMNS = [
  'inspectTitle',
  'inspectResult',
  'inspectFound',
  'help',
] as const satisfies readonly MessageKey[];

/** What a check found, in words that agree with its result (cookies are "Blocked" whenever they failed). */
function foundText(t: Translate, ch: CheckResult): string {
  if (ch.id === 'cookies') return t(ch.ok ? 'signin.cookiesAllowed' : 'signin.cookiesBlocked');
  if (ch.id === 'secureContext') return t(ch.ok ? 'yes' : 'no');
  return ch.found;
}

export function renderInspectResult(
  c: SignInPageContext,
  checks: readonly CheckResult[],
  next: { trusted: boolean; next: string },
): string {
  const t = c.request.t;
  const passed = checks.every((ch) => ch.ok);
  const rows = checks.map(
    (ch) =>
      html`<tr>
        <th scope="row">${t(CHECK_TEXT[ch.id].label)}</th>
        <td class="${ch.ok ? 'verdict-ok' : 'verdict-bad'}">
          ${ch.ok ? `✔ ${t('passed')}` : `✘ ${t('failed')}`}
        </td>
        <td>${foundText(t, ch)}</td>
        <td>${ch.ok ? '' : t(CHECK_TEXT[ch.id].fix, { min: MIN_BROWSER.chromium })}</td>
      </tr>`,
  );
  const actions = passed
    ? html`<p class="actions">
        <a class="button" href="${next.next}">${t('continue')}</a>
      </p>`
    : html`<p class="actions"><a class="button" href="/inspect">${t('retry')}</a></p>
        <p>${t('callSi', { phone: c.siPhone })}</p>`;
  return titledStepPage(
    c,
    'inspect',
    'inspectTitle',
    html`<div role="status" class="status-box ${passed ? 'ok' : 'bad'}">
        <p>${passed ? t('inspectPassed') : t('inspectFailed')}</p>
        ${passed && next.trusted ? html`<p>${t('trustRemembered')}</p>` : ''}
      </div>
      <table class="checks">
        <caption class="visually-hidden">
          ${t('inspectTitle')}
        </caption>
        <thead>
          <tr>
            ${CHECK_COLUMNS.map((key) => html`<th scope="col">${t(key)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      ${actions}`,
    { errors: !passed },
  );
}

/** The trust step: an explicit choice between two labelled options, none chosen until the officer does. */
export function renderTrust(c: SignInPageContext, host: string, error?: string): string {
  const t = c.request.t;
  const option = (value: TrustChoice, label: MessageKey) =>
    html`<label class="checkbox" for="trust-${value}"
      ><input type="radio" id="trust-${value}" name="trust" value="${value}" required /> ${t(label)}</label
    >`;
  return titledStepPage(
    c,
    'trust',
    'trustTitle',
    html`${errorSummary(t, error ? [error] : [])}
      <p>${t('trustExplain')}</p>
      <p><strong>${t('trustDomain', { host })}</strong></p>
      <form method="post" action="/trust" novalidate>
        ${csrfField(c.csrf)}
        <fieldset ${error ? html`aria-describedby="trust-error"` : ''}>
          <legend>${t('signin.trustLegend')}</legend>
          ${fieldError('trust', error)} ${option('yes', 'signin.trustYes')} ${option('no', 'signin.trustNo')}
        </fieldset>
        ${renderInspectorTrustOption(t)}
        <p class="actions"><button type="submit">${t('continue')}</button></p>
      </form>`,
    { errors: Boolean(error) },
  );
}

export function renderDisclaimer(c: SignInPageContext, doc: DocumentRow): string {
  const t = c.request.t;
  const hi = c.request.lang === 'hi';
  return stepPage(
    c,
    'disclaimer',
    t('disclaimerTitle'),
    html`<h1>${hi ? doc.title_hi : doc.title_en}</h1>
      <p class="hint">
        ${t('disclaimerVersion', { version: doc.version, date: formatDateTime(c.request.lang, doc.published_at) })}
      </p>
      <div class="disclaimer-text" id="disclaimer-text">${hi ? doc.body_hi : doc.body_en}</div>
      <form method="post" action="/disclaimer">
        ${csrfField(c.csrf)}
        <input type="hidden" name="version" value="${doc.version}" />
        <p class="actions">
          <button type="submit" name="decision" value="agree" aria-describedby="disclaimer-text">
            ${t('agree')}
          </button>
          <button type="submit" name="decision" value="decline" class="secondary">${t('cancel')}</button>
        </p>
      </form>`,
  );
}

export function renderLogin(c: SignInPageContext, state: PasswordFormState = {}): string {
  const t = c.request.t;
  const form = {
    heading: t('loginTitle'),
    action: '/login',
    csrf: c.csrf,
    help: t('siHelp', { phone: c.siPhone }),
  };
  return stepPage(c, 'login', t('loginTitle'), passwordForm(t, { ...form, state }), {
    errors: Boolean(state.errors),
  });
}

/** The second factor after a correct password: the app's code, or (by a link, without script) a recovery code. */
export function renderSecondFactor(
  c: SignInPageContext,
  state: { method: SecondFactorMethod; error?: string },
): string {
  const t = c.request.t;
  const form = { action: '/login/otp', csrf: c.csrf, help: t('siHelp', { phone: c.siPhone }), ...state };
  // The passkey form stays hidden until passkeys.js learns that this account has a passkey.
  const passkey = passkeySignInForm(t, { ...PASSKEY_SIGN_IN, csrf: c.csrf, hidden: true });
  return stepPage(c, 'login', t('provisioning.mfaTitle'), html`${codeForm(t, form)}${passkey}`, {
    errors: Boolean(state.error),
    scripts: [PASSKEYS_SCRIPT],
  });
}

const PASSKEY_SIGN_IN = { action: '/login/passkey', optionsUrl: '/login/passkey/options' } as const;

/** The second-factor step when the portal's access profile requires a passkey (issue 9). */
export function renderPasskeyRequired(
  c: SignInPageContext,
  o: { hasPasskey: boolean; error?: string | undefined },
): string {
  const t = c.request.t;
  const noPasskey = t('passkeys.requiredNoPasskeyPortal', { phone: c.siPhone });
  const main = passkeyRequiredMain(t, { ...PASSKEY_SIGN_IN, csrf: c.csrf, noPasskey, ...o });
  return stepPage(c, 'login', t('passkeys.requiredTitle'), main, {
    errors: Boolean(o.error),
    scripts: [PASSKEYS_SCRIPT],
  });
}

/**
 * A form posted after the sign-in flow ran out or its cookie was lost: says so (with the cookies hint, since a
 * browser that drops cookies looks the same), and, when a user ID was posted, that it is kept for the login step.
 */
export function renderFlowLost(c: SignInPageContext, userId: string | undefined): string {
  const t = c.request.t;
  return titledStepPage(
    c,
    'login',
    'signin.flowLostTitle',
    html`${errorSummary(t, [t('errFlowExpired')])}
      ${userId ? html`<p>${t('signin.flowLostUserId', { userId })}</p>` : ''}
      <p>${t('signin.flowLostCookies')}</p>
      <p class="actions"><a class="button" href="/inspect">${t('startAgain')}</a></p>`,
    { errors: true },
  );
}

/** The officer declined the disclaimer: nothing more happens, and they may start again. */
export function renderDeclined(request: FastifyRequest): string {
  const t = request.t;
  return messagePage({
    lang: request.lang,
    t,
    title: t('declinedTitle'),
    path: request.url,
    heading: t('declinedTitle'),
    body: [t('declinedBody')],
    actions: html`<p class="actions"><a class="button" href="/">${t('startAgain')}</a></p>`,
  });
}

/**
 * The page an unlock link opens: a button that posts the token, so a mail scanner that fetches the link
 * does not spend it.
 */
export function renderUnlock(request: FastifyRequest, csrf: string, token: string): string {
  const t = request.t;
  return messagePage({
    lang: request.lang,
    t,
    title: t('signin.unlockTitle'),
    path: '/login/unlock',
    heading: t('signin.unlockTitle'),
    body: [t('signin.unlockIntro')],
    actions: html`<form method="post" action="/login/unlock" class="actions">
      ${csrfField(csrf)}
      <input type="hidden" name="token" value="${token}" />
      <button type="submit" class="button">${t('signin.unlockButton')}</button>
    </form>`,
  });
}

/** After an unlock link was used: sign-in from new devices works again. */
export function renderUnlocked(request: FastifyRequest): string {
  const t = request.t;
  return messagePage({
    lang: request.lang,
    t,
    title: t('signin.unlockTitle'),
    path: '/login/unlock',
    heading: t('signin.unlockTitle'),
    body: [t('signin.unlockDone')],
    actions: html`<p class="actions"><a class="button" href="/inspect">${t('startAgain')}</a></p>`,
  });
}
