import type { Keyring } from '../crypto/keyring.ts';
import { safeEqual } from '../crypto/tokens.ts';

/**
 * Synchroniser tokens bound to the visitor: the flow nonce before login, the session ID after.
 * A token minted for one visitor fails for every other.
 */
export function csrfToken(keyring: Keyring, binding: string): string {
  return keyring.sign('csrf', binding);
}

export function checkCsrf(keyring: Keyring, token: unknown, binding: string): boolean {
  if (typeof token !== 'string' || token.length > 200) return false;
  const value = keyring.unsign('csrf', token);
  return value !== undefined && safeEqual(value, binding);
}

/** A state-changing request must come from our own pages: Origin, when sent, must be ours. */
export function sameOrigin(originHeader: string | undefined, expected: string): boolean {
  return originHeader === undefined || originHeader === expected;
}
