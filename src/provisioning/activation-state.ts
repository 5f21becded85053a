import { z } from 'zod';
import { type Keyring, randomToken } from '../crypto/index.ts';
import type { TokenPurpose } from '../accounts/index.ts';
import type { Store } from '../store/index.ts';
import type { Clock } from '../clock.ts';
import {
  ensureProgress,
  findLinkToken,
  findProgress,
  updateProgress,
  type LinkTokenRow,
  type ProgressRow,
} from './progress-repository.ts';

/** The activation (or reset) in progress in this browser: a signed, HttpOnly cookie names its link. */
export const ACTIVATION_COOKIE = 'dwaar_act';
/**
 * One opening of the link lasts this long in a browser. The progress itself lasts as long as the link:
 * opening the link again resumes at the first unfinished step (issue 8 item 2).
 */
export const ACTIVATION_TTL_MS = 30 * 60_000;

type StateDeps = { readonly keyring: Keyring; readonly store: Store; readonly clock: Clock };

/** What the steps have gathered so far, saved server-side per link. Secrets in it are sealed. */
export interface ActivationState {
  readonly accountId: number;
  readonly purpose: TokenPurpose;
  /** The link (account token row) this activation belongs to; it is spent only when the steps complete. */
  readonly tokenId: number;
  /** When this browser opened the link. */
  readonly issuedAt: number;
  /** The confidentiality document accepted (already recorded). */
  readonly ack?: { readonly documentId: number; readonly version: number };
  /** argon2id hash of the chosen password. */
  readonly passwordHash?: string;
  /** The TOTP secret being enrolled, sealed; `totpConfirmed` once the officer has entered a good code. */
  readonly totpSealed?: string;
  readonly totpConfirmed?: boolean;
  /** The recovery codes on show, sealed, so a reload (or a later opening) shows the same ones. */
  readonly recoverySealed?: string;
}

const CookieSchema = z.object({
  k: z.string().min(16).max(64),
  i: z.number().int().positive(),
  a: z.number().int().positive(),
  p: z.enum(['activation', 'reset']),
  t: z.number().int(),
});

export type ActivationRead =
  | { readonly kind: 'ok'; readonly key: string; readonly state: ActivationState }
  | { readonly kind: 'missing' }
  | { readonly kind: 'expired' };

/** A link that can still be used: not spent, not superseded by a re-send, not past its lifetime. */
export function linkUsable(row: LinkTokenRow, now: number): boolean {
  return row.used_at === null && row.superseded_at === null && row.expires_at > now;
}

function stateOf(row: ProgressRow, base: Pick<ActivationState, 'purpose' | 'issuedAt'>): ActivationState {
  return {
    accountId: row.account_id,
    tokenId: row.token_id,
    ...base,
    ...(row.ack_document_id !== null && row.ack_version !== null
      ? { ack: { documentId: row.ack_document_id, version: row.ack_version } }
      : {}),
    ...(row.password_hash === null ? {} : { passwordHash: row.password_hash }),
    ...(row.totp_sealed === null ? {} : { totpSealed: row.totp_sealed }),
    ...(row.totp_confirmed === 1 ? { totpConfirmed: true } : {}),
    ...(row.recovery_sealed === null ? {} : { recoverySealed: row.recovery_sealed }),
  };
}

/** What is saved for a link so far (nothing when it was never started), for the link's first page. */
export async function progressOf(
  d: StateDeps,
  input: { tokenId: number; purpose: TokenPurpose },
): Promise<ActivationState | undefined> {
  const row = await findProgress(d.store.db, input.tokenId);
  return row && stateOf(row, { purpose: input.purpose, issuedAt: d.clock.now() });
}

/**
 * Starts (or resumes) the link's activation in this browser: its progress row exists from now on, and the
 * returned signed cookie value names it. The link itself is not spent.
 */
export async function startActivation(
  d: StateDeps,
  input: { tokenId: number; accountId: number; purpose: TokenPurpose },
): Promise<string> {
  const issuedAt = d.clock.now();
  await ensureProgress(d.store.db, { tokenId: input.tokenId, accountId: input.accountId, now: issuedAt });
  // A random key per opening: the CSRF tokens of the steps are bound to it.
  const cookie = { k: randomToken(18), i: input.tokenId, a: input.accountId, p: input.purpose, t: issuedAt };
  return d.keyring.sign('cookie-signing', `act:${Buffer.from(JSON.stringify(cookie)).toString('base64url')}`);
}

/**
 * Reads the cookie and its link's progress. A forged or malformed cookie reads as missing; an old one, or
 * one whose link has meanwhile been spent, superseded or has expired, as expired.
 */
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
  const now = d.clock.now();
  if (now - parsed.t > ACTIVATION_TTL_MS) return { kind: 'expired' };
  const link = await findLinkToken(d.store.db, { id: parsed.i }, parsed.p);
  if (!link || link.account_id !== parsed.a || !linkUsable(link, now)) return { kind: 'expired' };
  const row = await findProgress(d.store.db, parsed.i);
  if (!row || row.account_id !== parsed.a) return { kind: 'expired' };
  return { kind: 'ok', key: parsed.k, state: stateOf(row, { purpose: parsed.p, issuedAt: parsed.t }) };
}

/**
 * Saves a step's result for the link and returns the state as stored: a sealed secret already saved (by
 * another tab) wins over a new one.
 */
export async function saveActivation(d: StateDeps, state: ActivationState): Promise<ActivationState> {
  await updateProgress(
    d.store.db,
    state.tokenId,
    {
      ...(state.ack ? { ackDocumentId: state.ack.documentId, ackVersion: state.ack.version } : {}),
      ...(state.passwordHash === undefined ? {} : { passwordHash: state.passwordHash }),
      ...(state.totpSealed === undefined ? {} : { totpSealed: state.totpSealed }),
      ...(state.totpConfirmed === undefined ? {} : { totpConfirmed: state.totpConfirmed }),
      ...(state.recoverySealed === undefined ? {} : { recoverySealed: state.recoverySealed }),
    },
    d.clock.now(),
  );
  const row = await findProgress(d.store.db, state.tokenId);
  return row ? stateOf(row, state) : state;
}

/** The first activation step not yet done, as a path; reset has one step. */
export function nextActivationStep(state: ActivationState): string {
  if (state.purpose === 'reset') return '/reset/password';
  if (!state.ack) return '/activate/confidentiality';
  if (!state.passwordHash) return '/activate/password';
  if (!state.totpConfirmed) return '/activate/totp';
  return '/activate/done';
}
