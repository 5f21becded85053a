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
 * The value of one request header from Node's raw list, without building `req.headers` (which Node makes
 * lazily, as a whole object, on first use). `lowerName` must be lower-case.
 */
export function findRawHeader(raw: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) return raw[i + 1];
  }
  return undefined;
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
 * Builds the upstream request headers in one pass over the raw list: hop-by-hop and gateway-owned fields
 * removed (including any named in Connection), the gateway's cookies stripped, and the forwarding and
 * identity fields set anew. Names are lower-cased.
 */
export function buildUpstreamHeaders(
  raw: readonly string[],
  ctx: ForwardContext,
  keepUpgrade = false,
): UpstreamRequest {
  const headers: string[] = [];
  let spoofedAssertion = false;
  let hasBody = false;
  let host: string | undefined;
  let listed: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'host') host = value;
    else if (name === 'content-length' || name === 'transfer-encoding') hasBody = true;
    else if (name === 'x-dwaar-assertion') spoofedAssertion = true;
    else if (name === 'connection') listed = connectionListed(value, listed);
    if (GATEWAY_OWNED.has(name)) continue;
    if (HOP_BY_HOP.has(name) && !(keepUpgrade && (name === 'upgrade' || name === 'connection'))) continue;
    if (name === 'cookie') {
      const kept = stripGatewayCookies(value);
      if (kept !== undefined) headers.push(name, kept);
      continue;
    }
    headers.push(name, value);
  }
  headers.push('x-forwarded-for', ctx.clientIp, 'x-forwarded-proto', ctx.proto);
  if (host !== undefined) headers.push('x-forwarded-host', host);
  headers.push('x-dwaar-assertion', ctx.assertion);
  return { headers: listed ? dropListed(headers, listed, keepUpgrade) : headers, spoofedAssertion, hasBody };
}

/** Names a Connection header lists beyond the usual hop-by-hop ones (`keep-alive`, `close`, `upgrade`). */
function connectionListed(value: string, previous: string[] | undefined): string[] | undefined {
  const extra = value
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'close' && !HOP_BY_HOP.has(s));
  return extra.length > 0 ? [...(previous ?? []), ...extra] : previous;
}

/** RFC 9110 §7.6.1: fields named in Connection are for this hop only. */
function dropListed(headers: string[], listed: readonly string[], keepUpgrade: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i] as string;
    if (listed.includes(name) && !(keepUpgrade && name === 'upgrade')) continue;
    out.push(name, headers[i + 1] as string);
  }
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
