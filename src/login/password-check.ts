import { findAccountByUserId, normaliseUserId, type AccountRow } from '../accounts/index.ts';
import type { AuditInput, AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database, Kv } from '../store/index.ts';
import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/index.ts';
import type { SignInMeter } from '../metrics/index.ts';
import { knownDeviceNonce } from './device-cookie.ts';
import { mailUnlockLink } from './unlock.ts';
import type { PasswordHasher } from './password.ts';
import { acceptPassword, decoyFailureWrites, recordFailedLogins, recordLockout } from './repository.ts';

export type LoginResult =
  | { readonly kind: 'ok'; readonly account: AccountRow }
  | { readonly kind: 'failed'; readonly attemptsLeft: number }
  /** `unknownDevice`: only sign-ins from devices that never signed in to the account are paused. */
  | { readonly kind: 'locked'; readonly until: number; readonly unknownDevice?: boolean }
  | { readonly kind: 'not_activated' }
  | { readonly kind: 'not_active' }
  | { readonly kind: 'rate_limited' };

export interface LoginDeps {
  db: Kysely<Database>;
  kv: Kv;
  clock: Clock;
  audit: AuditLog;
  passwords: PasswordHasher;
  lockout: Config['lockout'];
  keyring: Keyring;
  /** Where unlock links point; without it no unlock mail is sent. */
  publicUrl?: URL;
  /** Counts each attempt's result and each lockout (for `/metrics`). */
  metrics?: SignInMeter | undefined;
}

/** Failures are counted over this window; a success clears them. */
const FAILURE_WINDOW_MS = 15 * 60_000;
/** Repeat lockouts of one user ID double in length while they keep coming within a day. */
const LOCK_HISTORY_MS = 24 * 60 * 60_000;
/** Failed attempts from one address across all user IDs, against credential stuffing. */
const PER_IP_LIMIT = 30;

/**
 * Checks a user ID and password. Unknown IDs are treated exactly like known ones (same message, a decoy
 * hash for the same time, the same counting and throttling), so the answer reveals nothing about which
 * IDs exist. `device` is the device cookie the browser presented (see device-cookie.ts): a browser that
 * signed in to this account before is not held back by failures from elsewhere.
 */
export async function attemptLogin(
  d: LoginDeps,
  input: { userId: string; password: string; ip: string; device?: string | undefined },
): Promise<LoginResult> {
  const userId = normaliseUserId(input.userId);
  const now = d.clock.now();
  const actor = userId.slice(0, 64);
  const counted = async (key: string) => Number((await d.kv.get(key)) ?? 0);

  // Only failures count: an office network's many correct sign-ins must not lock its people out.
  if ((await counted(`login-ip-fail:${input.ip}`)) >= PER_IP_LIMIT) {
    await d.audit.append({ type: 'login.rate_limited', actor, ip: input.ip, detail: { why: 'address' } });
    d.metrics?.signIn('rate_limited');
    return { kind: 'rate_limited' };
  }

  const account = await findAccountByUserId(d.db, userId);
  const nonce = knownDeviceNonce(d.keyring, input.device, account?.id);
  // A known device that failed too often is treated as unknown (OWASP), not locked out on its own. A
  // known device passes the locks: only a browser that completed a sign-in (second factor included)
  // holds one. Its correct password ends the lock shown on the account; the kv's `lock:` goes on
  // holding every other device back.
  const known = nonce !== undefined && (await counted(`device-lock:${nonce}`)) <= now;
  if (!known) {
    const throttle = await counted(`lock:${userId}`);
    const until = Math.max(account?.locked_until ?? 0, throttle);
    if (until > now) {
      await d.audit.append({ type: 'login.rejected_locked', actor, ip: input.ip, detail: { until } });
      d.metrics?.signIn('locked');
      return { kind: 'locked', until, unknownDevice: throttle > now };
    }
  }

  const ok = await d.passwords.verify(account?.password_hash ?? null, input.password);
  if (!ok || !account) {
    await d.kv.incr(`login-ip-fail:${input.ip}`, FAILURE_WINDOW_MS);
    d.metrics?.signIn(account ? 'bad_password' : 'unknown_user');
    if (known && account) return recordDeviceFailure(d, { account, nonce, ip: input.ip, now });
    return recordFailure(d, userId, account, input.ip, now);
  }

  // The count of a known device goes with its success; failures from unknown devices stay counted, so
  // the owner signing in does not hand an attacker elsewhere a fresh set of guesses.
  await d.kv.del(known ? `device-fail:${nonce}` : `fail:${userId}`);
  if (account.status !== 'active' && account.status !== 'locked') {
    await d.audit.append({
      type: 'login.rejected_inactive',
      actor,
      ip: input.ip,
      detail: { status: account.status },
    });
    d.metrics?.signIn('inactive');
    return { kind: account.status === 'pending_activation' ? 'not_activated' : 'not_active' };
  }
  // A lock that has run out ends with the next correct password. The login itself is recorded when the
  // session opens (after any second factor).
  await acceptPassword(d.db, account.id, now);
  return { kind: 'ok', account };
}

/** Locks last longer each time within a day, doubling up to the configured cap. */
async function nextLockMs(
  d: Pick<LoginDeps, 'kv' | 'lockout'>,
  key: string,
): Promise<{ ms: number; n: number }> {
  const n = await d.kv.incr(key, LOCK_HISTORY_MS);
  return { ms: Math.min(d.lockout.baseLockS * 2 ** (n - 1), d.lockout.maxLockS) * 1000, n };
}

