import type { Transaction } from 'kysely';
import { randomToken, sha256 } from '../crypto/index.ts';
import type { Database } from '../store/index.ts';
import { findToken, insertToken, markTokenUsed, supersedeUnusedTokens } from './token-repository.ts';

export type TokenPurpose = 'activation' | 'reset';

/** Default life of an activation or reset link. */
export const TOKEN_TTL_MS = 72 * 60 * 60_000;

/**
 * Issues a one-time token for an account. Only its SHA-256 is stored. Any earlier unused token of the same
 * purpose is superseded, so a re-send invalidates the previous link. Returns the raw token for the link.
 */
export async function issueAccountToken(
  trx: Transaction<Database>,
  input: { accountId: number; purpose: TokenPurpose; now: number; ttlMs?: number },
): Promise<string> {
  const { accountId, purpose, now } = input;
  await supersedeUnusedTokens(trx, { accountId, purpose, now });
  const token = randomToken(32);
  const expiresAt = now + (input.ttlMs ?? TOKEN_TTL_MS);
  await insertToken(trx, { accountId, purpose, tokenHash: sha256(token), now, expiresAt });
  return token;
}

/** Why a token cannot be redeemed, as codes of the error table. */
export type TokenRefusal = 'LINK_UNKNOWN' | 'LINK_USED' | 'LINK_SUPERSEDED' | 'LINK_EXPIRED';

export type TokenCheck =
  | { readonly ok: true; readonly tokenId: number; readonly accountId: number }
  | { readonly ok: false; readonly code: TokenRefusal };

/**
 * Redeems a token once: marks it used and returns its account, or says exactly why it cannot be used.
 * A failed redemption changes nothing.
 */
export async function redeemAccountToken(
  trx: Transaction<Database>,
  input: { token: string; purpose: TokenPurpose; now: number },
): Promise<TokenCheck> {
  const refused = (code: TokenRefusal) => ({ ok: false, code }) as const;
  if (input.token.length < 20 || input.token.length > 100) return refused('LINK_UNKNOWN');
  const row = await findToken(trx, sha256(input.token), input.purpose);
  if (!row) return refused('LINK_UNKNOWN');
  if (row.used_at !== null) return refused('LINK_USED');
  if (row.superseded_at !== null) return refused('LINK_SUPERSEDED');
  if (row.expires_at <= input.now) return refused('LINK_EXPIRED');
  if (!(await markTokenUsed(trx, row.id, input.now))) return refused('LINK_USED');
  return { ok: true, tokenId: row.id, accountId: row.account_id };
}
