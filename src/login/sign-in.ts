import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Transaction } from 'kysely';
import { findAccountById, type AccountRow } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { SignInMeter } from '../metrics/index.ts';
import { insertAcknowledgement } from '../documents/index.ts';
import type { ErrorCode } from '../errors.ts';
import { formatDateTime, type Lang, type Translate } from '../i18n/index.ts';
import type { PersonFacts, SessionFacts } from '../policy/index.ts';
import type { LiveSession, SessionStore, Subject } from '../session/index.ts';
import type { Database, Kv, Store } from '../store/index.ts';
import { passwordAccepted, presentedDeviceCookie } from './device-cookie.ts';
import type { SignInChannel } from './flow.ts';
import { missingCredentials, PasswordFormBody, type PasswordFormState } from './forms.ts';
import { warnUntrustedForwarding, type WarnLog } from '../web/index.ts';
import type { PasswordHasher } from './password.ts';
import { recordLastLogin } from './repository.ts';
import { attemptLogin, type LoginResult } from './password-check.ts';
import {
  needsSecondFactor,
  verifySecondFactor,
  type SecondFactorMethod,
  type SecondFactorResult,
} from './second-factor.ts';

/**
 * What signing in needs. The portal and the console pass the same services: one lockout, one second
 * factor, one way a session is opened and recorded.
 */
export interface SignInDeps {
  readonly store: Store;
  readonly kv: Kv;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly passwords: PasswordHasher;
  readonly keyring: Keyring;
  readonly sessions: SessionStore;
  readonly config: Pick<Config, 'lockout' | 'publicUrl' | 'trustedProxies'>;
  /** Where a misconfigured proxy in front of the sign-in is reported (see `forwardingCheck`). */
  readonly logger?: WarnLog;
  /** Sign-in results and lockouts, for `/metrics`. */
  readonly metrics?: SignInMeter | undefined;
}

/**
 * The hook of a sign-in scope that warns once per peer about X-Forwarded-For from an untrusted proxy:
 * the per-address failure limit would otherwise quietly count a whole office as one address.
 */
export function forwardingCheck(d: Pick<SignInDeps, 'config' | 'logger'>): onRequestAsyncHookHandler {
  return (request) => {
    warnUntrustedForwarding(d.logger ?? request.log, request.raw, d.config.trustedProxies);
    return Promise.resolve();
  };
}

/** Checks a user ID and password (rate limits, lockout, decoy hashing for unknown IDs). */
export function checkPassword(
  d: SignInDeps,
  input: { userId: string; password: string; ip: string; device?: string | undefined },
): Promise<LoginResult> {
  return attemptLogin(
    {
      db: d.store.db,
      kv: d.kv,
      clock: d.clock,
      audit: d.audit,
      passwords: d.passwords,
      lockout: d.config.lockout,
      keyring: d.keyring,
      publicUrl: d.config.publicUrl,
      metrics: d.metrics,
    },
    input,
  );
}

export type PasswordStep =
  | { readonly ok: true; readonly account: AccountRow; readonly state: PasswordFormState }
  | { readonly ok: false; readonly code: ErrorCode; readonly state: PasswordFormState };

/**
 * The password form, posted: both fields filled in, then the password checked. A refusal comes with its
 * failure code and the form to show again (the user ID as typed, never the password, and why).
 */
export async function passwordStep(d: SignInDeps, request: FastifyRequest): Promise<PasswordStep> {
  const t = request.t;
  const form = PasswordFormBody.parse(request.body ?? {});
  const missing = missingCredentials(t, form);
  if (missing)
    return { ok: false, code: 'VALIDATION_FAILED', state: { userId: form.userId, errors: missing } };
  const secure = d.config.publicUrl.protocol === 'https:';
  const device = presentedDeviceCookie(request, secure);
  const input = { userId: form.userId, password: form.password, ip: request.ip, device };
  const result = await checkPassword(d, input);
  if (result.kind === 'ok') {
    // Remembered so the sign-in scope's hook can give this browser a device cookie once a session opens.
    passwordAccepted(request, result.account.id);
    return { ok: true, account: result.account, state: { userId: form.userId } };
  }
  const errors = { summary: [failureMessage(t, request.lang, result)] };
  return { ok: false, code: failureCode(result), state: { userId: form.userId, errors } };
}

export type CodeCheck = SecondFactorResult | { readonly kind: 'not_active' };

/**
 * Checks the second factor of the account whose password was accepted. An account that meanwhile lost its
 * second factor or stopped being usable is refused as not active.
 */
export async function checkCode(
  d: SignInDeps,
  input: { accountId: number; method: SecondFactorMethod; code: string; ip: string },
): Promise<{ result: CodeCheck; account: AccountRow | undefined }> {
  const account = await findAccountById(d.store.db, input.accountId);
  if (
    !account ||
    !needsSecondFactor(account) ||
    (account.status !== 'active' && account.status !== 'locked')
  ) {
    d.metrics?.signIn('inactive');
    return { result: { kind: 'not_active' }, account };
  }
  const result = await verifySecondFactor(
    {
      db: d.store.db,
      kv: d.kv,
      clock: d.clock,
      audit: d.audit,
      keyring: d.keyring,
      lockout: d.config.lockout,
      metrics: d.metrics,
    },
    { account, method: input.method, code: input.code, ip: input.ip },
  );
  return { result, account };
}

