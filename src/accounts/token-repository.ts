import type { Selectable, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { TokenPurpose } from './account-tokens.ts';
import type { AccountTokenTable } from './table.ts';

type Trx = Transaction<Database>;
export type AccountTokenRow = Selectable<AccountTokenTable>;

/** Marks every unused, live token of the account superseded: of one purpose, or of both when none is named. */
export async function supersedeUnusedTokens(
  trx: Trx,
  input: { accountId: number; now: number; purpose?: TokenPurpose },
): Promise<void> {
  let q = trx
    .updateTable('account_tokens')
    .set({ superseded_at: input.now })
    .where('account_id', '=', input.accountId)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null);
  if (input.purpose) q = q.where('purpose', '=', input.purpose);
  await q.execute();
}

export async function insertToken(
  trx: Trx,
  token: { accountId: number; purpose: TokenPurpose; tokenHash: string; now: number; expiresAt: number },
): Promise<void> {
  await trx
    .insertInto('account_tokens')
    .values({
      account_id: token.accountId,
      purpose: token.purpose,
      token_hash: token.tokenHash,
      created_at: token.now,
      expires_at: token.expiresAt,
      used_at: null,
      superseded_at: null,
    })
    .execute();
}

export function findToken(
  trx: Trx,
  tokenHash: string,
  purpose: TokenPurpose,
): Promise<AccountTokenRow | undefined> {
  return trx
    .selectFrom('account_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/**
 * Marks a token used, guarded on it being unused, so two concurrent redemptions of one token succeed at
 * most once. False when it was already used.
 */
export async function markTokenUsed(trx: Trx, tokenId: number, now: number): Promise<boolean> {
  const res = await trx
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}
