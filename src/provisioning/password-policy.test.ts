import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNewPassword, isCommonPassword } from './password-policy.ts';

const officer = { userId: 'lucknow.upct10003', names: ['Ramesh Chandra Verma'] };
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

  it('refuses a password containing the user ID, or a longer part of it', () => {
    expect(check('my-lucknow.upct10003-pass')).toMatchObject({ ok: false, password: 'contains_user_id' });
    expect(check('zz UPCT10003 zz kite')).toMatchObject({ ok: false, password: 'contains_user_id' });
  });

  it('refuses a password containing a part of the officer’s name', () => {
    expect(check('verma family kite 99')).toMatchObject({ ok: false, password: 'contains_name' });
    expect(check('Chandrayaan kite 2025')).toMatchObject({ ok: false, password: 'contains_name' });
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
