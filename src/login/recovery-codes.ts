import { randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sha256 } from '../crypto/index.ts';
import type { Database } from '../store/index.ts';
import {
  countUnusedRecoveryCodes,
  lastRecoveryCodeUse,
  replaceRecoveryCodeHashes,
  useRecoveryCodeHash,
} from './repository.ts';

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
  const hashes = codes.flatMap((code) => hashRecoveryCode(code) ?? []);
  if (hashes.length !== codes.length) throw new Error('a generated recovery code is malformed');
  await replaceRecoveryCodeHashes(trx, accountId, hashes);
}

export type RecoveryUse = { readonly ok: true; readonly remaining: number } | { readonly ok: false };

/** Uses one recovery code: it works once; a second use, or an unknown code, fails. */
export async function useRecoveryCode(
  trx: Transaction<Database>,
  input: { accountId: number; code: string; now: number },
): Promise<RecoveryUse> {
  const hash = hashRecoveryCode(input.code);
  if (hash === undefined) return { ok: false };
  if (!(await useRecoveryCodeHash(trx, { accountId: input.accountId, hash, now: input.now })))
    return { ok: false };
  return { ok: true, remaining: await countUnusedRecoveryCodes(trx, input.accountId) };
}

/** How many recovery codes an account has left, and when it last used one (issue 8 item 4: the webtop). */
export async function recoveryCodesLeft(
  db: Kysely<Database>,
  accountId: number,
): Promise<{ remaining: number; lastUsedAt: number | undefined }> {
  return {
    remaining: await countUnusedRecoveryCodes(db, accountId),
    lastUsedAt: await lastRecoveryCodeUse(db, accountId),
  };
}
