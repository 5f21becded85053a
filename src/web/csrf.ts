import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** The keyring's CSRF purpose (the crypto layer's Keyring has it): signs and checks token values. */
export interface CsrfKeys {
  sign(purpose: 'csrf', value: string): string;
  unsign(purpose: 'csrf', signed: string): string | undefined;
}

/**
 * Synchroniser tokens bound to the visitor: the flow nonce before login, the session ID after, an
 * activation's key during activation. A token minted for one visitor fails for every other.
 */
export function csrfToken(keyring: CsrfKeys, binding: string): string {
  return keyring.sign('csrf', binding);
}

export function checkCsrf(keyring: CsrfKeys, token: unknown, binding: string): boolean {
  if (typeof token !== 'string' || token.length > 200) return false;
  const value = keyring.unsign('csrf', token);
  if (value === undefined) return false;
  const a = Buffer.from(value);
  const b = Buffer.from(binding);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A state-changing request must come from our own pages: Origin, when sent, must be ours. */
export function sameOrigin(originHeader: string | undefined, expected: string): boolean {
  return originHeader === undefined || originHeader === expected;
}

/** Methods that change nothing; every other method must carry a CSRF token. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when an unsafe request comes from our own origin with the token bound to `binding`, taken from the
 * form's `_csrf` field or the `X-Dwaar-CSRF` header (for scripts).
 */
export function isValidFormPost(
  request: FastifyRequest,
  guard: { keyring: CsrfKeys; origin: string },
  binding: string,
): boolean {
  const body = request.body as Record<string, unknown> | undefined;
  const token = body?._csrf ?? request.headers['x-dwaar-csrf'];
  return sameOrigin(request.headers.origin, guard.origin) && checkCsrf(guard.keyring, token, binding);
}