/** A wrong password from a known device: counted and, at the limit, locked against that cookie only. */
async function recordDeviceFailure(
  d: LoginDeps,
  input: { account: AccountRow; nonce: string; ip: string; now: number },
): Promise<LoginResult> {
  const { account, nonce, ip, now } = input;
  const failures = await d.kv.incr(`device-fail:${nonce}`, FAILURE_WINDOW_MS);
  const actor = account.user_id;
  if (failures < d.lockout.maxFailures) {
    await d.audit.append({ type: 'login.failed', actor, ip, detail: { failures, device: 'known' } });
    return { kind: 'failed', attemptsLeft: d.lockout.maxFailures - failures };
  }
  const lock = await nextLockMs(d, `device-locks:${nonce}`);
  await d.kv.set(`device-lock:${nonce}`, String(now + lock.ms), lock.ms);
  await d.kv.del(`device-fail:${nonce}`);
  await d.audit.append({
    type: 'login.device_locked',
    actor,
    ip,
    detail: { failures, until: now + lock.ms },
  });
  // From now on this browser counts as unknown: it may go on only while unknown devices may.
  const left = d.lockout.maxFailures - Number((await d.kv.get(`fail:${account.user_id}`)) ?? 0);
  return { kind: 'failed', attemptsLeft: Math.max(left, 1) };
}

/**
 * A wrong password from a device not known for this user ID (or any attempt on an ID without an account):
 * counted per user ID, and at the limit sign-ins from unknown devices pause, for longer each time. The
 * owner is mailed a link that lifts the pause. Unknown IDs are counted and paused alike, but only tallied
 * in the audit trail: anyone can invent them.
 */
async function recordFailure(
  d: LoginDeps,
  userId: string,
  account: AccountRow | undefined,
  ip: string,
  now: number,
): Promise<LoginResult> {
  const actor = userId.slice(0, 64);
  const failures = await d.kv.incr(`fail:${userId}`, FAILURE_WINDOW_MS);
  const type = account ? 'login.failed' : 'login.unknown_user';
  if (failures < d.lockout.maxFailures) {
    if (account) await recordFailedLogins(d.db, account.id, failures, now);
    else await decoyFailureWrites(d.db);
    await d.audit.append({ type, actor, ip, detail: { failures } });
    return { kind: 'failed', attemptsLeft: d.lockout.maxFailures - failures };
  }
  const lock = await nextLockMs(d, `locks:${userId}`);
  const until = now + lock.ms;
  await d.kv.set(`lock:${userId}`, String(until), lock.ms);
  await d.kv.del(`fail:${userId}`);
  d.metrics?.lockout();
  const detail = { failures, until, lock: lock.n, devices: 'unknown' };
  if (!account) {
    await decoyFailureWrites(d.db);
    await d.audit.append({ type, actor, ip, detail });
    return { kind: 'locked', until, unknownDevice: true };
  }
  const { publicUrl } = d;
  await d.db.transaction().execute(async (trx) => {
    // Shown on the account (staff see it and can unlock it); the kv's `lock:` is what holds sign-ins back.
    await recordLockout(trx, { accountId: account.id, failures, until, lockNumber: lock.n, now });
    await d.audit.append({ type: 'login.locked', actor, ip, detail }, trx);
    // A lock already in force was mailed about when it began; only a new lock sends a link.
    if (publicUrl && (account.status === 'active' || account.status === 'locked'))
      await mailUnlockLink(trx, { ...d, publicUrl }, { account, until, ip });
  });
  return { kind: 'locked', until, unknownDevice: true };
}

/**
 * Locks a user ID after too many failures, for longer each time within a day (capped), in the kv store
 * (so unknown IDs lock too) and on the account when there is one; audits `login.locked`, after `before`
 * (the failure that tipped it) when given. Shared by the password and second-factor steps.
 */
export async function lockUserId(
  d: Pick<LoginDeps, 'db' | 'kv' | 'audit' | 'lockout' | 'metrics'>,
  input: {
    userId: string;
    accountId: number | null;
    failures: number;
    ip: string;
    now: number;
    factor?: 'second';
    before?: AuditInput;
  },
): Promise<{ kind: 'locked'; until: number }> {
  const { userId, failures, ip, now } = input;
  const lockNumber = await d.kv.incr(`locks:${userId}`, LOCK_HISTORY_MS);
  const lockMs = Math.min(d.lockout.baseLockS * 2 ** (lockNumber - 1), d.lockout.maxLockS) * 1000;
  const until = now + lockMs;
  await d.kv.set(`lock:${userId}`, String(until), lockMs);
  await d.kv.del(`fail:${userId}`);
  d.metrics?.lockout();
  await d.db.transaction().execute(async (trx) => {
    if (input.accountId !== null)
      await recordLockout(trx, { accountId: input.accountId, failures, until, lockNumber, now });
    if (input.before) await d.audit.append(input.before, trx);
    const detail = { failures, until, lock: lockNumber, ...(input.factor ? { factor: input.factor } : {}) };
    await d.audit.append({ type: 'login.locked', actor: userId.slice(0, 64), ip, detail }, trx);
  });
  return { kind: 'locked', until };
}
