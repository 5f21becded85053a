import type { CookieSerializeOptions } from '@fastify/cookie';

/** Cookie names. Everything starting `dwaar_` is stripped before a request reaches an upstream. */
export const COOKIE = {
  session: 'dwaar_sid',
  flow: 'dwaar_flow',
  device: 'dwaar_device',
  lang: 'dwaar_lang',
  resource: 'dwaar_rs',
} as const;

/** HttpOnly, SameSite=Lax, host-only; Secure whenever the portal is served over HTTPS. */
export function cookieOptions(secure: boolean, maxAgeS?: number): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    ...(maxAgeS === undefined ? {} : { maxAge: maxAgeS }),
  };
}

/** Under HTTPS the resource cookie takes the `__Host-` prefix: host-only, Secure, Path=/ guaranteed. */
export function resourceCookieName(secure: boolean): string {
  return secure ? `__Host-${COOKIE.resource}` : COOKIE.resource;
}
