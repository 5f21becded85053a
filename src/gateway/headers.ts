import type { IncomingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1 connection-specific fields, never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Identity and forwarding fields only the gateway may set. */
const GATEWAY_OWNED = new Set([
  'x-dwaar-assertion',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'forwarded',
]);

/** Cookies the gateway sets for itself; the upstream never sees them. */
export const GATEWAY_COOKIE_PREFIX = 'dwaar_';

/** Removes the gateway's own cookies from a Cookie header; returns undefined when none are left. */
export function stripGatewayCookies(cookie: string): string | undefined {
  if (!cookie.includes(GATEWAY_COOKIE_PREFIX)) return cookie;
  const kept = cookie
    .split(';')
    .map((c) => c.trim())
    .filter(
      (c) =>
        c !== '' && !c.startsWith(GATEWAY_COOKIE_PREFIX) && !c.startsWith(`__Host-${GATEWAY_COOKIE_PREFIX}`),
    );
  return kept.length > 0 ? kept.join('; ') : undefined;
}

export interface ForwardContext {
  clientIp: string;
  proto: 'http' | 'https';
  assertion: string;
}

/**
 * Builds the upstream request headers: hop-by-hop and gateway-owned fields removed (including any
 * named in Connection), the gateway's cookies stripped, and the forwarding and identity fields set anew.
 */
export function buildUpstreamHeaders(
  raw: readonly string[],
  incoming: IncomingHttpHeaders,
  ctx: ForwardContext,
  keepUpgrade = false,
): Record<string, string> {
  const out: Record<string, string> = {};
  const connection = incoming.connection;
  const listed = connection
    ? connection
        .toLowerCase()
        .split(',')
        .map((s) => s.trim())
    : undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (GATEWAY_OWNED.has(name)) continue;
    if (HOP_BY_HOP.has(name) && !(keepUpgrade && (name === 'upgrade' || name === 'connection'))) continue;
    if (listed?.includes(name) && !(keepUpgrade && name === 'upgrade')) continue;
    if (name === 'cookie') {
      const kept = stripGatewayCookies(value);
      if (kept !== undefined) out.cookie = out.cookie ? `${out.cookie}; ${kept}` : kept;
      continue;
    }
    out[name] = name in out ? `${out[name] ?? ''}, ${value}` : value;
  }
  out['x-forwarded-for'] = ctx.clientIp;
  out['x-forwarded-proto'] = ctx.proto;
  if (incoming.host) out['x-forwarded-host'] = incoming.host;
  out['x-dwaar-assertion'] = ctx.assertion;
  return out;
}

/** Removes hop-by-hop fields from an upstream response before it goes to the browser. */
export function cleanResponseHeaders(headers: Record<string, string | string[] | undefined>): void {
  const connection = headers.connection;
  // Headers is a plain record from undici: deleting by name is the point here.
  /* eslint-disable @typescript-eslint/no-dynamic-delete */
  if (typeof connection === 'string') {
    for (const name of connection.toLowerCase().split(',')) delete headers[name.trim()];
  }
  for (const name of HOP_BY_HOP) delete headers[name];
  /* eslint-enable @typescript-eslint/no-dynamic-delete */
}

/** Reads one cookie by name from a Cookie header without parsing the rest. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let start = header.indexOf(`${name}=`);
  while (start > 0 && header[start - 1] !== ' ' && header[start - 1] !== ';') {
    start = header.indexOf(`${name}=`, start + 1);
  }
  if (start < 0) return undefined;
  const valueStart = start + name.length + 1;
  const end = header.indexOf(';', valueStart);
  return header.slice(valueStart, end < 0 ? undefined : end).trim();
}
