import type { AuditLog } from '../audit/index.ts';
import {
  findAccountById,
  listLiveSessionIds,
  redeemAccountToken,
  type AccountStatus,
  type TokenPurpose,
  type TokenRefusal,
} from '../accounts/index.ts';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import { insertAcknowledgement, type DocumentRow } from '../documents/index.ts';
import { storeSecondFactor } from '../login/index.ts';
import type { SessionStore } from '../session/index.ts';
import type { Kv, Store } from '../store/index.ts';
import { setPasswordAndActivate, type ActivationAccount } from './repository.ts';

export type { ActivationAccount } from './repository.ts';

type ServiceDeps = {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
  readonly kv: Kv;
  readonly sessions: SessionStore;
};

/** Why a link (or the account it is for) cannot be used, as codes of the error table. */
export type LinkRefusal = TokenRefusal | 'ACCOUNT_ALREADY_ACTIVE' | 'LINK_WRONG_STATUS';

/** A refusal, with the account's status when that is the reason. */
export interface LinkProblem {
  readonly code: LinkRefusal;
  readonly status?: AccountStatus;
}

export type LinkResult =
  | { readonly ok: true; readonly accountId: number; readonly userId: string }
  | ({ readonly ok: false } & LinkProblem);

/** Who may use a link of each purpose: activation for new accounts, reset for working or locked ones. */
export const ELIGIBLE_STATUSES: Record<TokenPurpose, readonly AccountStatus[]> = {
  activation: ['pending_activation'],
  reset: ['active', 'locked'],
};

/** A link for an account whose status does not allow it: an active account has nothing to activate. */
export function wrongStatus(status: AccountStatus | undefined): LinkProblem {
  return { code: status === 'active' ? 'ACCOUNT_ALREADY_ACTIVE' : 'LINK_WRONG_STATUS', status };
}

/** Thrown inside the transaction to undo a redemption whose account may not use it. */
class WrongStatus extends Error {
  constructor(
    readonly userId: string,
    readonly status: AccountStatus,
  ) {
    super('account status does not allow this link');
  }
}

type Redemption =
  | { readonly ok: true; readonly accountId: number; readonly userId: string }
  | { readonly ok: false; readonly code: TokenRefusal };

/**
 * Redeems a one-time link at once, so its URL is spent. A link the account may not use (an activation link
 * for an active account) is refused and left as it was. Every refusal is audited with its reason, after
 * the transaction.
 */
export async function redeemLink(
  d: ServiceDeps,
  input: { token: string; purpose: TokenPurpose; ip: string },
): Promise<LinkResult> {
  const now = d.clock.now();
  const rejected = (reason: string, target?: { userId: string; status: AccountStatus }) =>
    d.audit.append({
      type: 'token.rejected',
      actor: 'anonymous',
      ...(target ? { target: target.userId } : {}),
      ip: input.ip,
      detail: { purpose: input.purpose, reason, ...(target ? { status: target.status } : {}) },
    });
  let redeemed: Redemption;
  try {
    redeemed = await d.store.db.transaction().execute(async (trx): Promise<Redemption> => {
      const check = await redeemAccountToken(trx, { token: input.token, purpose: input.purpose, now });
      if (!check.ok) return check;
      const account = await findAccountById(trx, check.accountId);
      if (!account) throw new Error(`token ${check.tokenId} names no account`);
      if (!ELIGIBLE_STATUSES[input.purpose].includes(account.status))
        throw new WrongStatus(account.user_id, account.status);
      return { ok: true, accountId: check.accountId, userId: account.user_id };
    });
  } catch (err) {
    if (!(err instanceof WrongStatus)) throw err;
    await rejected('wrong_status', err);
    return { ok: false, ...wrongStatus(err.status) };
  }
  if (redeemed.ok) return redeemed;
  // The audit log names the reason in words: `LINK_USED` is recorded as `used`.
  await rejected(redeemed.code.slice('LINK_'.length).toLowerCase());
  return redeemed;
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
    const password = { accountId: account.id, passwordHash: input.passwordHash, now };
    if (!(await setPasswordAndActivate(trx, { ...password, from: 'pending_activation' }))) return false;
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
    const was = (await findAccountById(trx, account.id))?.status;
    if (!was || !ELIGIBLE_STATUSES.reset.includes(was)) return undefined;
    const password = { accountId: account.id, passwordHash: input.passwordHash, now };
    if (!(await setPasswordAndActivate(trx, { ...password, from: was }))) return undefined;
    const live = await listLiveSessionIds(trx, account.id);
    await d.audit.append(
      {
        type: 'account.password_reset',
        actor: account.userId,
        target: account.userId,
        ip: input.ip,
        detail: { was, sessions_ended: live.length },
      },
      trx,
    );
    return live;
  });
  if (sessionIds === undefined) return undefined;
  // The login lock lives in kv as well as in the row; both go.
  for (const key of ['lock', 'fail', 'mfa-fail']) await d.kv.del(`${key}:${account.userId}`);
  for (const id of sessionIds) await d.sessions.end(id, 'revoked', account.userId);
  return sessionIds.length;
}
