import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes.ts';

describe('recovery codes', () => {
  it('makes ten distinct codes shaped xxxx-xxxx-xx', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes)
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$/);
  });

  it('forgives case, spaces, dashes and look-alike letters, and refuses anything else', () => {
    expect(normaliseRecoveryCode(' AB1O-cdeI-9z ')).toBe('ab10cde19z');
    expect(hashRecoveryCode('ab10-cde1-9z')).toBe(hashRecoveryCode('AB1O CDEL 9Z'));
    expect(normaliseRecoveryCode('ab10-cde1-9')).toBeUndefined();
    expect(normaliseRecoveryCode('ab10-cde1-9u')).toBeUndefined();
    expect(hashRecoveryCode('')).toBeUndefined();
  });

  it('stores a hash that does not contain the code', () => {
    const [code = ''] = generateRecoveryCodes(1);
    const hash = hashRecoveryCode(code) ?? '';
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain(code.replace(/-/g, ''));
  });
});
