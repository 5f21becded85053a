import { z } from 'zod';
import { type Keyring, randomToken } from '../crypto/index.ts';
import type { TokenPurpose } from '../accounts/index.ts';
import type { Kv } from '../store/index.ts';
import type { Clock } from '../clock.ts';

/** The activation (or reset) in progress: a signed, HttpOnly cookie names it; the rest stays server-side. */
export const ACTIVATION_COOKIE = 'dwaar_act';
/** An officer has this long, from opening the link, to finish every step. */
export const ACTIVATION_TTL_MS = 30 * 60_000;

type StateDeps = { readonly keyring: Keyring; readonly kv: Kv; readonly clock: Clock };

/** What the steps have gathered so far. Secrets in it are sealed; nothing is committed until the end. */
export interface ActivationState {
  readonly accountId: number;
  readonly purpose: TokenPurpose;
  readonly issuedAt: number;
  /** The confidentiality document accepted (already recorded). */
  readonly ack?: { readonly documentId: number; readonly version: number };
  /** argon2id hash of the chosen password. */
  readonly passwordHash?: string;
  /** The TOTP secret being enrolled, sealed; `totpConfirmed` once the officer has entered a good code. */
  readonly totpSealed?: string;
  readonly totpConfirmed?: boolean;
  /** The recovery codes on show, sealed, so a reload shows the same ones until the officer confirms. */
  readonly recoverySealed?: string;
}

const StateSchema = z.object({
  accountId: z.number().int().positive(),
  purpose: z.enum(['activation', 'reset']),
  issuedAt: z.number().int(),
  ack: z.object({ documentId: z.number().int(), version: z.number().int() }).optional(),
  passwordHash: z.string().optional(),
  totpSealed: z.string().optional(),
  totpConfirmed: z.boolean().optional(),
  recoverySealed: z.string().optional(),
});

const CookieSchema = z.object({
  k: z.string().min(16).max(64),
  a: z.number().int().positive(),
  p: z.enum(['activation', 'reset']),
  t: z.number().int(),
});

export type ActivationRead =
  | { readonly kind: 'ok'; readonly key: string; readonly state: ActivationState }
  | { readonly kind: 'missing' }
  | { readonly kind: 'expired' };

const kvKey = (key: string) => `activation:${key}`;

function parseState(stored: string): ActivationState | undefined {
  try {
    const state = StateSchema.safeParse(JSON.parse(stored));
    return state.success ? state.data : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the server-side state for a redeemed link and returns the signed cookie value that names it. */
export async function startActivation(
  d: StateDeps,
  input: { accountId: number; purpose: TokenPurpose },
): Promise<string> {
  const key = randomToken(18);
  const issuedAt = d.clock.now();
  const state: ActivationState = { accountId: input.accountId, purpose: input.purpose, issuedAt };
  await d.kv.set(kvKey(key), JSON.stringify(state), ACTIVATION_TTL_MS);
  const cookie = { k: key, a: input.accountId, p: input.purpose, t: issuedAt };
  return d.keyring.sign('cookie-signing', `act:${Buffer.from(JSON.stringify(cookie)).toString('base64url')}`);
}

/** Reads the cookie and its state; a forged, old or orphaned cookie reads as missing or expired. */
export async function readActivation(d: StateDeps, cookie: string | undefined): Promise<ActivationRead> {
  if (!cookie || cookie.length > 500) return { kind: 'missing' };
  const value = d.keyring.unsign('cookie-signing', cookie);
  if (!value?.startsWith('act:')) return { kind: 'missing' };
  let parsed: z.infer<typeof CookieSchema>;
  try {
    const result = CookieSchema.safeParse(JSON.parse(Buffer.from(value.slice(4), 'base64url').toString()));
    if (!result.success) return { kind: 'missing' };
    parsed = result.data;
  } catch {
    return { kind: 'missing' };
  }
  if (d.clock.now() - parsed.t > ACTIVATION_TTL_MS) return { kind: 'expired' };
  const stored = await d.kv.get(kvKey(parsed.k));
  if (stored === undefined) return { kind: 'expired' };
  const state = parseState(stored);
  if (!state || state.accountId !== parsed.a || state.purpose !== parsed.p) return { kind: 'missing' };
  return { kind: 'ok', key: parsed.k, state };
}

/** Saves a step's result, keeping the original deadline. */
export async function saveActivation(d: StateDeps, key: string, state: ActivationState): Promise<void> {
  const left = state.issuedAt + ACTIVATION_TTL_MS - d.clock.now();
  if (left <= 0) return;
  await d.kv.set(kvKey(key), JSON.stringify(state), left);
}

export async function endActivation(d: StateDeps, key: string): Promise<void> {
  await d.kv.del(kvKey(key));
}

/** The first activation step not yet done, as a path; reset has one step. */
export function nextActivationStep(state: ActivationState): string {
  if (state.purpose === 'reset') return '/reset/password';
  if (!state.ack) return '/activate/confidentiality';
  if (!state.passwordHash) return '/activate/password';
  if (!state.totpConfirmed) return '/activate/totp';
  return '/activate/done';
}
