import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import type { Database, Kv } from '../store/index.ts';
import { generateRecoveryCodes, replaceRecoveryCodes } from './recovery-codes.ts';
import { storeTotpSecret } from './repository.ts';
import { generateTotpSecret, groupSecret, matchTotpStep, renderTotpQr, TOTP_PERIOD_S } from './totp.ts';

/**
 * A second factor being enrolled: the secret made once and kept sealed, whether a code from the app has
 * confirmed it, and the recovery codes on show (sealed, so a reload shows the same ten). Officers enrol
 * during activation; staff on their first console sign-in. Nothing is stored on the account until the end.
 */
export interface EnrolmentState {
  readonly totpSealed?: string;
  readonly totpConfirmed?: boolean;
  readonly recoverySealed?: string;
}

export const EnrolmentStateSchema = z.object({
  totpSealed: z.string().optional(),
  totpConfirmed: z.boolean().optional(),
  recoverySealed: z.string().optional(),
});

const Codes = z.array(z.string().max(20)).min(1).max(20);

/** What the enrolment page shows: the QR code and the key in groups of four for typing by hand. */
export interface TotpSetup {
  readonly qrDataUrl: string;
  readonly groupedSecret: string;
}

/** The pending secret (made on first call) and the page's QR code; returns the state to save. */
export async function enrolmentSetup(
  keyring: Keyring,
  state: EnrolmentState,
  userId: string,
): Promise<{ setup: TotpSetup; state: EnrolmentState }> {
  const secret = state.totpSealed ? keyring.open('totp-encryption', state.totpSealed) : generateTotpSecret();
  const next = state.totpSealed ? state : { ...state, totpSealed: keyring.seal('totp-encryption', secret) };
  return {
    setup: { qrDataUrl: await renderTotpQr(secret, userId), groupedSecret: groupSecret(secret) },
    state: next,
  };
}

export type TotpConfirmation =
  | { readonly ok: true; readonly state: EnrolmentState }
  | { readonly ok: false; readonly problem: 'required' | 'wrong' | 'no_secret' };

/**
 * Confirms the app with a code from it. The code's time step is spent, so the code shown while enrolling
 * cannot be used again to sign in.
 */
export async function confirmTotp(
  d: { keyring: Keyring; kv: Kv; clock: Clock },
  accountId: number,
  state: EnrolmentState,
  typed: string,
): Promise<TotpConfirmation> {
  if (!state.totpSealed) return { ok: false, problem: 'no_secret' };
  const code = typed.trim();
  if (code === '') return { ok: false, problem: 'required' };
  const step = matchTotpStep(d.keyring.open('totp-encryption', state.totpSealed), code, d.clock.now());
  if (step === undefined) return { ok: false, problem: 'wrong' };
  await d.kv.set(`totp-used:${accountId}:${step}`, '1', 4 * TOTP_PERIOD_S * 1000);
  return { ok: true, state: { ...state, totpConfirmed: true } };
}

/** The recovery codes on show (made on first call); returns the state to save. */
export function enrolmentCodes(
  keyring: Keyring,
  state: EnrolmentState,
): { codes: readonly string[]; state: EnrolmentState } {
  if (state.recoverySealed) {
    const codes = Codes.safeParse(JSON.parse(keyring.open('totp-encryption', state.recoverySealed)));
    if (codes.success) return { codes: codes.data, state };
  }
  const codes = generateRecoveryCodes();
  return {
    codes,
    state: { ...state, recoverySealed: keyring.seal('totp-encryption', JSON.stringify(codes)) },
  };
}

/**
 * Stores the enrolled second factor on the account, in the caller's transaction: the sealed secret, the
 * recovery codes (hashes only) and the audit record.
 */
export async function storeSecondFactor(
  trx: Transaction<Database>,
  audit: AuditLog,
  input: {
    accountId: number;
    userId: string;
    totpSealed: string;
    codes: readonly string[];
    ip: string;
    now: number;
  },
): Promise<void> {
  await storeTotpSecret(trx, input.accountId, input.totpSealed, input.now);
  await replaceRecoveryCodes(trx, input.accountId, input.codes);
  await audit.append(
    {
      type: 'account.totp_enrolled',
      actor: input.userId,
      target: input.userId,
      ip: input.ip,
      detail: { recovery_codes: input.codes.length },
    },
    trx,
  );
}
