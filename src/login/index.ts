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
export { decideGrants, loadSubject, subjectOf, type ResourceGrant } from './subject.ts';
export { EnrolmentStateSchema, type TotpSetup } from './enrolment.ts';
export { RECOVERY_CODE_COUNT, recoveryCodesLeft } from './recovery-codes.ts';
