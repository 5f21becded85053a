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
  // The gateway's own (a trusted proxy's, when well-formed) goes upstream instead of the client's.
  'x-request-id',
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
  /**
   * The upstream's own `host[:port]` as configured. The upstream sees this, never the client's Host
   * (nginx's `proxy_set_header Host $proxy_host` default), so a virtual-hosted upstream cannot be steered.
   */
  upstreamHost?: string;
  /** The request's ID, passed on as X-Request-Id. */
  requestId?: string;
}

export interface UpstreamRequest {
  /** Flat `[name, value, …]` list; undici takes it as is. */
  headers: string[];
  /** The client sent an `X-Dwaar-Assertion` of its own (dropped here; worth an audit record). */
  spoofedAssertion: boolean;
  /** The request carries a body (Content-Length or Transfer-Encoding). */
  hasBody: boolean;
}

/**
 * Builds the upstream request headers in one pass over the raw list: hop-by-hop fields and those the client
 * named in Connection removed from the CLIENT's fields first, then the gateway's own fields added, so a
 * client's `Connection: x-dwaar-assertion` can never remove what the gateway sets (RFC 9110 §7.6.1 applies
 * to the hop the client controls, not to ours). Gateway-owned fields and names with underscores are
 * dropped (nginx's `underscores_in_headers off`: CGI-style upstreams read `X_Dwaar_Assertion` as the
 * assertion). The gateway's cookies are stripped. Names are lower-cased.
 */
export function buildUpstreamHeaders(
  raw: readonly string[],
  ctx: ForwardContext,
  keepUpgrade = false,
): UpstreamRequest {
  const listed = connectionListed(raw);
  const headers: string[] = [];
  let spoofedAssertion = false;
  let hasBody = false;
  let host: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'host') {
      host = value;
      if (ctx.upstreamHost !== undefined) continue;
    } else if (name === 'content-length' || name === 'transfer-encoding') hasBody = true;
    if (name.includes('_')) {
      if (name.replace(/_/g, '-') === 'x-dwaar-assertion') spoofedAssertion = true;
      continue;
    }
    if (GATEWAY_OWNED.has(name)) {
      if (name === 'x-dwaar-assertion') spoofedAssertion = true;
      continue;
    }
    if (HOP_BY_HOP.has(name) && !(keepUpgrade && (name === 'upgrade' || name === 'connection'))) continue;
    if (listed?.includes(name) === true && !(keepUpgrade && name === 'upgrade')) continue;
    if (name === 'cookie') {
      const kept = stripGatewayCookies(value);
      if (kept !== undefined) headers.push(name, kept);
      continue;
    }
    headers.push(name, value);
  }
  if (ctx.upstreamHost !== undefined) headers.push('host', ctx.upstreamHost);
  headers.push('x-forwarded-for', ctx.clientIp, 'x-forwarded-proto', ctx.proto);
  if (host !== undefined) headers.push('x-forwarded-host', host);
  headers.push('x-dwaar-assertion', ctx.assertion);
  if (ctx.requestId !== undefined) headers.push('x-request-id', ctx.requestId);
  return { headers, spoofedAssertion, hasBody };
}

const PLAIN_CONNECTION = /^\s*(?:keep-alive|close|upgrade)\s*$/i;

/**
 * Names the client's Connection header(s) list beyond the usual hop-by-hop ones; undefined (no allocation)
 * for the common `keep-alive` / `close` / `upgrade`.
 */
function connectionListed(raw: readonly string[]): string[] | undefined {
  let listed: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length !== 10 || name.toLowerCase() !== 'connection') continue;
    const value = raw[i + 1] as string;
    if (PLAIN_CONNECTION.test(value)) continue;
    for (const token of value.toLowerCase().split(',')) {
      const s = token.trim();
      if (s !== '' && s !== 'close' && !HOP_BY_HOP.has(s)) (listed ??= []).push(s);
    }
  }
  return listed;
}

/**
 * Turns undici's raw response headers into the flat list `writeHead` takes, leaving out hop-by-hop fields,
 * any the upstream named in its Connection header, and any Set-Cookie that would plant one of the gateway's
 * own cookies or a cookie scoped to a domain covering the portal (`portalHost`): an upstream must not be
 * able to fix a session or shadow the portal's cookies (what Pomerium and oauth2-proxy guard against).
 */
export function cleanResponseHeaders(raw: readonly Buffer[], portalHost = ''): string[] {
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
    // The browser gets the gateway's X-Request-Id (added by the relay), never a second one.
    if (HOP_BY_HOP.has(lower) || listed?.includes(lower) || lower === 'x-request-id') continue;
    const value = (raw[i + 1] as Buffer).toString('latin1');
    if (lower === 'set-cookie' && !upstreamMaySet(value, portalHost)) continue;
    out.push(name, value);
  }
  return out;
}

/** False for a Set-Cookie naming a gateway cookie (any prefix) or with a Domain covering the portal. */
export function upstreamMaySet(setCookie: string, portalHost: string): boolean {
  const eq = setCookie.indexOf('=');
  const cookieName = (eq < 0 ? setCookie : setCookie.slice(0, eq)).trim().toLowerCase();
  const bare = cookieName.replace(/^__(?:host|secure)-/, '');
  if (bare.startsWith(GATEWAY_COOKIE_PREFIX)) return false;
  if (portalHost === '' || !/;\s*domain\s*=/i.test(setCookie)) return true;
  for (const attribute of setCookie.split(';').slice(1)) {
    const [key = '', domain = ''] = attribute.split('=', 2);
    if (key.trim().toLowerCase() !== 'domain') continue;
    const d = domain.trim().toLowerCase().replace(/^\./, '');
    if (d === '' || portalHost === d || portalHost.endsWith(`.${d}`)) return false;
  }
  return true;
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

export { findRawHeader } from '../web/index.ts';
