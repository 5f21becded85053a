import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem =
  'required' | 'too_short' | 'too_long' | 'common' | 'contains_user_id' | 'contains_name';
export type ConfirmProblem = 'required' | 'mismatch';

export type PasswordCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly password: PasswordProblem | undefined;
      readonly confirm: ConfirmProblem | undefined;
    };

export interface NewPassword {
  password: string;
  confirm: string;
  userId: string;
  /** The officer's names (English display name, directory name); split into parts here. */
  names: readonly string[];
}

let commonPasswords: ReadonlySet<string> | undefined;

/** The bundled list of common and guessable passwords, read once, lower-case. */
function loadCommonPasswords(): ReadonlySet<string> {
  if (!commonPasswords) {
    const text = readFileSync(join(import.meta.dirname, 'data', 'common-passwords.txt'), 'utf8');
    commonPasswords = new Set(
      text
        .split('\n')
        .map((line) => line.trim().toLowerCase())
        .filter((line) => line !== '' && !line.startsWith('#')),
    );
  }
  return commonPasswords;
}

/**
 * True when the password is on the common list, compared case-insensitively, as typed and with any trailing
 * digits and symbols removed (so `Welcome@2026` counts as `welcome`).
 */
export function isCommonPassword(password: string): boolean {
  const list = loadCommonPasswords();
  const lower = password.toLowerCase();
  const stem = lower.replace(/[^\p{L}]+$/u, '');
  return list.has(lower) || (stem !== '' && list.has(stem));
}

/** Name parts worth refusing inside a password: words of three letters or more. */
function nameParts(names: readonly string[]): string[] {
  return names.flatMap((n) => n.toLowerCase().split(/[^\p{L}]+/u)).filter((part) => part.length >= 3);
}

/** The user ID itself and its longer segments (`lucknow.upct10001` → `lucknow`, `upct10001`). */
function userIdParts(userId: string): string[] {
  const id = userId.trim().toLowerCase();
  if (id === '') return [];
  return [id, ...id.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length >= 4)];
}

function checkPasswordItself(input: NewPassword): PasswordProblem | undefined {
  // Characters as people count them: code points, not UTF-16 units.
  const length = Array.from(input.password).length;
  if (length === 0) return 'required';
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (isCommonPassword(input.password)) return 'common';
  const lower = input.password.toLowerCase();
  if (userIdParts(input.userId).some((part) => lower.includes(part))) return 'contains_user_id';
  if (nameParts(input.names).some((part) => lower.includes(part))) return 'contains_name';
  return undefined;
}

/** Checks a new password against the policy, and its confirmation against it. */
export function checkNewPassword(input: NewPassword): PasswordCheck {
  const password = checkPasswordItself(input);
  let confirm: ConfirmProblem | undefined;
  if (input.confirm === '') confirm = password === 'required' ? undefined : 'required';
  else if (input.confirm !== input.password) confirm = 'mismatch';
  if (password === undefined && confirm === undefined) return { ok: true };
  return { ok: false, password, confirm };
}
