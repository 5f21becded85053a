import { findAccountByUserId, normaliseUserId, type AccountRow } from '../accounts/index.ts';
import type { AuditInput, AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database, Kv } from '../store/index.ts';
import type { Kysely } from 'kysely';
import type { PasswordHasher } from './password.ts';
import { acceptPassword, recordFailedLogins, recordLockout } from './repository.ts';

export type LoginResult =
  | { readonly kind: 'ok'; readonly account: AccountRow }
  | { readonly kind: 'failed'; readonly attemptsLeft: number }
  | { readonly kind: 'locked'; readonly until: number }
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
}

/** Failures are counted over this window; a success clears them. */
const FAILURE_WINDOW_MS = 15 * 60_000;
/** Repeat lockouts of one user ID double in length while they keep coming within a day. */
const LOCK_HISTORY_MS = 24 * 60 * 60_000;
/** Attempts from one address across all user IDs, against credential stuffing. */
const PER_IP_LIMIT = 30;

/**
 * Checks a user ID and password. Unknown IDs are treated exactly like known ones (same message, a decoy
 * hash for the same time, the same counting and locking), so the answer reveals nothing about which IDs exist.
 */
export async function attemptLogin(
  d: LoginDeps,
  input: { userId: string; password: string; ip: string },
): Promise<LoginResult> {
  const userId = normaliseUserId(input.userId);
  const now = d.clock.now();
  const actor = userId.slice(0, 64);

  if ((await d.kv.incr(`login-ip:${input.ip}`, FAILURE_WINDOW_MS)) > PER_IP_LIMIT) {
    await d.audit.append({ type: 'login.failed', actor, ip: input.ip, detail: { why: 'rate_limited' } });
    return { kind: 'rate_limited' };
  }

  const account = await findAccountByUserId(d.db, userId);
  const lockedUntil = Math.max(Number((await d.kv.get(`lock:${userId}`)) ?? 0), account?.locked_until ?? 0);
  if (lockedUntil > now) {
    await d.audit.append({
      type: 'login.rejected_locked',
      actor,
      ip: input.ip,
      detail: { until: lockedUntil },
    });
    return { kind: 'locked', until: lockedUntil };
  }

  const ok = await d.passwords.verify(account?.password_hash ?? null, input.password);
  if (!ok || !account) return recordFailure(d, userId, account, input.ip, now);

  await d.kv.del(`fail:${userId}`);
  if (account.status !== 'active' && account.status !== 'locked') {
    await d.audit.append({
      type: 'login.rejected_inactive',
      actor,
      ip: input.ip,
      detail: { status: account.status },
    });
    return { kind: account.status === 'pending_activation' ? 'not_activated' : 'not_active' };
  }
  // A lock that has run out ends with the next correct password. The login itself is recorded when the
  // session opens (after any second factor).
  await acceptPassword(d.db, account.id, now);
  return { kind: 'ok', account };
}

async function recordFailure(
  d: LoginDeps,
  userId: string,
  account: AccountRow | undefined,
  ip: string,
  now: number,
): Promise<LoginResult> {
  const actor = userId.slice(0, 64);
  const failures = await d.kv.incr(`fail:${userId}`, FAILURE_WINDOW_MS);
  if (failures < d.lockout.maxFailures) {
    if (account) await recordFailedLogins(d.db, account.id, failures, now);
    await d.audit.append({ type: 'login.failed', actor, ip, detail: { failures } });
    return { kind: 'failed', attemptsLeft: d.lockout.maxFailures - failures };
  }
  return lockUserId(d, { userId, accountId: account?.id ?? null, failures, ip, now });
}

/**
 * Locks a user ID after too many failures, for longer each time within a day (capped), in the kv store
 * (so unknown IDs lock too) and on the account when there is one; audits `login.locked`, after `before`
 * (the failure that tipped it) when given. Shared by the password and second-factor steps.
 */
export async function lockUserId(
  d: Pick<LoginDeps, 'db' | 'kv' | 'audit' | 'lockout'>,
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
  await d.db.transaction().execute(async (trx) => {
    if (input.accountId !== null)
      await recordLockout(trx, { accountId: input.accountId, failures, until, lockNumber, now });
    if (input.before) await d.audit.append(input.before, trx);
    const detail = { failures, until, lock: lockNumber, ...(input.factor ? { factor: input.factor } : {}) };
    await d.audit.append({ type: 'login.locked', actor: userId.slice(0, 64), ip, detail }, trx);
  });
  return { kind: 'locked', until };
}
