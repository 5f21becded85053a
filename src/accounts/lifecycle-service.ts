import type { Transaction } from 'kysely';
import type { AuditEventType, AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { SessionStore } from '../session/index.ts';
import type { Database, Kv, Store } from '../store/index.ts';
import { sendAccountLink } from './account-links.ts';
import { blockedAction, checkTransition, type AccountAction, type ActionBlock } from './lifecycle-rules.ts';
import { findAccountTarget, type AccountTarget } from './lifecycle-target.ts';
import { changeAccountStatus, listLiveSessionIds } from './repository.ts';
import type { AccountStatus } from './table.ts';
import { supersedeUnusedTokens } from './token-repository.ts';

/** What an account action needs: the store, the clock, the audit log, the login's kv, sessions and links. */
export interface LifecycleDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly kv: Kv;
  readonly sessions: SessionStore;
  readonly config: Config;
  readonly keyring: Keyring;
}

export interface ActionInput {
  readonly accountId: number;
  readonly action: AccountAction;
  /** The administrator acting. */
  readonly actor: { readonly accountId: number; readonly userId: string };
  /** Already validated (see `checkReason`); null when none was given. */
  readonly reason: string | null;
  readonly ip: string | null;
  /** The caller's scope check, repeated inside the transaction against the row as it is now. */
  readonly mayAct: (target: AccountTarget) => boolean;
}

/** Why an action did not happen, as codes of the error table. */
export type ActionRefusal = 'NOT_FOUND' | 'FORBIDDEN' | ActionBlock | 'ACCOUNT_CHANGED' | 'ACCOUNT_NO_EMAIL';

export type ActionResult =
  | {
      readonly ok: true;
      readonly target: AccountTarget;
      readonly to: AccountStatus | undefined;
      readonly sessionsEnded: number;
    }
  | { readonly ok: false; readonly code: ActionRefusal; readonly target?: AccountTarget };

type StatusAction = Exclude<AccountAction, 'resend' | 'reset'>;

const STATUS_EVENTS: Readonly<Record<StatusAction, AuditEventType>> = {
  revoke: 'account.revoked',
  suspend: 'account.suspended',
  resume: 'account.resumed',
  unlock: 'account.unlocked',
};

/** Actions after which the account may not keep any live session. */
const ENDS_SESSIONS: ReadonlySet<AccountAction> = new Set(['revoke', 'suspend']);

/**
 * Applies one console action to an account: the status change, its side effects and its audit record
 * commit together, or nothing changes. Live sessions are ended after the commit (each through the session
 * store, which drops the resource cookies on every node and audits the end).
 */
export async function applyAccountAction(deps: LifecycleDeps, input: ActionInput): Promise<ActionResult> {
  const result = await deps.store.db.transaction().execute(async (trx): Promise<ActionResult> => {
    const target = await findAccountTarget(trx, input.accountId);
    if (!target) return { ok: false, code: 'NOT_FOUND' };
    if (!input.mayAct(target)) return { ok: false, code: 'FORBIDDEN', target };
    const blocked = blockedAction(input.action, target, input.actor.accountId);
    if (blocked) return { ok: false, code: blocked, target };
    const action = input.action;
    if (action === 'resend' || action === 'reset') return sendLink(trx, deps, input, target, action);
    return changeStatus(trx, deps, input, target, action);
  });

  if (!result.ok) return result;
  if (!ENDS_SESSIONS.has(input.action)) {
    // Sessions an action leaves open are decided on the account's new facts from their next request.
    await deps.sessions.refreshFacts({ accountId: input.accountId });
    return result;
  }
  const sessionsEnded = await endLiveSessions(deps, input.accountId, input.actor.userId);
  return { ...result, sessionsEnded };
}

/** A fresh activation or reset link, audited with the administrator's reason. */
async function sendLink(
  trx: Transaction<Database>,
  deps: LifecycleDeps,
  input: ActionInput,
  target: AccountTarget,
  action: 'resend' | 'reset',
): Promise<ActionResult> {
  const sent = await sendAccountLink(
    trx,
    {
      config: deps.config,
      clock: deps.clock,
      keyring: deps.keyring,
      audit: withReason(deps.audit, input.reason),
    },
    {
      accountId: target.id,
      purpose: action === 'resend' ? 'activation' : 'reset',
      actor: input.actor.userId,
      ip: input.ip,
    },
  );
  return sent
    ? { ok: true, target, to: undefined, sessionsEnded: 0 }
    : { ok: false, code: 'ACCOUNT_NO_EMAIL', target };
}

/** The status change with its side effects and audit record, guarded on the status read. */
async function changeStatus(
  trx: Transaction<Database>,
  deps: LifecycleDeps,
  input: ActionInput,
  target: AccountTarget,
  action: StatusAction,
): Promise<ActionResult> {
  const now = deps.clock.now();
  const check = checkTransition(action, target.status);
  const to = (check.ok ? check.to : undefined) ?? target.status;
  const change = { accountId: target.id, from: target.status, to, now, clearLock: action === 'unlock' };
  if (!(await changeAccountStatus(trx, change))) return { ok: false, code: 'ACCOUNT_CHANGED', target };
  // A revoked account's unused activation or reset links must never work.
  if (action === 'revoke') await supersedeUnusedTokens(trx, { accountId: target.id, now });
  const live = (await listLiveSessionIds(trx, target.id)).length;
  await deps.audit.append(
    {
      type: STATUS_EVENTS[action],
      actor: input.actor.userId,
      target: target.userId,
      ip: input.ip,
      detail: {
        reason: input.reason,
        from: target.status,
        to,
        ...(ENDS_SESSIONS.has(action) ? { live_sessions: live } : {}),
      },
    },
    trx,
  );
  if (action === 'unlock') {
    // The login service keeps its own lock and failure count; clear them so sign-in works at once. Doing
    // it before the commit is safe: should the commit fail, the account row still says locked.
    await deps.kv.del(`lock:${target.userId}`);
    await deps.kv.del(`fail:${target.userId}`);
  }
  return { ok: true, target, to, sessionsEnded: 0 };
}

/** Ends every session of the account that has not ended, everywhere. Returns how many it ended. */
async function endLiveSessions(
  deps: Pick<LifecycleDeps, 'store' | 'sessions'>,
  accountId: number,
  actor: string,
): Promise<number> {
  const live = await listLiveSessionIds(deps.store.db, accountId);
  for (const id of live) await deps.sessions.end(id, 'revoked', actor);
  return live.length;
}

/** The audit log, with the administrator's reason added to every record written through it. */
function withReason(audit: AuditLog, reason: string | null): AuditLog {
  if (reason === null) return audit;
  return {
    append: (event, trx) => audit.append({ ...event, detail: { ...event.detail, reason } }, trx),
  };
}
