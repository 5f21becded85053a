import { describe, expect, it } from 'vitest';
import { composeUserId, firstFreeUserId, MAX_USER_ID_BASE } from './user-id.ts';

const officer = {
  employeeNo: 'UPCT10001',
  district: 'kanpur-nagar',
  zone: 'kanpur',
  nameEn: 'Ram Kumar Singh',
};

describe('composeUserId', () => {
  it('fills the default scheme, lower-cased', () => {
    expect(composeUserId('{district}.{employee_no}', officer)).toBe('kanpur-nagar.upct10001');
  });

  it('takes the first and last words of the English name', () => {
    expect(composeUserId('{first}.{last}.{employee_no}', officer)).toBe('ram.singh.upct10001');
    expect(composeUserId('{zone}_{first}{last}', officer)).toBe('kanpur_ramsingh');
  });

  it('leaves {last} empty for a one-word name rather than repeating the first', () => {
    expect(composeUserId('{first}.{last}.{employee_no}', { ...officer, nameEn: '  Anita  ' })).toBe(
      'anita..upct10001',
    );
  });

  it('drops every character outside [a-z0-9._-], including spaces, Devanagari and braces', () => {
    expect(composeUserId('{first} {employee_no}', { ...officer, nameEn: "D'Souza Ana" })).toBe(
      'dsouzaupct10001',
    );
    expect(composeUserId('अ{employee_no}@ctd!', officer)).toBe('upct10001ctd');
    expect(composeUserId('{unknown}.{employee_no}', officer)).toBe('unknown.upct10001');
    expect(composeUserId('{first}.{employee_no}', { ...officer, nameEn: 'राम सिंह' })).toBe('upct10001');
  });

  it('trims separators left at either end when a part is empty', () => {
    expect(composeUserId('{last}-{employee_no}-', { ...officer, nameEn: 'Anita' })).toBe('upct10001');
  });

  it('caps the length', () => {
    const long = composeUserId('{employee_no}', { ...officer, employeeNo: 'x'.repeat(200) });
    expect(long).toHaveLength(MAX_USER_ID_BASE);
  });

  it('is the same for the same input (pure)', () => {
    expect(composeUserId('{zone}.{employee_no}', officer)).toBe(
      composeUserId('{zone}.{employee_no}', officer),
    );
  });
});

describe('firstFreeUserId', () => {
  it('returns the base when it is free', () => {
    expect(firstFreeUserId('lucknow.upct1', new Set())).toBe('lucknow.upct1');
    expect(firstFreeUserId('lucknow.upct1', new Set(['lucknow.upct1-2']))).toBe('lucknow.upct1');
  });

  it('appends -2, -3… on collision, skipping taken suffixes', () => {
    expect(firstFreeUserId('a.b', new Set(['a.b']))).toBe('a.b-2');
    expect(firstFreeUserId('a.b', new Set(['a.b', 'a.b-2', 'a.b-3']))).toBe('a.b-4');
    expect(firstFreeUserId('a.b', new Set(['a.b', 'a.b-3']))).toBe('a.b-2');
  });
});
