import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: used for session ids and CSRF tokens. */
export function createRandomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so a CSRF token cannot be guessed byte by byte. */
export function tokensMatch(expected: string | undefined, actual: string | undefined): boolean {
  if (!expected || !actual) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}
