import { z } from 'zod';
import { type Keyring, randomToken } from '../crypto/index.ts';

/**
 * Where a visitor is in the sign-in steps (the portal's four, or the console's password and second factor). Kept in a signed cookie, so anonymous visitors cost no
 * server-side state; it carries no secret and expires after the flow timeout.
 */
export interface FlowState {
  /** Random nonce; CSRF tokens before login are bound to it. */
  readonly n: string;
  /** Started at (ms). */
  readonly s: number;
  /** Inspection passed at (ms). */
  readonly i?: number;
  /** Disclaimer version accepted in this flow. */
  readonly d?: number;
  /** Where to go after login (already validated). */
  readonly nx?: string;
  /**
   * The user ID typed into a login form whose flow had run out or was lost, filled in again when the
   * officer comes back round to the login step (not a secret; kept here rather than in any URL).
   */
  readonly u?: string;
  /** Account whose password was right and whose second factor is awaited. */
  readonly ma?: number;
  /** When that password was checked (ms); the second factor must follow within `SECOND_FACTOR_TIMEOUT_MS`. */
  readonly mt?: number;
  /** Where that sign-in began, so a pending second factor cannot be carried from one to the other. */
  readonly mc?: SignInChannel;
}

/** The two places people sign in: the officers' portal and the administrators' console. */
export type SignInChannel = 'portal' | 'console';

/** How long a visitor has, after a correct password, to give the second factor. */
export const SECOND_FACTOR_TIMEOUT_MS = 5 * 60_000;

const FlowSchema = z.object({
  n: z.string().min(16).max(64),
  s: z.number().int(),
  i: z.number().int().optional(),
  d: z.number().int().optional(),
  nx: z.string().max(2000).optional(),
  u: z.string().max(100).optional(),
  ma: z.number().int().positive().optional(),
  mt: z.number().int().optional(),
  mc: z.enum(['portal', 'console']).optional(),
});

export function newFlow(now: number, next?: string): FlowState {
  return { n: randomToken(16), s: now, ...(next ? { nx: next } : {}) };
}

/** The account awaiting its second factor on `channel`, while the time limit holds. */
export function pendingSecondFactor(
  flow: FlowState,
  channel: SignInChannel,
  now: number,
  timeoutMs = SECOND_FACTOR_TIMEOUT_MS,
):
  | { readonly kind: 'none' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'ok'; readonly accountId: number } {
  if (flow.ma === undefined || flow.mt === undefined || flow.mc !== channel) return { kind: 'none' };
  if (now - flow.mt > timeoutMs) return { kind: 'expired' };
  return { kind: 'ok', accountId: flow.ma };
}

/** The flow with `accountId`'s password accepted on `channel` at `now`, awaiting the second factor. */
export function awaitingSecondFactor(
  flow: FlowState,
  channel: SignInChannel,
  accountId: number,
  now: number,
): FlowState {
  return { ...flow, ma: accountId, mt: now, mc: channel };
}

/** The flow without any pending second factor. */
export function withoutSecondFactor(flow: FlowState): FlowState {
  const { ma: _ma, mt: _mt, mc: _mc, ...rest } = flow;
  return rest;
}

export function encodeFlow(keyring: Keyring, flow: FlowState): string {
  return keyring.sign('cookie-signing', `flow:${Buffer.from(JSON.stringify(flow)).toString('base64url')}`);
}

export type FlowRead =
  | { readonly kind: 'ok'; readonly flow: FlowState }
  | { readonly kind: 'missing' }
  | { readonly kind: 'expired' };

/** Reads the flow cookie; a forged, malformed or old cookie counts as missing or expired. */
export function decodeFlow(
  keyring: Keyring,
  cookie: string | undefined,
  now: number,
  timeoutS: number,
): FlowRead {
  if (!cookie) return { kind: 'missing' };
  const value = keyring.unsign('cookie-signing', cookie);
  if (!value?.startsWith('flow:')) return { kind: 'missing' };
  try {
    const parsed = FlowSchema.safeParse(
      JSON.parse(Buffer.from(value.slice(5), 'base64url').toString('utf8')),
    );
    if (!parsed.success) return { kind: 'missing' };
    if (now - parsed.data.s > timeoutS * 1000) return { kind: 'expired' };
    return { kind: 'ok', flow: parsed.data };
  } catch {
    return { kind: 'missing' };
  }
}
