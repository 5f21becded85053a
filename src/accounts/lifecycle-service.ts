import type { Transaction } from 'kysely';
import type { AuditEventType, AuditLog } from '../audit/index.ts';
import { sendAccountLink } from './account-links.ts';
import type { Database, Kv, Store } from '../store/index.ts';
import { checkTransition, type AccountAction } from './lifecycle-rules.ts';
import { findAccountTarget, type AccountTarget } from './lifecycle-target.ts';
import type { AccountStatus } from './table.ts';
import type { Clock } from '../clock.ts';
import type { SessionStore } from '../session/index.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';

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

export type ActionResult =
  | {
      readonly ok: true;
      readonly target: AccountTarget;
      readonly to: AccountStatus | undefined;
      readonly sessionsEnded: number;
    }
  | {
      readonly ok: false;
      readonly reason: 'not_found' | 'out_of_scope' | 'self' | 'invalid_transition' | 'changed' | 'no_email';
      readonly target?: AccountTarget;
    };

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
export async function applyAccountAction(
  deps: {
    readonly store: Store;
    readonly clock: Clock;
    readonly audit: AuditLog;
    readonly kv: Kv;
    readonly sessions: SessionStore;
    readonly config: Config;
    readonly keyring: Keyring;
  },
  input: ActionInput,
): Promise<ActionResult> {
  const result = await deps.store.db.transaction().execute(async (trx): Promise<ActionResult> => {
    const target = await findAccountTarget(trx, input.accountId);
    if (!target) return { ok: false, reason: 'not_found' };
    if (!input.mayAct(target)) return { ok: false, reason: 'out_of_scope', target };
    if (target.id === input.actor.accountId) return { ok: false, reason: 'self', target };
    const check = checkTransition(input.action, target.status);
    if (!check.ok) return { ok: false, reason: 'invalid_transition', target };

    const action = input.action;
    if (action === 'resend' || action === 'reset') {
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
        : { ok: false, reason: 'no_email', target };
    }

    const to = check.to ?? target.status;
    const changed = await changeStatus(trx, deps.clock.now(), target, action, to);
    if (!changed) return { ok: false, reason: 'changed', target };
    const live = await countLiveSessions(trx, target.id);
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
  });

  if (!result.ok || !ENDS_SESSIONS.has(input.action)) return result;
  const sessionsEnded = await endLiveSessions(deps, input.accountId, input.actor.userId);
  return { ...result, sessionsEnded };
}

/** The status update, guarded on the status read so a concurrent change makes it a no-op. */
async function changeStatus(
  trx: Transaction<Database>,
  now: number,
  target: AccountTarget,
  action: StatusAction,
  to: AccountStatus,
): Promise<boolean> {
  const res = await trx
    .updateTable('accounts')
    .set({
      status: to,
      updated_at: now,
      ...(action === 'unlock' ? { failed_logins: 0, locked_until: null } : {}),
    })
    .where('id', '=', target.id)
    .where('status', '=', target.status)
    .executeTakeFirst();
  if (res.numUpdatedRows === 0n) return false;
  if (action === 'revoke') {
    // A revoked account's unused activation or reset links must never work.
    await trx
      .updateTable('account_tokens')
      .set({ superseded_at: now })
      .where('account_id', '=', target.id)
      .where('used_at', 'is', null)
      .where('superseded_at', 'is', null)
      .execute();
  }
  return true;
}

async function countLiveSessions(trx: Transaction<Database>, accountId: number): Promise<number> {
  const row = await trx
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Ends every session of the account that has not ended, everywhere. Returns how many it ended. */
async function endLiveSessions(
  deps: { readonly store: Store; readonly sessions: SessionStore },
  accountId: number,
  actor: string,
): Promise<number> {
  const live = await deps.store.db
    .selectFrom('sessions')
    .select('id')
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .execute();
  for (const s of live) await deps.sessions.end(s.id, 'revoked', actor);
  return live.length;
}

/** The audit log, with the administrator's reason added to every record written through it. */
function withReason(audit: AuditLog, reason: string | null): AuditLog {
  if (reason === null) return audit;
  return {
    append: (event, trx) => audit.append({ ...event, detail: { ...event.detail, reason } }, trx),
  };
}
