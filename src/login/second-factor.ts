import type { Kysely } from 'kysely';
import type { AccountRow } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { SignInMeter } from '../metrics/index.ts';
import { useRecoveryCode } from './recovery-codes.ts';
import { acceptTotpStep } from './counters-repository.ts';
import { matchTotpStep } from './totp.ts';
import type { Database, Kv } from '../store/index.ts';
import { lockUserId } from './password-check.ts';
import { acceptSecondFactor, recordFailedLogins } from './repository.ts';

export interface SecondFactorDeps {
  db: Kysely<Database>;
  kv: Kv;
  clock: Clock;
  audit: AuditLog;
  keyring: Keyring;
  lockout: Config['lockout'];
  metrics?: SignInMeter | undefined;
}

export type SecondFactorMethod = 'totp' | 'recovery';

export type SecondFactorResult =
  | { readonly kind: 'ok'; readonly method: SecondFactorMethod }
  | { readonly kind: 'failed'; readonly attemptsLeft: number }
  | { readonly kind: 'locked'; readonly until: number };

/** The same windows as password failures (login-service.ts), so both count towards one lockout. */
const FAILURE_WINDOW_MS = 15 * 60_000;

/** True when the account has a second factor to ask for. */
export function needsSecondFactor(account: Pick<AccountRow, 'totp_secret_enc'>): boolean {
  return account.totp_secret_enc !== null && account.totp_secret_enc !== '';
}

/**
 * The time a lock on this account ends, when one is in force. Only the account's own lock counts here:
 * the kv's `lock:` of a user ID holds back sign-ins from unknown devices, and whoever reached this step
 * passed that check (a known device, or the password from a device while no such lock was in force).
 */
export function lockedUntil(
  d: Pick<SecondFactorDeps, 'clock'>,
  account: Pick<AccountRow, 'locked_until'>,
): number | undefined {
  const until = account.locked_until ?? 0;
  return until > d.clock.now() ? until : undefined;
}

/**
 * Checks the second factor after a correct password: a TOTP code (one step of drift either way; each step
 * once per account) or a one-time recovery code. Wrong codes count towards the same lockout as passwords,
 * and a separate count that a correct password does not clear, so re-entering the password buys no tries.
 */
export async function verifySecondFactor(
  d: SecondFactorDeps,
  input: { account: AccountRow; method: SecondFactorMethod; code: string; ip: string },
): Promise<SecondFactorResult> {
  const { account } = input;
  const now = d.clock.now();
  const until = lockedUntil(d, account);
  if (until !== undefined) {
    await d.audit.append({
      type: 'login.rejected_locked',
      actor: account.user_id,
      ip: input.ip,
      detail: { until, factor: 'second' },
    });
    d.metrics?.signIn('locked');
    return { kind: 'locked', until };
  }
  const why = input.method === 'totp' ? await checkTotp(d, account, input.code, now) : 'wrong';
  if (why === 'ok') return succeed(d, account, 'totp');
  if (input.method === 'recovery') {
    const used = await d.db.transaction().execute(async (trx) => {
      const use = await useRecoveryCode(trx, { accountId: account.id, code: input.code, now });
      if (use.ok) {
        await d.audit.append(
          {
            type: 'login.recovery_code_used',
            actor: account.user_id,
            target: account.user_id,
            ip: input.ip,
            detail: { remaining: use.remaining },
          },
          trx,
        );
      }
      return use.ok;
    });
    if (used) return succeed(d, account, 'recovery');
  }
  return recordSecondFactorFailure(d, account, input.ip, { method: input.method, why });
}

async function checkTotp(
  d: SecondFactorDeps,
  account: AccountRow,
  code: string,
  now: number,
): Promise<'ok' | 'wrong' | 'replayed'> {
  if (!account.totp_secret_enc) return 'wrong';
  const secret = d.keyring.open('totp-encryption', account.totp_secret_enc);
  const step = matchTotpStep(secret, code, now);
  if (step === undefined) return 'wrong';
  // The step spent while enrolling is marked in the kv (enrolment has no database handle); every step
  // accepted at sign-in is recorded durably, and one at or before it is refused (RFC 6238 §5.2), so a
  // code stays spent across restarts. The upsert is conditional, so of two racing requests one wins.
  if ((await d.kv.get(`totp-used:${account.id}:${step}`)) !== undefined) return 'replayed';
  return (await acceptTotpStep(d.db, account.id, step)) ? 'ok' : 'replayed';
}

async function succeed(
  d: SecondFactorDeps,
  account: AccountRow,
  method: SecondFactorMethod,
): Promise<SecondFactorResult> {
  await d.kv.del(`fail:${account.user_id}`);
  await d.kv.del(`mfa-fail:${account.user_id}`);
  // No lock is in force (checked first), so one that ran out while the code was typed ends here.
  await acceptSecondFactor(d.db, account.id);
  return { kind: 'ok', method };
}

/**
 * Counts a wrong second factor (a code, or a passkey that did not verify); at the limit, locks the account
 * exactly as a wrong password would.
 */
export async function recordSecondFactorFailure(
  d: SecondFactorDeps,
  account: AccountRow,
  ip: string,
  detail: { method: SecondFactorMethod | 'passkey'; why: string; channel?: string },
  type: 'login.mfa_failed' | 'login.passkey_failed' = 'login.mfa_failed',
): Promise<SecondFactorResult> {
  const userId = account.user_id;
  const now = d.clock.now();
  const shared = await d.kv.incr(`fail:${userId}`, FAILURE_WINDOW_MS);
  const own = await d.kv.incr(`mfa-fail:${userId}`, FAILURE_WINDOW_MS);
  const failures = Math.max(shared, own);
  d.metrics?.signIn('bad_second_factor');
  const failed = {
    type,
    actor: userId,
    target: userId,
    ip,
    detail: { ...detail, failures },
  } as const;
  if (failures < d.lockout.maxFailures) {
    await d.db.transaction().execute(async (trx) => {
      await recordFailedLogins(trx, account.id, failures, now);
      await d.audit.append(failed, trx);
    });
    return { kind: 'failed', attemptsLeft: d.lockout.maxFailures - failures };
  }
  await d.kv.del(`mfa-fail:${userId}`);
  return lockUserId(d, {
    userId,
    accountId: account.id,
    failures,
    ip,
    now,
    factor: 'second',
    before: failed,
  });
}
