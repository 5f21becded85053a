import type { FastifyReply, FastifyRequest, onSendAsyncHookHandler } from 'fastify';
import { type Keyring, randomToken } from '../crypto/index.ts';
import { COOKIE, cookieOptions } from '../web/index.ts';

/**
 * OWASP's device cookie (Slow Down Online Guessing Attacks with Device Cookies): a browser that signed in
 * to an account gets a signed cookie naming that account and a random nonce. Wrong passwords from a
 * browser without one are throttled per account; the owner's own browser keeps working, and its failures
 * are counted against its nonce alone. HttpOnly and path-scoped to the sign-in form that reads it.
 */
const NAME = 'dwaar_known_device';
/** Long-lived, like the portal's device trust: the owner's browser stays known for a year. */
const MAX_AGE_S = 365 * 24 * 3600;
const PREFIX = 'signin-device:';

/** The cookie's name; `__Secure-` under HTTPS (`__Host-` would need Path=/, and this one is path-scoped). */
export function deviceCookieName(secure: boolean): string {
  return secure ? `__Secure-${NAME}` : NAME;
}

/** A fresh signed device cookie for this account. */
export function issueDeviceCookie(keyring: Keyring, accountId: number): string {
  return keyring.sign('cookie-signing', `${PREFIX}${accountId}:${randomToken(16)}`);
}

/** The nonce of a genuine device cookie for this account; undefined for none, a forgery, or another account. */
export function knownDeviceNonce(
  keyring: Keyring,
  cookie: string | undefined,
  accountId: number | undefined,
): string | undefined {
  if (!cookie || accountId === undefined) return undefined;
  const value = keyring.unsign('cookie-signing', cookie);
  if (!value?.startsWith(PREFIX)) return undefined;
  const rest = value.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon < 1 || rest.slice(0, colon) !== String(accountId)) return undefined;
  return rest.slice(colon + 1);
}

/** The device cookie this request presented, if any. */
export function presentedDeviceCookie(request: FastifyRequest, secure: boolean): string | undefined {
  return request.cookies[deviceCookieName(secure)];
}

/** Accounts whose password this request accepted; a second factor's request finds its account in the flow. */
const accepted = new WeakMap<FastifyRequest, number>();

export function passwordAccepted(request: FastifyRequest, accountId: number): void {
  accepted.set(request, accountId);
}

/** A reply that opens a session sets the session cookie with a value (a clearing one has none). */
const OPENS_SESSION = new RegExp(`^(__Host-)?${COOKIE.session}=[^;]`);

/**
 * The hook of a sign-in scope that gives a browser its device cookie when it completes a sign-in (every
 * factor passed: the reply opens a session), scoped to `path`, so no route needs code of its own. An
 * `onSend` hook: @fastify/cookie writes cookies set after its own hook has run.
 */
export function deviceCookieHook(keyring: Keyring, secure: boolean, path: string): onSendAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply, payload) => {
    const accountId = accepted.get(request) ?? request.flow?.ma;
    if (accountId === undefined) return payload;
    const header = reply.getHeader('set-cookie');
    const lines = Array.isArray(header) ? header : typeof header === 'string' ? [header] : [];
    if (!lines.some((line) => OPENS_SESSION.test(line))) return payload;
    const cookie = issueDeviceCookie(keyring, accountId);
    reply.setCookie(deviceCookieName(secure), cookie, { ...cookieOptions(secure, MAX_AGE_S), path });
    return payload;
  };
}
