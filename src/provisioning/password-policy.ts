import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem =
  | 'required'
  | 'too_short'
  | 'too_long'
  | 'common'
  | 'contains_user_id'
  | 'contains_employee_no'
  | 'contains_name';
export type ConfirmProblem = 'required' | 'mismatch';

export type PasswordCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly password: PasswordProblem | undefined;
      /** For a password that contains the user ID, employee number or a name: the part found, as stored. */
      readonly matched?: string;
      readonly confirm: ConfirmProblem | undefined;
    };

export interface NewPassword {
  password: string;
  confirm: string;
  userId: string;
  /** The officer's employee number, when the account has a directory record. */
  employeeNo?: string;
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

/**
 * Shorter employee numbers are not refused inside a password: a two- or three-character number would
 * refuse many good passwords and protects nothing.
 */
const MIN_EMPLOYEE_NO_LENGTH = 4;

type Found = { readonly problem: PasswordProblem; readonly matched?: string };

/**
 * The identifiers a password must not contain: the whole user ID and the whole employee number. Not the
 * user ID's segments: the district name is one of them (`lucknow.upct10001`), and refusing every password
 * that mentions the officer's district refused strong passphrases (issue 8 item 3).
 */
function containedIdentifier(input: NewPassword, lower: string): Found | undefined {
  const userId = input.userId.trim();
  if (userId !== '' && lower.includes(userId.toLowerCase()))
    return { problem: 'contains_user_id', matched: userId };
  const employeeNo = input.employeeNo?.trim() ?? '';
  if (employeeNo.length >= MIN_EMPLOYEE_NO_LENGTH && lower.includes(employeeNo.toLowerCase()))
    return { problem: 'contains_employee_no', matched: employeeNo };
  return undefined;
}

function checkPasswordItself(input: NewPassword): Found | undefined {
  const found = (problem: PasswordProblem): Found => ({ problem });
  // Characters as people count them: code points, not UTF-16 units.
  const length = Array.from(input.password).length;
  if (length === 0) return found('required');
  if (length < PASSWORD_MIN_LENGTH) return found('too_short');
  if (length > PASSWORD_MAX_LENGTH) return found('too_long');
  if (isCommonPassword(input.password)) return found('common');
  const lower = input.password.toLowerCase();
  const identifier = containedIdentifier(input, lower);
  if (identifier) return identifier;
  const name = nameParts(input.names).find((part) => lower.includes(part));
  if (name !== undefined) return { problem: 'contains_name', matched: name };
  return undefined;
}

/** Checks a new password against the policy, and its confirmation against it. */
export function checkNewPassword(input: NewPassword): PasswordCheck {
  const found = checkPasswordItself(input);
  const password = found?.problem;
  let confirm: ConfirmProblem | undefined;
  if (input.confirm === '') confirm = password === 'required' ? undefined : 'required';
  else if (input.confirm !== input.password) confirm = 'mismatch';
  if (password === undefined && confirm === undefined) return { ok: true };
  return {
    ok: false,
    password,
    ...(found?.matched === undefined ? {} : { matched: found.matched }),
    confirm,
  };
}