export interface OpenSessionInput {
  readonly account: AccountRow;
  readonly channel: SignInChannel;
  readonly subject: Subject;
  /** What the access policy knows about the person, decided on at every request of the session. */
  readonly person: PersonFacts;
  /** The second factor used, the device, and no posture yet. */
  readonly facts: SessionFacts;
  /** The access profile's limits for this session. */
  readonly idleTimeoutS?: number | undefined;
  readonly absoluteTimeoutS?: number | undefined;
  readonly ip: string;
  readonly userAgent: string | null;
  readonly deviceId: string | null;
  /** The disclaimer accepted in this sign-in (portal), recorded as an acknowledgement of this session. */
  readonly disclaimer?: { readonly id: number; readonly version: number };
  /** More writes that must commit with the session (a second factor enrolled in this sign-in). */
  readonly also?: (trx: Transaction<Database>) => Promise<void>;
}

/**
 * Opens a session after every step has passed. The session row, the account's last login, the disclaimer's
 * acknowledgement and the audit records commit in one transaction, or none of them does (and an account
 * that stopped being active meanwhile gets no session). A new session ID every time: nothing a visitor
 * held before signing in carries over.
 */
export async function openSession(
  d: Pick<SignInDeps, 'sessions' | 'audit' | 'clock' | 'metrics'>,
  input: OpenSessionInput,
): Promise<{ session: LiveSession; token: string }> {
  const { account, channel } = input;
  const disclaimerVersion = input.disclaimer?.version ?? 0;
  const opened = await d.sessions.create(
    {
      subject: input.subject,
      person: input.person,
      facts: input.facts,
      ip: input.ip,
      userAgent: input.userAgent,
      deviceId: input.deviceId,
      disclaimerVersion,
      idleTimeoutS: input.idleTimeoutS,
      absoluteTimeoutS: input.absoluteTimeoutS,
    },
    async (trx, session) => {
      await input.also?.(trx);
      const now = d.clock.now();
      await recordLastLogin(trx, account.id, now);
      const event = { actor: account.user_id, target: session.id, ip: input.ip };
      if (input.disclaimer) {
        const ack = { accountId: account.id, documentId: input.disclaimer.id, sessionId: session.id };
        await insertAcknowledgement(trx, { ...ack, acceptedAt: now });
        await d.audit.append(
          { ...event, type: 'disclaimer.accepted', detail: { version: input.disclaimer.version } },
          trx,
        );
      }
      const mfa = input.facts.secondFactor;
      const detail = {
        role: account.role,
        previous_login: account.last_login_at,
        mfa: mfa !== 'none',
        method: mfa,
      };
      const type = channel === 'console' ? 'console.login_succeeded' : 'login.succeeded';
      await d.audit.append({ ...event, type, detail }, trx);
    },
  );
  d.metrics?.signIn('success');
  return opened;
}

export type SignInFailure = Exclude<LoginResult, { kind: 'ok' }> | Exclude<CodeCheck, { kind: 'ok' }>;

/** The failure code of a refused sign-in step, from the one error table. */
export function failureCode(failure: SignInFailure): ErrorCode {
  switch (failure.kind) {
    case 'failed':
      return 'LOGIN_FAILED';
    case 'locked':
      return 'ACCOUNT_LOCKED';
    case 'rate_limited':
      return 'RATE_LIMITED';
    case 'not_activated':
      return 'ACCOUNT_NOT_ACTIVATED';
    case 'not_active':
      return 'ACCOUNT_NOT_ACTIVE';
  }
}

/**
 * What to tell the person, in their language: never which factor failed, how many tries are left, and when
 * a lock ends. `wrong` names the failed step's own sentence (a wrong password or a wrong code).
 */
export function failureMessage(
  t: Translate,
  lang: Lang,
  failure: SignInFailure,
  wrong: 'errLoginFailed' | 'provisioning.errMfaWrong' = 'errLoginFailed',
): string {
  switch (failure.kind) {
    case 'failed':
      return `${t(wrong)} ${t(failure.attemptsLeft === 1 ? 'signin.attemptLeft' : 'attemptsLeft', { n: failure.attemptsLeft })}`;
    case 'locked': {
      const until = formatDateTime(lang, failure.until);
      return 'unknownDevice' in failure && failure.unknownDevice
        ? t('signin.errThrottled', { until })
        : t('errLocked', { until });
    }
    case 'rate_limited':
      return t('errRateLimited');
    case 'not_activated':
      return t('errNotActivated');
    case 'not_active':
      return t('errNotActive');
  }
}
