import type { Kysely } from 'kysely';
import type { AccountStatus } from '../accounts/table.ts';
import { insertAcknowledgement, type DocumentRow } from '../documents/index.ts';
import type { Database, Kv, Store } from '../store/index.ts';
import { redeemAccountToken, type TokenPurpose } from '../accounts/index.ts';
import { storeSecondFactor } from '../login/index.ts';
import type { Clock } from '../clock.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Keyring } from '../crypto/index.ts';
import type { SessionStore } from '../session/index.ts';

type ServiceDeps = {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
  readonly kv: Kv;
  readonly sessions: SessionStore;
};

export type LinkRefusal = 'unknown' | 'used' | 'superseded' | 'expired' | 'wrong_status';
export type LinkResult =
  | { readonly ok: true; readonly accountId: number; readonly userId: string }
  | { readonly ok: false; readonly reason: LinkRefusal; readonly status?: AccountStatus };

/** Who may use a link of each purpose: activation for new accounts, reset for working or locked ones. */
export const ELIGIBLE_STATUSES: Record<TokenPurpose, readonly AccountStatus[]> = {
  activation: ['pending_activation'],
  reset: ['active', 'locked'],
};

/** Thrown inside the transaction to undo a redemption whose account may not use it. */
class WrongStatus extends Error {
  constructor(
    readonly userId: string,
    readonly status: AccountStatus,
  ) {
    super('account status does not allow this link');
  }
}

/**
 * Redeems a one-time link at once, so its URL is spent. A link the account may not use (an activation link
 * for an active account) is refused and left as it was. Every refusal is audited with its reason.
 */
export async function redeemLink(
  d: ServiceDeps,
  input: { token: string; purpose: TokenPurpose; ip: string },
): Promise<LinkResult> {
  const now = d.clock.now();
  let result: LinkResult;
  try {
    result = await d.store.db.transaction().execute(async (trx): Promise<LinkResult> => {
      const check = await redeemAccountToken(trx, { token: input.token, purpose: input.purpose, now });
      if (!check.ok) return check;
      const account = await trx
        .selectFrom('accounts')
        .select(['user_id', 'status'])
        .where('id', '=', check.accountId)
        .executeTakeFirstOrThrow();
      if (!ELIGIBLE_STATUSES[input.purpose].includes(account.status))
        throw new WrongStatus(account.user_id, account.status);
      return { ok: true, accountId: check.accountId, userId: account.user_id };
    });
  } catch (err) {
    if (!(err instanceof WrongStatus)) throw err;
    await d.audit.append({
      type: 'token.rejected',
      actor: 'anonymous',
      target: err.userId,
      ip: input.ip,
      detail: { purpose: input.purpose, reason: 'wrong_status', status: err.status },
    });
    return { ok: false, reason: 'wrong_status', status: err.status };
  }
  if (!result.ok) {
    await d.audit.append({
      type: 'token.rejected',
      actor: 'anonymous',
      ip: input.ip,
      detail: { purpose: input.purpose, reason: result.reason },
    });
  }
  return result;
}

export interface ActivationAccount {
  readonly id: number;
  readonly userId: string;
  readonly status: AccountStatus;
  /** Display name and the directory's English name, for the password policy. */
  readonly names: readonly string[];
}

export async function findActivationAccount(
  db: Kysely<Database>,
  accountId: number,
): Promise<ActivationAccount | undefined> {
  const row = await db
    .selectFrom('accounts as a')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .select(['a.id', 'a.user_id', 'a.status', 'a.display_name', 'o.name_en'])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  if (!row) return undefined;
  const names = [row.display_name, row.name_en].filter((n): n is string => typeof n === 'string');
  return { id: row.id, userId: row.user_id, status: row.status, names };
}

/** Records the officer's acceptance of the confidentiality document, with its audit event. */
export async function recordConfidentiality(
  d: ServiceDeps,
  input: { account: ActivationAccount; document: DocumentRow; ip: string },
): Promise<void> {
  const now = d.clock.now();
  await d.store.db.transaction().execute(async (trx) => {
    await insertAcknowledgement(trx, {
      accountId: input.account.id,
      documentId: input.document.id,
      sessionId: null,
      acceptedAt: now,
    });
    await d.audit.append(
      {
        type: 'confidentiality.accepted',
        actor: input.account.userId,
        target: input.account.userId,
        ip: input.ip,
        detail: { version: input.document.version },
      },
      trx,
    );
  });
}

/**
 * Commits an activation in one transaction: password, sealed TOTP secret, recovery codes, and the account
 * becomes active. Fails, changing nothing, when the account is no longer pending activation.
 */
export async function completeActivation(
  d: ServiceDeps,
  input: {
    account: ActivationAccount;
    passwordHash: string;
    totpSealed: string;
    recoveryCodes: readonly string[];
    ip: string;
  },
): Promise<boolean> {
  const now = d.clock.now();
  const { account } = input;
  return d.store.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('accounts')
      .set({
        password_hash: input.passwordHash,
        status: 'active',
        failed_logins: 0,
        locked_until: null,
        updated_at: now,
      })
      .where('id', '=', account.id)
      .where('status', '=', 'pending_activation')
      .executeTakeFirst();
    if (res.numUpdatedRows === 0n) return false;
    await storeSecondFactor(trx, d.audit, {
      accountId: account.id,
      userId: account.userId,
      totpSealed: input.totpSealed,
      codes: input.recoveryCodes,
      ip: input.ip,
      now,
    });
    const event = { actor: account.userId, target: account.userId, ip: input.ip };
    await d.audit.append({ ...event, type: 'account.activated' }, trx);
    return true;
  });
}

/**
 * Sets a new password from a reset link: clears any lock, keeps the second factor, and ends the account's
 * live sessions. Returns the number of sessions ended, or undefined when the account may no longer reset.
 */
export async function completeReset(
  d: ServiceDeps,
  input: { account: ActivationAccount; passwordHash: string; ip: string },
): Promise<number | undefined> {
  const now = d.clock.now();
  const { account } = input;
  const sessionIds = await d.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('accounts')
      .select('status')
      .where('id', '=', account.id)
      .executeTakeFirst();
    if (!row || !ELIGIBLE_STATUSES.reset.includes(row.status)) return undefined;
    await trx
      .updateTable('accounts')
      .set({
        password_hash: input.passwordHash,
        status: 'active',
        failed_logins: 0,
        locked_until: null,
        updated_at: now,
      })
      .where('id', '=', account.id)
      .execute();
    const live = await trx
      .selectFrom('sessions')
      .select('id')
      .where('account_id', '=', account.id)
      .where('ended_at', 'is', null)
      .execute();
    await d.audit.append(
      {
        type: 'account.password_reset',
        actor: account.userId,
        target: account.userId,
        ip: input.ip,
        detail: { was: row.status, sessions_ended: live.length },
      },
      trx,
    );
    return live.map((s) => s.id);
  });
  if (sessionIds === undefined) return undefined;
  // The login lock lives in kv as well as in the row; both go.
  for (const key of ['lock', 'fail', 'mfa-fail']) await d.kv.del(`${key}:${account.userId}`);
  for (const id of sessionIds) await d.sessions.end(id, 'revoked', account.userId);
  return sessionIds.length;
}
