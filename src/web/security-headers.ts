import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { html } from './html.ts';

/**
 * Headers for pages the gateway itself serves (not for proxied answers, which keep the upstream's).
 * `form-action 'self'`: a form on a portal page can post only to the portal, and — as browsers enforce the
 * directive on the redirects that follow a submission too — cannot be bounced elsewhere (OWASP's CSP cheat
 * sheet; Keycloak's and Pomerium's pages send the same). The one legitimate way out after a form, sign-in
 * sending the officer on to a resource, goes through `registerFormExitPages` below.
 */
const PAGE_HEADERS: readonly [string, string][] = [
  [
    'content-security-policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
  ],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'same-origin'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
  ['cache-control', 'no-store'],
];

export function setSecurityHeaders(res: ServerResponse, https: boolean): void {
  for (const [name, value] of PAGE_HEADERS) res.setHeader(name, value);
  if (https) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

/**
 * A browser's form post answered by a redirect to another origin (sign-in going on to a resource's hand-off)
 * would be refused under `form-action 'self'`. Such an answer becomes a short page that moves on by meta
 * refresh (with a link for when it does not): a navigation of its own, outside the form's redirect chain, as
 * OAuth's form_post response mode and Keycloak's "redirecting" pages do. Only real page loads
 * (`Sec-Fetch-Dest: document`) get the page; other clients, which enforce no CSP, keep the plain redirect.
 * Cookies set by the answer (the new session) are kept.
 */
export function registerFormExitPages(app: FastifyInstance, portalOrigin: string): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const location = reply.getHeader('location');
    if (
      request.method !== 'POST' ||
      reply.statusCode < 300 ||
      reply.statusCode > 399 ||
      typeof location !== 'string' ||
      request.headers['sec-fetch-dest'] !== 'document'
    )
      return done(null, payload);
    let target: URL;
    try {
      target = new URL(location, portalOrigin);
    } catch {
      return done(null, payload);
    }
    if (target.origin === portalOrigin || !/^https?:$/.test(target.protocol)) return done(null, payload);
    reply.code(200);
    reply.removeHeader('location');
    reply.header('content-type', 'text/html; charset=utf-8');
    const t = request.t;
    const host = target.host;
    const page = html`<!doctype html>
      <html lang="${request.lang}">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta http-equiv="refresh" content="0; url=${target.href}" />
          <title>${t('formExitTitle')} — ${t('appName')}</title>
          <link rel="stylesheet" href="/static/dwaar.css" />
        </head>
        <body>
          <main id="main">
            <h1>${t('formExitTitle')}</h1>
            <p>${t('formExitBody', { host })}</p>
            <p><a href="${target.href}">${t('formExitLink', { host })}</a></p>
          </main>
        </body>
      </html>`;
    done(null, page.toString());
  });
}
