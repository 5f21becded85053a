import { randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sha256 } from '../crypto/index.ts';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 alphabet in lower case: no i, l, o or u to misread. Ten characters = 50 bits. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 10;
const CODE_PATTERN = /^[0-9abcdefghjkmnpqrstvwxyz]{10}$/;

/** Ten random one-time codes, shown as `xxxx-xxxx-xx`. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let raw = '';
    for (let i = 0; i < CODE_LENGTH; i++) raw += ALPHABET.charAt(randomInt(ALPHABET.length));
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  });
}

/** What the officer typed, reduced to the code's ten characters (case, spaces, dashes and look-alikes forgiven). */
export function normaliseRecoveryCode(typed: string): string | undefined {
  const code = typed.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return CODE_PATTERN.test(code) ? code : undefined;
}

/** Only the SHA-256 of a code is stored: each carries 50 random bits and tries count towards the lockout. */
export function hashRecoveryCode(code: string): string | undefined {
  const normalised = normaliseRecoveryCode(code);
  return normalised === undefined ? undefined : sha256(`dwaar-recovery:${normalised}`);
}

/** Replaces an account's recovery codes with new ones (by hash), in the caller's transaction. */
export async function replaceRecoveryCodes(
  trx: Transaction<Database>,
  accountId: number,
  codes: readonly string[],
): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  const rows = codes.flatMap((code) => {
    const hash = hashRecoveryCode(code);
    return hash === undefined ? [] : [{ account_id: accountId, code_hash: hash, used_at: null }];
  });
  if (rows.length !== codes.length) throw new Error('a generated recovery code is malformed');
  if (rows.length > 0) await trx.insertInto('recovery_codes').values(rows).execute();
}

export type RecoveryUse = { readonly ok: true; readonly remaining: number } | { readonly ok: false };

/** Uses one recovery code: it works once; a second use, or an unknown code, fails. */
export async function useRecoveryCode(
  trx: Transaction<Database>,
  input: { accountId: number; code: string; now: number },
): Promise<RecoveryUse> {
  const hash = hashRecoveryCode(input.code);
  if (hash === undefined) return { ok: false };
  const res = await trx
    .updateTable('recovery_codes')
    .set({ used_at: input.now })
    .where('account_id', '=', input.accountId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (res.numUpdatedRows === 0n) return { ok: false };
  return { ok: true, remaining: await countUnusedRecoveryCodes(trx, input.accountId) };
}

export async function countUnusedRecoveryCodes(db: Db, accountId: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
