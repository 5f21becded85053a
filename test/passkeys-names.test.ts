import { describe, expect, it } from 'vitest';
import { cleanPasskeyName, PASSKEY_NAME_MAX } from '../src/login/index.ts';

describe('a passkey’s name', () => {
  it.each([
    ['  Office   laptop ', 'Office laptop'],
    ['नीली USB कुंजी', 'नीली USB कुंजी'],
    ['Key\u202Egnp.exe', 'Key gnp.exe'],
    ['Line\nbreak', 'Line break'],
    ['', undefined],
    ['   \u200B ', undefined],
    ['x'.repeat(PASSKEY_NAME_MAX), 'x'.repeat(PASSKEY_NAME_MAX)],
    ['x'.repeat(PASSKEY_NAME_MAX + 1), undefined],
  ])('%j is kept as %j', (typed, kept) => {
    expect(cleanPasskeyName(typed)).toBe(kept);
  });
});
