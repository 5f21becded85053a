import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';

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

const HOST_PREFIX = '__Host-';

/** True for a Set-Cookie line the browser will accept under `__Host-`: Secure, Path=/, no Domain. */
function hostPrefixable(line: string): boolean {
  const attributes = line
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase());
  return (
    attributes.includes('secure') &&
    attributes.includes('path=/') &&
    !attributes.some((a) => a.startsWith('domain='))
  );
}

/** A `dwaar_` cookie set by the portal, renamed `__Host-dwaar_…` when it qualifies; any other line as is. */
export function hostPrefixed(line: string): string {
  return line.startsWith('dwaar_') && hostPrefixable(line) ? `${HOST_PREFIX}${line}` : line;
}

/**
 * Under HTTPS every portal cookie that is host-only with Path=/ (session, sign-in flow, activation, language)
 * travels as `__Host-dwaar_…`: the browser then guarantees it was set by this very host over HTTPS, so a
 * sibling host under the same parent domain (a back office behind the gateway, say) or a network attacker on
 * plain HTTP cannot plant or overwrite one (cookie tossing; RFC 6265bis §4.1.3.2, as Pomerium and Keycloak
 * name their cookies). Done once here, in both directions, so the routes keep using the plain names: on the
 * way in a `__Host-` cookie is read under its plain name and a plain `dwaar_` cookie, which anyone could
 * have planted, is ignored; on the way out qualifying `Set-Cookie` lines are renamed. Register after
 * @fastify/cookie, so its parser runs before and its writer before ours.
 */
export function registerHostPrefixedCookies(app: FastifyInstance, https: boolean): void {
  if (!https) return;
  app.addHook('onRequest', (request, _reply, done) => {
    const jar: Record<string, string | undefined> = {};
    const sent = Object.entries(request.cookies);
    for (const [name, value] of sent) if (!name.startsWith('dwaar_')) jar[name] = value;
    for (const [name, value] of sent)
      if (name.startsWith(`${HOST_PREFIX}dwaar_`)) jar[name.slice(HOST_PREFIX.length)] = value;
    request.cookies = jar;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    const header = reply.getHeader('set-cookie');
    if (typeof header === 'string' || Array.isArray(header)) {
      // Fastify appends to Set-Cookie rather than replacing it: remove, then set the renamed lines.
      reply.removeHeader('set-cookie');
      reply.header(
        'set-cookie',
        typeof header === 'string' ? hostPrefixed(header) : header.map(hostPrefixed),
      );
    }
    done(null, payload);
  });
}
