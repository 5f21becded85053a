import type { OutgoingHttpHeaders } from 'node:http';

/**
 * Headers for the few pages the gateway itself answers on a resource host (upstream down, a form posted after
 * the session ended). They are the gateway's words, not the back office's, so they get the portal pages'
 * protections: no script at all, styles only from the portal, never framed (clickjacking a "Sign in again"
 * button), no Referer carrying the resource's address elsewhere.
 */
export function ownPageHeaders(portalOrigin: string): OutgoingHttpHeaders {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src ${portalOrigin}; img-src ${portalOrigin}; frame-ancestors 'none'; form-action 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}
