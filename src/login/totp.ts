import { Secret, TOTP } from 'otpauth';
import { toDataURL } from 'qrcode';

/** RFC 6238 as every authenticator app reads it: SHA-1, six digits, 30-second steps. */
const TOTP_ISSUER = 'Dwaar';
const TOTP_DIGITS = 6;
export const TOTP_PERIOD_S = 30;
/** Codes one step early or late are accepted, for clocks that drift a little. */
export const TOTP_WINDOW = 1;

function totpFor(secretBase32: string, userId: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: userId,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A fresh 160-bit secret in base32, the form authenticator apps take. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI that the QR code carries. */
export function totpUri(secretBase32: string, userId: string): string {
  return totpFor(secretBase32, userId).toString();
}

/** The QR code for the URI, as a data: URL for an `<img>` (the CSP allows data: images). */
export function renderTotpQr(secretBase32: string, userId: string): Promise<string> {
  return toDataURL(totpUri(secretBase32, userId), { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/** The secret in groups of four, for typing into an app by hand. */
export function groupSecret(secretBase32: string): string {
  return (secretBase32.match(/.{1,4}/g) ?? []).join(' ');
}

/** Digits only, without the spaces or dashes people type; undefined when it cannot be a code. */
export function normaliseTotpCode(code: string): string | undefined {
  const digits = code.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/**
 * Checks a code at `now` (within one step either side) and returns the time step it belongs to, so the
 * caller can refuse the same step twice; undefined when the code is wrong.
 */
export function matchTotpStep(secretBase32: string, code: string, now: number): number | undefined {
  const token = normaliseTotpCode(code);
  if (!token) return undefined;
  const totp = totpFor(secretBase32, 'check');
  const delta = totp.validate({ token, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return undefined;
  return totp.counter({ timestamp: now }) + delta;
}
