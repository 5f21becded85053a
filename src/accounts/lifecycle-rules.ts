import type { Permission } from '../policy/index.ts';
import { checkText } from '../web/index.ts';
import type { AccountStatus } from './table.ts';

/** What an administrator can do to an account from the console. */
export const ACCOUNT_ACTIONS = ['revoke', 'suspend', 'resume', 'unlock', 'resend', 'reset'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

export function isAccountAction(value: unknown): value is AccountAction {
  return typeof value === 'string' && (ACCOUNT_ACTIONS as readonly string[]).includes(value);
}

interface ActionRule {
  /** The permission (and so the scope) the action needs. */
  readonly permission: Permission;
  /** The statuses the action may start from. */
  readonly from: readonly AccountStatus[];
  /** The status the action leaves, or undefined when it does not change the status (links). */
  readonly to: AccountStatus | undefined;
  /** Whether the administrator must give a reason. */
  readonly reasonRequired: boolean;
}

/**
 * The lifecycle as a table: pending_activation → active ↔ locked / suspended → expired / revoked.
 * Activation and expiry happen elsewhere (the officer's activation page, the expiry worker); the console
 * drives the rest. Revocation is final: nothing leads out of `revoked`.
 */
export const ACTION_RULES: Readonly<Record<AccountAction, ActionRule>> = {
  revoke: {
    permission: 'account.lifecycle',
    from: ['pending_activation', 'active', 'locked', 'suspended', 'expired'],
    to: 'revoked',
    reasonRequired: true,
  },
  suspend: {
    permission: 'account.lifecycle',
    from: ['active', 'locked'],
    to: 'suspended',
    reasonRequired: true,
  },
  resume: { permission: 'account.lifecycle', from: ['suspended'], to: 'active', reasonRequired: false },
  unlock: { permission: 'account.unlock', from: ['locked'], to: 'active', reasonRequired: false },
  resend: {
    permission: 'account.resend_activation',
    from: ['pending_activation'],
    to: undefined,
    reasonRequired: false,
  },
  reset: { permission: 'account.lifecycle', from: ['active', 'locked'], to: undefined, reasonRequired: true },
};

export type TransitionCheck =
  | { readonly ok: true; readonly to: AccountStatus | undefined }
  | { readonly ok: false; readonly reason: 'invalid_transition' };

/** Whether `action` may start from `status`, and where it leads. */
export function checkTransition(action: AccountAction, status: AccountStatus): TransitionCheck {
  const rule = ACTION_RULES[action];
  return rule.from.includes(status) ? { ok: true, to: rule.to } : { ok: false, reason: 'invalid_transition' };
}

/** Why `action` cannot start on the account as it stands (acting on oneself, or from its status). */
export type ActionBlock = 'ACCOUNT_SELF' | 'ACCOUNT_INVALID_TRANSITION';

/** Whether `actorAccountId` may start `action` on `target` now, or why not. */
export function blockedAction(
  action: AccountAction,
  target: { readonly id: number; readonly status: AccountStatus },
  actorAccountId: number,
): ActionBlock | undefined {
  if (target.id === actorAccountId) return 'ACCOUNT_SELF';
  if (!checkTransition(action, target.status).ok) return 'ACCOUNT_INVALID_TRANSITION';
  return undefined;
}

/** Reasons are free text kept in the audit log: a few words at least, one paragraph at most. */
export const REASON_MIN = 5;
export const REASON_MAX = 500;

export type ReasonCheck =
  | { readonly ok: true; readonly reason: string | null }
  | { readonly ok: false; readonly problem: 'missing' | 'too_short' | 'too_long' | 'control_chars' };

/**
 * Validates the reason an administrator gave; optional reasons may be empty. A reason is a paragraph (the
 * confirm page's textarea): line breaks are kept, control and format characters (bidi overrides) refused.
 */
export function checkReason(action: AccountAction, input: string): ReasonCheck {
  const checked = checkText(input, 'paragraph', REASON_MAX);
  if (!checked.ok)
    return { ok: false, problem: checked.problem === 'too_long' ? 'too_long' : 'control_chars' };
  const reason = checked.value;
  if (reason.length === 0) {
    return ACTION_RULES[action].reasonRequired
      ? { ok: false, problem: 'missing' }
      : { ok: true, reason: null };
  }
  if (reason.length < REASON_MIN) return { ok: false, problem: 'too_short' };
  return { ok: true, reason };
}
