import type { AuditLog } from '../audit/index.ts';
import {
  findAccountById,
  listLiveSessionIds,
  type AccountStatus,
  type TokenPurpose,
  type TokenRefusal,
} from '../accounts/index.ts';
import type { Clock } from '../clock.ts';
import { sha256, type Keyring } from '../crypto/index.ts';
import { insertAcknowledgement, type DocumentRow } from '../documents/index.ts';
import { storeSecondFactor } from '../login/index.ts';
import type { SessionStore } from '../session/index.ts';
import type { Kv, Store } from '../store/index.ts';
import { deleteProgressOfAccount, findLinkToken, spendLinkToken } from './progress-repository.ts';
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
  | { readonly ok: true; readonly tokenId: number; readonly accountId: number; readonly userId: string }
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

/**
 * Checks a one-time link without spending it: opening the link, as a mail scanner or a chat app's preview
 * does, changes nothing (issue 8 item 1). The link is spent only when its activation or reset completes.
 * A link the account may not use (an activation link for an active account) is refused. Every refusal is
 * audited with its reason.
 */
export async function checkLink(
  d: ServiceDeps,
  input: { purpose: TokenPurpose; ip: string } & ({ token: string } | { tokenId: number }),
): Promise<LinkResult> {
  const now = d.clock.now();
  const rejected = async (reason: string, target?: { userId: string; status: AccountStatus }) =>
    d.audit.append({
      type: 'token.rejected',
      actor: 'anonymous',
      ...(target ? { target: target.userId } : {}),
      ip: input.ip,
      detail: { purpose: input.purpose, reason, ...(target ? { status: target.status } : {}) },
    });
  const refuse = async (code: TokenRefusal): Promise<LinkResult> => {
    // The audit log names the reason in words: `LINK_USED` is recorded as `used`.
    await rejected(code.slice('LINK_'.length).toLowerCase());
    return { ok: false, code };
  };
  let row;
  if ('token' in input) {
    if (input.token.length < 20 || input.token.length > 100) return refuse('LINK_UNKNOWN');
    row = await findLinkToken(d.store.db, { hash: sha256(input.token) }, input.purpose);
  } else {
    row = await findLinkToken(d.store.db, { id: input.tokenId }, input.purpose);
  }
  if (!row) return refuse('LINK_UNKNOWN');
  if (row.used_at !== null) return refuse('LINK_USED');
  if (row.superseded_at !== null) return refuse('LINK_SUPERSEDED');
  if (row.expires_at <= now) return refuse('LINK_EXPIRED');
  const account = await findAccountById(d.store.db, row.account_id);
  if (!account) throw new Error(`token ${row.id} names no account`);
  if (!ELIGIBLE_STATUSES[input.purpose].includes(account.status)) {
    await rejected('wrong_status', { userId: account.user_id, status: account.status });
    return { ok: false, ...wrongStatus(account.status) };
  }
  return { ok: true, tokenId: row.id, accountId: row.account_id, userId: account.user_id };
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
      ip: input.ip,
      channel: 'activation',
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

/** Thrown inside a completing transaction to undo the link's spending when the account may not go on. */
class NotCompleted extends Error {
  constructor() {
    super('the account may no longer complete this link');
  }
}

/**
 * Commits an activation in one transaction: the link is spent, the password, sealed TOTP secret and
 * recovery codes are stored, the account becomes active and its saved progress goes. Fails, changing
 * nothing, when the link can no longer be used or the account is no longer pending activation.
 */
export async function completeActivation(
  d: ServiceDeps,
  input: {
    account: ActivationAccount;
    tokenId: number;
    passwordHash: string;
    totpSealed: string;
    recoveryCodes: readonly string[];
    ip: string;
  },
): Promise<boolean> {
  const now = d.clock.now();
  const { account } = input;
  return d.store.db
    .transaction()
    .execute(async (trx) => {
      if (!(await spendLinkToken(trx, input.tokenId, now))) return false;
      const password = { accountId: account.id, passwordHash: input.passwordHash, now };
      if (!(await setPasswordAndActivate(trx, { ...password, from: 'pending_activation' }))) {
        throw new NotCompleted();
      }
      await deleteProgressOfAccount(trx, account.id);
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
    })
    .catch((err: unknown) => {
      if (err instanceof NotCompleted) return false;
      throw err;
    });
}

/**
 * Sets a new password from a reset link: clears any lock, keeps the second factor, and ends the account's
 * live sessions. Returns the number of sessions ended, or undefined when the account may no longer reset.
 */
export async function completeReset(
  d: ServiceDeps,
  input: { account: ActivationAccount; tokenId: number; passwordHash: string; ip: string },
): Promise<number | undefined> {
  const now = d.clock.now();
  const { account } = input;
  const sessionIds = await d.store.db
    .transaction()
    .execute(async (trx) => {
      const was = (await findAccountById(trx, account.id))?.status;
      if (!was || !ELIGIBLE_STATUSES.reset.includes(was)) return undefined;
      if (!(await spendLinkToken(trx, input.tokenId, now))) return undefined;
      const password = { accountId: account.id, passwordHash: input.passwordHash, now };
      if (!(await setPasswordAndActivate(trx, { ...password, from: was }))) throw new NotCompleted();
      await deleteProgressOfAccount(trx, account.id);
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
    })
    .catch((err: unknown) => {
      if (err instanceof NotCompleted) return undefined;
      throw err;
    });
  if (sessionIds === undefined) return undefined;
  // The login lock lives in kv as well as in the row; both go.
  for (const key of ['lock', 'fail', 'mfa-fail']) await d.kv.del(`${key}:${account.userId}`);
  for (const id of sessionIds) await d.sessions.end(id, 'revoked', account.userId);
  return sessionIds.length;
}
