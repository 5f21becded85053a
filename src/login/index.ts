export {
  confirmTotp,
  enrolmentCodes,
  enrolmentSetup,
  storeSecondFactor,
  type EnrolmentState,
} from './enrolment.ts';
export { deviceCookieHook } from './device-cookie.ts';
export { withDurableCounters } from './counters-repository.ts';
export { redeemUnlockLink } from './unlock.ts';
export { createFlowCookies, flowOf, requireFlow, type FlowCookies } from './flow-cookie.ts';
export {
  awaitingSecondFactor,
  newFlow,
  pendingSecondFactor,
  withoutSecondFactor,
  type FlowState,
} from './flow.ts';
export {
  codeForm,
  CodeFormBody,
  CodeFormQuery,
  passwordForm,
  recoveryCodesForm,
  totpEnrolmentForm,
  type PasswordFormState,
} from './forms.ts';
export { createPasswordHasher, type PasswordHasher } from './password.ts';
export { needsSecondFactor, type SecondFactorMethod } from './second-factor.ts';
export {
  checkCode,
  failureCode,
  failureMessage,
  forwardingCheck,
  openSession,
  passwordStep,
  type SignInDeps,
} from './sign-in.ts';
export { loadPersonFacts, loadSubject, personFactsOf, subjectOf } from './subject.ts';
export { holdAtLimit, registerSessionLimit, SESSION_LIMIT_PATHS, sessionsAtLimit } from './session-limit.ts';
export { EnrolmentStateSchema, type TotpSetup } from './enrolment.ts';
export { RECOVERY_CODE_COUNT, recoveryCodesLeft } from './recovery-codes.ts';
export {
  cleanPasskeyName,
  countPasskeys,
  finishPasskeyEnrolment,
  findPasskeys,
  PASSKEY_NAME_MAX,
  removePasskey,
  renamePasskey,
  resetPasskeys,
  startPasskeyEnrolment,
  type EnrolResult,
  type Passkey,
  type PasskeyDeps,
} from './passkeys.ts';
export {
  finishPasskeySignIn,
  secondFactorNeed,
  startPasskeySignIn,
  type PasskeySignInResult,
} from './passkeys-signin.ts';
export { passkeyManagementRoutes, type PasskeyPagesHost, type PasskeyPerson } from './passkeys-routes.ts';
export {
  passkeyManagement,
  passkeyRequiredMain,
  passkeySignInForm,
  PASSKEYS_SCRIPT,
  type PasskeyListState,
} from './passkeys-forms.ts';
