import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNewPassword, isCommonPassword } from './password-policy.ts';

const officer = { userId: 'lucknow.upct10003', employeeNo: 'UPCT10003', names: ['Ramesh Chandra Verma'] };
const check = (password: string, confirm = password) => checkNewPassword({ ...officer, password, confirm });

describe('password policy', () => {
  it('accepts a long passphrase confirmed the same', () => {
    expect(check('mango monsoon ledger 47')).toEqual({ ok: true });
  });

  it('refuses a password under 12 characters and one over 128', () => {
    expect(check('Sh0rt&Sweet')).toMatchObject({ ok: false, password: 'too_short' });
    expect(check('x'.repeat(129))).toMatchObject({ ok: false, password: 'too_long' });
    expect(check(`${'mango '.repeat(21)}ab`)).toEqual({ ok: true });
  });

  it('counts characters, not bytes: twelve Devanagari letters are long enough', () => {
    expect(check('नमस्तेभारतवर्षकेलोगों')).toEqual({ ok: true });
  });

  it('refuses common passwords, case-insensitively and after trailing digits and symbols', () => {
    for (const pw of [
      'Password@123',
      'password@1234',
      'Welcome@2026!',
      'INDIA@123456',
      'commercialtax',
      'Gst@123456789',
      'CommercialTax@2025',
    ]) {
      expect(check(pw), pw).toMatchObject({ ok: false, password: 'common' });
    }
    expect(check('Password@123')).toMatchObject({ password: 'common' });
    expect(isCommonPassword('Vanijyakar#2024')).toBe(true);
    expect(isCommonPassword('lucknow@786')).toBe(true);
    expect(isCommonPassword('mango monsoon ledger')).toBe(false);
  });

  it('refuses a password containing the whole user ID, case-insensitively, and names it', () => {
    expect(check('my-lucknow.upct10003-pass')).toEqual({
      ok: false,
      password: 'contains_user_id',
      matched: 'lucknow.upct10003',
      confirm: undefined,
    });
    expect(check('my LUCKNOW.UPCT10003 kite')).toMatchObject({
      password: 'contains_user_id',
      matched: 'lucknow.upct10003',
    });
  });

  it('refuses a password containing the employee number, case-insensitively, and names it', () => {
    expect(check('zz upct10003 zz kite')).toEqual({
      ok: false,
      password: 'contains_employee_no',
      matched: 'UPCT10003',
      confirm: undefined,
    });
    // Without a directory record there is no employee number to refuse.
    expect(
      checkNewPassword({
        ...officer,
        employeeNo: undefined,
        password: 'zz upct10003 zz kite',
        confirm: 'zz upct10003 zz kite',
      }),
    ).toEqual({ ok: true });
  });

  it('accepts a strong password that contains only a part of the user ID, such as the district', () => {
    // issue 8 item 3: the district is part of the ID; "lucknow" alone says nothing about the account.
    expect(check('Lucknow monsoon ledger 47')).toEqual({ ok: true });
    expect(check('lucknow.upct1000 kite river')).toEqual({ ok: true });
    expect(
      checkNewPassword({
        userId: 'kanpur-nagar.upct20001',
        employeeNo: 'UPCT20001',
        names: ['Anita Rao'],
        password: 'kanpur-nagar kite ledger 9',
        confirm: 'kanpur-nagar kite ledger 9',
      }),
    ).toEqual({ ok: true });
  });

  it('does not refuse an employee number too short to mean anything', () => {
    const short = { userId: 'hq.admin7', employeeNo: '17', names: [] };
    expect(
      checkNewPassword({ ...short, password: 'kite 17 ledger river', confirm: 'kite 17 ledger river' }),
    ).toEqual({ ok: true });
  });

  it('refuses a password containing a part of the officer’s name', () => {
    expect(check('verma family kite 99')).toMatchObject({
      ok: false,
      password: 'contains_name',
      matched: 'verma',
    });
    expect(check('Chandrayaan kite 2025')).toMatchObject({
      ok: false,
      password: 'contains_name',
      matched: 'chandra',
    });
  });

  it('reports a missing or different confirmation beside the confirm field', () => {
    expect(check('mango monsoon ledger 47', '')).toEqual({
      ok: false,
      password: undefined,
      confirm: 'required',
    });
    expect(check('mango monsoon ledger 47', 'mango monsoon ledger 48')).toEqual({
      ok: false,
      password: undefined,
      confirm: 'mismatch',
    });
    expect(check('', '')).toEqual({ ok: false, password: 'required', confirm: undefined });
  });

  it('bundles at least a thousand common passwords and the department’s own names', () => {
    const list = readFileSync(join(import.meta.dirname, 'data', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(list.length).toBeGreaterThan(1000);
    for (const pw of [
      'india@123',
      'password@123',
      'welcome@123',
      'gst@123',
      'commercialtax',
      '123456',
      'qwerty',
    ])
      expect(list).toContain(pw);
  });
});
