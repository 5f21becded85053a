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
 * Builds the upstream request headers as a flat `[name, value, …]` list (undici takes it as is, with no
 * object in between): hop-by-hop and gateway-owned fields removed (including any named in Connection), the
 * gateway's cookies stripped, and the forwarding and identity fields set anew. Names are lower-cased.
 */
export function buildUpstreamHeaders(
  raw: readonly string[],
  incoming: IncomingHttpHeaders,
  ctx: ForwardContext,
  keepUpgrade = false,
): string[] {
  const out: string[] = [];
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
      if (kept !== undefined) out.push(name, kept);
      continue;
    }
    out.push(name, value);
  }
  out.push('x-forwarded-for', ctx.clientIp, 'x-forwarded-proto', ctx.proto);
  if (incoming.host) out.push('x-forwarded-host', incoming.host);
  out.push('x-dwaar-assertion', ctx.assertion);
  return out;
}

/**
 * Turns undici's raw response headers into the flat list `writeHead` takes, leaving out hop-by-hop fields
 * and any the upstream named in its Connection header.
 */
export function cleanResponseHeaders(raw: readonly Buffer[]): string[] {
  let listed: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (
      (raw[i] as Buffer).length === 10 &&
      (raw[i] as Buffer).toString('latin1').toLowerCase() === 'connection'
    ) {
      listed = (raw[i + 1] as Buffer)
        .toString('latin1')
        .toLowerCase()
        .split(',')
        .map((s) => s.trim());
    }
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as Buffer).toString('latin1');
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed?.includes(lower)) continue;
    out.push(name, (raw[i + 1] as Buffer).toString('latin1'));
  }
  return out;
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
