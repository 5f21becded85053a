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
