import { BlockList, isIP } from 'node:net';

/** Which socket peers may read an operator endpoint: exact addresses or CIDRs, IPv4 and IPv6. */
export interface AddressAllowList {
  allows(address: string | undefined): boolean;
}

/** An entry of the list, as `DWAAR_METRICS_ALLOW` gives it, or why it is not one. */
export function addressProblem(entry: string): string | undefined {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address or CIDR`;
  if (prefix === undefined) return undefined;
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && bits <= max
    ? undefined
    : `"${entry}" has a prefix length outside 0–${max}`;
}

const MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Builds the allow list. An IPv4 rule also admits the same address seen as IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`, what a dual-stack listener reports), and a mapped rule the plain IPv4 address.
 */
export function createAddressAllowList(entries: readonly string[]): AddressAllowList {
  const problems = entries.map(addressProblem).filter((p) => p !== undefined);
  if (problems.length > 0) throw new Error(`DWAAR_METRICS_ALLOW: ${problems.join('; ')}`);
  const list = new BlockList();
  for (const entry of entries) {
    const [raw = '', prefix] = entry.split('/');
    const address = MAPPED.exec(raw)?.[1] ?? raw;
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    const bits = prefix === undefined ? undefined : Number(prefix);
    if (bits === undefined) list.addAddress(address, type);
    else if (address === raw) list.addSubnet(address, bits, type);
    // A mapped prefix of 96 bits or more is an IPv4 prefix; a shorter one is left as the IPv6 it is.
    else if (bits >= 96) list.addSubnet(address, bits - 96, 'ipv4');
    else list.addSubnet(raw, bits, 'ipv6');
  }
  return {
    allows(peer) {
      if (peer === undefined) return false;
      const address = MAPPED.exec(peer)?.[1] ?? peer;
      const family = isIP(address);
      if (family === 0) return false;
      return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
