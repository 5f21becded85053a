// The session cookie of the forward-auth peer, made and checked the way oauth2-proxy does it: the value,
// an issue time and an HMAC-SHA256 over cookie name, value and time, joined by `|`; the signature compared
// in constant time, the age bounded, and the value then looked up (oauth2-proxy decrypts a session there;
// this one finds it in memory, which is cheaper, so the peer is measured at its best).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const COOKIE_NAME = '_oauth2_proxy';
/** oauth2-proxy's default cookie lifetime, 168 hours. */
export const COOKIE_MAX_AGE_S = 168 * 3600;

function sign(secret: Buffer, value: string, issuedS: number): Buffer {
  return createHmac('sha256', secret).update(COOKIE_NAME).update(value).update(String(issuedS)).digest();
}

/** The cookie's value (without `name=`) for a session id issued at `issuedS` (Unix seconds). */
export function signCookie(secret: Buffer, sessionId: string, issuedS: number): string {
  const value = Buffer.from(sessionId).toString('base64url');
  return `${value}|${issuedS}|${sign(secret, value, issuedS).toString('base64url')}`;
}

/** The session id in a cookie value if its signature is right and it is not too old; else undefined. */
export function verifyCookie(secret: Buffer, cookie: string, nowS: number): string | undefined {
  const parts = cookie.split('|');
  if (parts.length !== 3) return undefined;
  const [value = '', issued = '', signature = ''] = parts;
  const issuedS = Number(issued);
  if (!/^\d+$/.test(issued) || issuedS > nowS || nowS - issuedS > COOKIE_MAX_AGE_S) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(secret, value, issuedS);
  // timingSafeEqual throws on different lengths; a wrong length is simply a wrong signature.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(value, 'base64url').toString();
}

/** The value of cookie `name` in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}
