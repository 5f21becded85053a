import type { Transaction } from 'kysely';
import { randomToken, sha256 } from '../crypto/index.ts';
import type { Database } from '../store/index.ts';

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
  await trx
    .updateTable('account_tokens')
    .set({ superseded_at: input.now })
    .where('account_id', '=', input.accountId)
    .where('purpose', '=', input.purpose)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .execute();
  const token = randomToken(32);
  await trx
    .insertInto('account_tokens')
    .values({
      account_id: input.accountId,
      purpose: input.purpose,
      token_hash: sha256(token),
      created_at: input.now,
      expires_at: input.now + (input.ttlMs ?? TOKEN_TTL_MS),
      used_at: null,
      superseded_at: null,
    })
    .execute();
  return token;
}

export type TokenCheck =
  | { readonly ok: true; readonly tokenId: number; readonly accountId: number }
  | { readonly ok: false; readonly reason: 'unknown' | 'used' | 'superseded' | 'expired' };

/**
 * Redeems a token once: marks it used and returns its account, or says exactly why it cannot be used.
 * A failed redemption changes nothing.
 */
export async function redeemAccountToken(
  trx: Transaction<Database>,
  input: { token: string; purpose: TokenPurpose; now: number },
): Promise<TokenCheck> {
  if (input.token.length < 20 || input.token.length > 100) return { ok: false, reason: 'unknown' };
  const row = await trx
    .selectFrom('account_tokens')
    .selectAll()
    .where('token_hash', '=', sha256(input.token))
    .where('purpose', '=', input.purpose)
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.used_at !== null) return { ok: false, reason: 'used' };
  if (row.superseded_at !== null) return { ok: false, reason: 'superseded' };
  if (row.expires_at <= input.now) return { ok: false, reason: 'expired' };
  // The guard on used_at makes two concurrent redemptions of one token succeed at most once.
  const res = await trx
    .updateTable('account_tokens')
    .set({ used_at: input.now })
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (res.numUpdatedRows === 0n) return { ok: false, reason: 'used' };
  return { ok: true, tokenId: row.id, accountId: row.account_id };
}
