import { z } from 'zod';
import type { Translate } from '../i18n/index.ts';
import type { PasswordHasher } from '../login/index.ts';
import type { PasswordErrors } from './activation-pages.ts';
import type { ActivationAccount } from './activation-service.ts';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  checkNewPassword,
  type ConfirmProblem,
  type PasswordProblem,
} from './password-policy.ts';

const PasswordForm = z.object({
  password: z.string().max(4096).default(''),
  confirm: z.string().max(4096).default(''),
});

function passwordMessage(t: Translate, problem: PasswordProblem, part = ''): string {
  switch (problem) {
    case 'required':
      return t('provisioning.errPasswordRequired');
    case 'too_short':
      return t('provisioning.errPasswordShort', { min: PASSWORD_MIN_LENGTH });
    case 'too_long':
      return t('provisioning.errPasswordLong', { max: PASSWORD_MAX_LENGTH });
    case 'common':
      return t('provisioning.errPasswordCommon');
    case 'contains_user_id':
      return t('provisioning.errPasswordUserId', { part });
    case 'contains_employee_no':
      return t('provisioning.errPasswordEmployeeNo', { part });
    case 'contains_name':
      return t('provisioning.errPasswordName', { part });
  }
}

function confirmMessage(t: Translate, problem: ConfirmProblem): string {
  return problem === 'required' ? t('provisioning.errConfirmRequired') : t('provisioning.errConfirmMismatch');
}

export type ChosenPassword =
  { readonly ok: true; readonly hash: string } | { readonly ok: false; readonly errors: PasswordErrors };

/**
 * Reads the new-password form, checks it against the policy and, when it passes, hashes it (argon2id).
 * The password itself goes nowhere else: not into errors, logs, or the page.
 */
export async function choosePassword(
  body: unknown,
  account: ActivationAccount,
  passwords: PasswordHasher,
  t: Translate,
): Promise<ChosenPassword> {
  const form = PasswordForm.safeParse(body ?? {});
  if (!form.success) return { ok: false, errors: { password: passwordMessage(t, 'too_long') } };
  const check = checkNewPassword({
    password: form.data.password,
    confirm: form.data.confirm,
    userId: account.userId,
    ...(account.employeeNo === undefined ? {} : { employeeNo: account.employeeNo }),
    names: account.names,
  });
  if (!check.ok) {
    return {
      ok: false,
      errors: {
        password: check.password && passwordMessage(t, check.password, check.matched),
        confirm: check.confirm && confirmMessage(t, check.confirm),
      },
    };
  }
  return { ok: true, hash: await passwords.hash(form.data.password) };
}
