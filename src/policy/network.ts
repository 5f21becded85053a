import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** A compiled list of networks: IPv4 ranges as integer masks (the common case, no allocation), IPv6 in a BlockList. */
export interface NetworkMatcher {
  matches(ip: string): boolean;
}

/**
 * A dotted-quad IPv4 address as an unsigned integer, from `start`; -1 for anything else. Hand-parsed: the
 * policy checks the client's address on every request, and `net.isIPv4` runs a regular expression.
 */
function ipv4ToInt(ip: string, start = 0): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      n = (n << 8) | part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits += 1;
      if (part > 255) return -1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? ((n << 8) | part) >>> 0 : -1;
}

const MAPPED = '::ffff:';

/** Why a CIDR entry is not one, or undefined when it is. */
export function cidrProblem(entry: string): string | undefined {
  const [addr = '', bits, extra] = entry.split('/');
  if (extra !== undefined) return 'one address and one prefix length, such as 10.20.0.0/16';
  const max = isIPv4(addr) ? 32 : isIPv6(addr) ? 128 : 0;
  if (max === 0) return 'an IPv4 or IPv6 network, such as 10.20.0.0/16 or 2001:db8::/32';
  if (bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > max))
    return `a prefix length from 0 to ${max}`;
  return undefined;
}

export function compileNetworks(entries: readonly string[]): NetworkMatcher {
  const v4: [number, number][] = [];
  const v6 = new BlockList();
  let hasV6 = false;
  for (const entry of entries) {
    const [addr = '', bits] = entry.split('/');
    if (isIPv4(addr)) {
      const prefix = bits === undefined ? 32 : Number(bits);
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      v4.push([(ipv4ToInt(addr) & mask) >>> 0, mask]);
    } else {
      v6.addSubnet(addr, bits === undefined ? 128 : Number(bits), 'ipv6');
      hasV6 = true;
    }
  }
  return {
    matches(ip) {
      // IPv4 clients on a dual-stack socket arrive as ::ffff:a.b.c.d.
      const n = ipv4ToInt(ip, ip.startsWith(MAPPED) ? MAPPED.length : 0);
      if (n >= 0) {
        for (let i = 0; i < v4.length; i++) {
          const entry = v4[i];
          if (entry && (n & entry[1]) >>> 0 === entry[0]) return true;
        }
        return false;
      }
      return hasV6 && isIPv6(ip) && v6.check(ip, 'ipv6');
    },
  };
}
