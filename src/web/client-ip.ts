import type { IncomingMessage } from 'node:http';

/**
 * The client's address. X-Forwarded-For is believed only from configured proxies, and then only its
 * last hop (the one our proxy appended), since anything before it is the client's own claim.
 */
export function clientIp(req: IncomingMessage, trustedProxies: readonly string[]): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies.length === 0 || !trustedProxies.includes(peer)) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const value = Array.isArray(forwarded) ? forwarded.at(-1) : forwarded;
  const last = value?.split(',').at(-1)?.trim();
  return last || peer;
}

/** The logger method the forwarding warning needs (pino's, in production). */
export interface WarnLog {
  warn(obj: object, msg: string): void;
}

/** Peers already warned about, per logger (one app each); bounded, so a scan cannot grow it forever. */
const warnedPeers = new WeakMap<WarnLog, Set<string>>();
const MAX_WARNED = 1000;

/**
 * Warns, once per peer, when a request carries X-Forwarded-For from a peer that is not a trusted proxy:
 * the header is then ignored, so every client behind that proxy shares one address, and per-address
 * limits (sign-in) hit them all together. Usually `DWAAR_TRUSTED_PROXIES` is missing the proxy's address.
 */
export function warnUntrustedForwarding(
  log: WarnLog,
  req: IncomingMessage,
  trustedProxies: readonly string[],
): void {
  if (req.headers['x-forwarded-for'] === undefined) return;
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies.includes(peer)) return;
  let warned = warnedPeers.get(log);
  if (!warned) {
    warned = new Set();
    warnedPeers.set(log, warned);
  }
  if (warned.has(peer) || warned.size >= MAX_WARNED) return;
  warned.add(peer);
  log.warn(
    { peer, trustedProxies },
    'X-Forwarded-For received from a peer not in DWAAR_TRUSTED_PROXIES: the header is ignored and all its clients share one address',
  );
}
