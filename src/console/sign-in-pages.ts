import type { FastifyRequest } from 'fastify';
import {
  codeForm,
  passkeyRequiredMain,
  passkeySignInForm,
  PASSKEYS_SCRIPT,
  passwordForm,
  type PasswordFormState,
  recoveryCodesForm,
  type SecondFactorMethod,
  totpEnrolmentForm,
  type TotpSetup,
} from '../login/index.ts';
import { errorSummary, html, renderPage, type SafeHtml } from '../web/index.ts';

function signInPage(
  request: FastifyRequest,
  title: string,
  main: SafeHtml,
  hasError: boolean,
  scripts: readonly string[] = [],
): string {
  return renderPage({
    lang: request.lang,
    t: request.t,
    title,
    path: request.url,
    hasError,
    scripts: ['/static/page.js', ...scripts],
    main,
  });
}

/** The console's sign-in: user ID and password. */
export function renderConsoleLogin(
  request: FastifyRequest,
  csrf: string,
  state: PasswordFormState = {},
): string {
  const t = request.t;
  const form = { heading: t('consoleSignIn'), action: '/console/login', csrf, state };
  return signInPage(request, t('consoleSignIn'), passwordForm(t, form), Boolean(state.errors));
}

/** The second factor of a staff account that has one. */
export function renderConsoleCode(
  request: FastifyRequest,
  csrf: string,
  state: { method: SecondFactorMethod; error?: string },
): string {
  const t = request.t;
  const form = { action: '/console/login/otp', csrf, ...state };
  // The passkey form stays hidden until passkeys.js learns that this account has a passkey.
  const passkey = passkeySignInForm(t, { ...PASSKEY_SIGN_IN, csrf, hidden: true });
  const main = html`${codeForm(t, form)}${passkey}`;
  return signInPage(request, t('provisioning.mfaTitle'), main, Boolean(state.error), [PASSKEYS_SCRIPT]);
}

const PASSKEY_SIGN_IN = {
  action: '/console/login/passkey',
  optionsUrl: '/console/login/passkey/options',
} as const;

/** The second factor when the console's access profile requires a passkey of this role (issue 9). */
export function renderConsolePasskeyRequired(
  request: FastifyRequest,
  csrf: string,
  o: { hasPasskey: boolean; error?: string | undefined },
): string {
  const t = request.t;
  const noPasskey = t('passkeys.requiredNoPasskeyConsole');
  const main = passkeyRequiredMain(t, { ...PASSKEY_SIGN_IN, csrf, noPasskey, ...o });
  return signInPage(request, t('passkeys.requiredTitle'), main, Boolean(o.error), [PASSKEYS_SCRIPT]);
}

/** First console sign-in of an account without a second factor: enrol an authenticator app. */
export function renderConsoleEnrol(
  request: FastifyRequest,
  o: { csrf: string; userId: string; setup: TotpSetup; error?: string },
): string {
  const t = request.t;
  const form = {
    heading: t('consoleEnrolTitle'),
    action: '/console/login/enrol',
    why: t('consoleEnrolIntro'),
    ...o,
  };
  const main = html`${errorSummary(t, o.error ? [o.error] : [])}${totpEnrolmentForm(t, form)}`;
  return signInPage(request, t('consoleEnrolTitle'), main, Boolean(o.error));
}

/** The recovery codes of that enrolment, shown once before the console opens. */
export function renderConsoleCodes(
  request: FastifyRequest,
  o: { csrf: string; codes: readonly string[]; error?: string },
): string {
  const t = request.t;
  const form = {
    heading: t('provisioning.stepRecovery'),
    action: '/console/login/enrol/codes',
    submit: t('consoleEnrolFinish'),
    ...o,
  };
  const main = html`${errorSummary(t, o.error ? [o.error] : [])}${recoveryCodesForm(t, form)}`;
  return signInPage(request, t('provisioning.stepRecovery'), main, Boolean(o.error));
}
