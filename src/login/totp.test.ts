import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { generateTotpSecret, groupSecret, matchTotpStep, renderTotpQr, totpUri } from './totp.ts';

const at = Date.UTC(2026, 10, 29, 9, 0, 10);
const codeAt = (secret: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp,
  });

describe('TOTP', () => {
  it('makes a 160-bit base32 secret and an otpauth URI for Dwaar labelled with the user ID', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = totpUri(secret, 'lucknow.upct10003');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Dwaar:lucknow\.upct10003\?/);
    expect(uri).toContain('issuer=Dwaar');
    expect(uri).toContain('algorithm=SHA1');
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });

  it('accepts the current code and one step either side, naming the step; refuses others', () => {
    const secret = generateTotpSecret();
    const step = Math.floor(at / 30_000);
    expect(matchTotpStep(secret, codeAt(secret, at), at)).toBe(step);
    expect(matchTotpStep(secret, codeAt(secret, at - 30_000), at)).toBe(step - 1);
    expect(matchTotpStep(secret, codeAt(secret, at + 30_000), at)).toBe(step + 1);
    expect(matchTotpStep(secret, codeAt(secret, at - 90_000), at)).toBeUndefined();
    expect(matchTotpStep(secret, ` ${codeAt(secret, at).replace(/^(\d{3})/, '$1 ')} `, at)).toBe(step);
    expect(matchTotpStep(secret, 'abcdef', at)).toBeUndefined();
    expect(matchTotpStep(secret, '', at)).toBeUndefined();
  });

  it('draws the QR code as a PNG data URL', async () => {
    expect(await renderTotpQr(generateTotpSecret(), 'officer')).toMatch(/^data:image\/png;base64,/);
  });
});
