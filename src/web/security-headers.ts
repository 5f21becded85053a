import type { ServerResponse } from 'node:http';

/** Headers for pages the gateway itself serves (not for proxied answers, which keep the upstream's). */
const PAGE_HEADERS: readonly [string, string][] = [
  [
    'content-security-policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self' http://*.localhost:* https:; base-uri 'none'; object-src 'none'",
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
